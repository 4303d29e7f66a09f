"""The CLI end to end, as a user runs it: real processes, real catalog files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.release import DIPLOMAT


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "destinai.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture
def built(mini_sources: Path, tmp_path: Path) -> dict[str, str]:
    db = tmp_path / "cli.sqlite"
    result = run("build", "--sources", str(mini_sources), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["row_counts"]["occupations"] == 4
    return {"DESTINAI_DB": str(db), "DESTINAI_SOURCES": str(mini_sources)}


def test_occupation_json_has_the_stable_keys(built):
    result = run("occupation", "diplomat", "--json", env_extra=built)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"uri", "code", "label", "isco_group", "essential_skills", "optional_skills",
            "counts"} <= set(data)
    assert data["uri"] == DIPLOMAT
    assert data["counts"]["total"] == 5


def test_unknown_occupation_exits_2_with_suggestions(built):
    result = run("occupation", "weldr qqq", env_extra=built)  # "weldr" alone is a typo: welder
    assert result.returncode == 2
    assert "did you mean: welder" in result.stderr


def test_skill_search_stats_and_sources(built, mini_sources):
    skill = json.loads(run("skill", "diplomacy", "--json", env_extra=built).stdout)
    assert {"uri", "label", "skill_type", "reuse_level"} <= set(skill)
    found = json.loads(run("search", "weld", "--type", "skill", "--json",
                           env_extra=built).stdout)
    assert found["data"][0]["label"] == "use welding equipment"
    stats = json.loads(run("stats", "--json", env_extra=built).stdout)
    assert stats["row_counts"]["skills"] == 9
    listing = json.loads(run("sources", "--json", env_extra=built).stdout)
    assert all(f["present"] for f in listing["files"] if f["required"])
    assert all(f["download"].startswith("https://") for f in listing["files"])


def test_build_if_stale_skips_an_up_to_date_catalog(built):
    result = run("build", "--if-stale", "--json", env_extra=built)
    assert json.loads(result.stdout)["built"] is False


def test_missing_catalog_is_a_clear_error(tmp_path):
    result = run("occupation", "x", env_extra={"DESTINAI_DB": str(tmp_path / "none.sqlite")})
    assert result.returncode == 1
    assert "destinai build" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_with_missing_sources_names_them(tmp_path):
    result = run("build", "--sources", str(tmp_path / "empty"), "--db",
                 str(tmp_path / "c.sqlite"))
    assert result.returncode == 1
    assert "missing" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "c.sqlite").exists()
