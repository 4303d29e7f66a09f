"""``destinai match``, ``gap`` and ``study`` on the real catalog, as a newcomer runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from destinai.catalog.db import Catalog

pytestmark = pytest.mark.integration
NURSE_WORDS = ("patient care; giving medication; wound dressing; taking blood pressure and "
               "vital signs; IV lines; care plans; working night shifts on a hospital ward")


def cli(catalog: Catalog, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "destinai.cli", *args, "--db",
                           str(catalog.path)], capture_output=True, text=True, timeout=300)


def test_match_text_shows_how_words_were_read(real_catalog: Catalog) -> None:
    out = cli(real_catalog, "match", "--skills", NURSE_WORDS, "--limit", "5")
    assert out.returncode == 0, out.stderr
    assert "How we read you:" in out.stdout
    assert "'wound dressing' read as 'apply wound dressings'" in out.stdout
    assert "please check" in out.stdout
    assert "nurse" in out.stdout.split("How we read you:")[1].split(" 1.")[1]
    assert "opens" not in out.stdout and "similarity" not in out.stdout


def test_match_json_and_filters(real_catalog: Catalog, tmp_path) -> None:
    cv = tmp_path / "cv.txt"
    cv.write_text("Staff nurse, St Mary's Hospital. Administered medicines, dressed wounds and "
                  "monitored vital signs.\n")
    out = cli(real_catalog, "match", "--cv", str(cv), "--leave-current", "--outlook", "growing",
              "--json")
    assert out.returncode == 0, out.stderr
    body = json.loads(out.stdout)
    assert body["profile"]["read_as"] and body["filters"]
    assert "nurse responsible for general care" not in [
        r["occupation"]["label"] for r in body["results"]]
    bad = cli(real_catalog, "match", "--skills", "welding", "--outlook", "sunny")
    assert bad.returncode == 2 and "--outlook" in bad.stderr


def test_gap_text_is_plain(real_catalog: Catalog) -> None:
    out = cli(real_catalog, "gap", "--skills", "wound dressing; giving medication", "--to",
              "nurse responsible for general care")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Gap to nurse responsible for general care: you have")
    assert "most important first" in out.stdout and "opens" not in out.stdout


def test_study_text_shows_field_and_tiers(real_catalog: Catalog) -> None:
    out = cli(real_catalog, "study", "law", "--limit", "10")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Field used: law (ISCED-F 0421)")
    assert "Prepares you directly for:" in out.stdout and "lawyer" in out.stdout
    body = json.loads(cli(real_catalog, "study", "medicine", "--json").stdout)
    assert body["field_used"]["code"] == "0912"
    assert cli(real_catalog, "study", "1299").returncode == 2
