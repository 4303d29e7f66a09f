"""Career paths and routes on the real catalog: direction, line of work, pay, requirements."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from destinai.catalog.db import Catalog
from destinai.paths.engine import NO_STEP_UP, VIABLE, career_paths
from destinai.paths.index import load_index
from destinai.paths.ladder_eval import evaluate, load_ladders
from destinai.paths.moves import (
    ADVANCEMENT_STEP,
    LATERAL_LEVEL,
    MANAGERIAL_STEP,
    MIN_STEP_UP_WAGE_RATIO,
    kinds,
)
from destinai.paths.route import route

pytestmark = pytest.mark.integration


def _labels(moves: list[dict]) -> list[str]:
    return [m["occupation"]["label"] for m in moves]


def test_chef_head_chef_is_advancement_not_entry(real_catalog: Catalog) -> None:
    result = career_paths(real_catalog, "chef")
    assert "head chef" in _labels(result["advancement"])
    assert "head chef" not in _labels(result["entry_points"])
    assert "cook" in _labels(result["entry_points"])
    head = next(m for m in result["advancement"] if m["occupation"]["label"] == "head chef")
    assert any("title word 'head'" in w for w in head["why"])


def test_ceo_has_no_step_up(real_catalog: Catalog) -> None:
    result = career_paths(real_catalog, "chief executive officer")
    assert result["advancement"] == []
    assert result["notes"]["advancement"] == NO_STEP_UP


def test_nurse_advances_to_advanced_practice_not_other_professions(real_catalog: Catalog) -> None:
    result = career_paths(real_catalog, "nurse responsible for general care")
    advancement = _labels(result["advancement"])
    assert "advanced nurse practitioner" in advancement and "specialist nurse" in advancement
    # another profession, even with a specialist title or staff to manage, is no step up
    assert not {"physiotherapist", "occupational therapist", "specialist pharmacist",
                "advanced physiotherapist"} & set(advancement)
    assert "advanced nurse practitioner" not in _labels(result["entry_points"])
    assert "nurse assistant" in _labels(result["entry_points"])


def test_primary_teacher_advances_to_head_teacher(real_catalog: Catalog) -> None:
    advancement = _labels(career_paths(real_catalog, "primary school teacher")["advancement"])
    assert {"primary school head teacher", "deputy head teacher"} & set(advancement)


def test_carpenter_plumber_is_not_advancement(real_catalog: Catalog) -> None:
    result = career_paths(real_catalog, "carpenter")
    assert "plumber" not in _labels(result["advancement"])
    assert "carpenter supervisor" in _labels(result["advancement"])


def test_bank_teller_advances_within_banking(real_catalog: Catalog) -> None:
    advancement = _labels(career_paths(real_catalog, "bank teller")["advancement"])
    assert "bank manager" in advancement


def test_international_relations_officer_worked_example(real_catalog: Catalog) -> None:
    result = career_paths(real_catalog, "international relations officer", limit=10)
    origin = result["occupation"]["seniority"]
    assert all(m["occupation"]["seniority"] < origin for m in result["entry_points"])
    assert not {"public relations manager", "communication manager"} & set(
        _labels(result["entry_points"]))
    assert result["entry_points"] and result["advancement"]
    # its US wage is borrowed from an O*NET management occupation: not its own, so it no
    # longer filters out its peers as lateral moves (nor ranks it above them)
    assert "public relations officer" in _labels(result["lateral_moves"])
    wage = next(e for e in result["seniority"]["evidence"] if e["kind"] == "wage")
    assert wage["estimated"] and "management occupation" in wage["text"]
    assert {"diplomat", "ambassador"} <= set(_labels(result["advancement"]))


def test_no_move_goes_the_wrong_way_for_any_occupation(real_catalog: Catalog) -> None:
    # the hard rule, on every occupation of the real catalog: every entry point less senior
    # than the origin, no advancement less senior, no step up that cuts pay below x0.67
    index = load_index(real_catalog)
    for uri in index.matrix.occupations:
        result = career_paths(real_catalog, uri, limit=10)
        for m in result["entry_points"]:
            # shown from the source's side: the change is origin minus source; at equal
            # seniority only by a feeding line of skills (containment.py)
            assert m["seniority_change"] > 0 or (
                m["entry_by_skills"] and m["seniority_change"] >= 0)
            assert m["structural_seniority_change"] >= 0
            assert m["occupation"]["uri"] != uri
        for m in result["advancement"]:
            assert m["seniority_change"] > 0
            assert m["job_zone_change"] >= 0 or (
                m["structural_seniority_change"] >= MANAGERIAL_STEP)
            ratio = (m["wage_change"] or {}).get("ratio")
            assert ratio is None or ratio >= MIN_STEP_UP_WAGE_RATIO
        for m in result["lateral_moves"]:
            assert abs(m["seniority_change"]) <= LATERAL_LEVEL  # rounded to 0.01
            assert abs(m["structural_seniority_change"]) <= ADVANCEMENT_STEP


def test_move_flags_obey_the_hard_rule_on_every_stored_edge(real_catalog: Catalog) -> None:
    index = load_index(real_catalog)
    edges = np.arange(len(index.edge_src))
    k = kinds(index, edges)
    delta = k["delta"]
    assert k["entry"].any() and k["advancement"].any()
    assert (delta[k["entry"] & ~k["entry_by_skills"]] > 0).all()
    assert (delta[k["entry_by_skills"]] >= -1e-9).all()
    assert (delta[k["advancement"]] > 0).all()
    ratio = k["ratio"][k["advancement"]]
    assert (ratio[np.isfinite(ratio)] >= MIN_STEP_UP_WAGE_RATIO).all()
    assert not (k["lateral"] & k["advancement"]).any()


def test_junior_title_words_count_only_within_a_line(real_catalog: Catalog) -> None:
    # "assistant" puts a nurse assistant below a nurse, not below a hospital porter
    entry = _labels(career_paths(real_catalog, "nurse assistant")["entry_points"])
    assert {"hospital porter", "healthcare assistant"} & set(entry)
    assert "nurse responsible for general care" not in entry
    assert "file clerk" not in _labels(career_paths(real_catalog,
                                                    "library assistant")["advancement"])


def test_entry_points_need_a_vote_and_none_against(real_catalog: Catalog) -> None:
    # a sibling paid a third more (its own O*NET wage) is no way in; an occupation at the
    # same level with no signal between them is a sideways move, not an entry point
    entry = _labels(career_paths(real_catalog, "software developer")["entry_points"])
    assert "software architect" not in entry
    driver = career_paths(real_catalog, "train driver")
    assert "train dispatcher" not in _labels(driver["entry_points"])
    # a lecturer is no entry point into a research assistant of its ISCO unit group
    assistant = career_paths(real_catalog, "university research assistant")
    assert not [m for m in assistant["entry_points"]
                if "lecturer" in m["occupation"]["label"]]
    assert [m for m in assistant["advancement"] if "lecturer" in m["occupation"]["label"]]


def test_a_step_into_direction_is_not_another_profession(real_catalog: Catalog) -> None:
    # both professionals in different minor groups, but the director's title and
    # responsibility for people make it the step up (a nurse → physiotherapist is not)
    advancement = _labels(career_paths(real_catalog, "graphic designer")["advancement"])
    assert {"creative director", "art director"} & set(advancement)


def test_nurse_is_not_advanced_into_lower_pay(real_catalog: Catalog) -> None:
    advancement = career_paths(real_catalog, "nurse responsible for general care")["advancement"]
    assert "maternity support worker" not in _labels(advancement)


def test_route_says_when_a_degree_or_regulation_is_needed(real_catalog: Catalog) -> None:
    result = route(real_catalog, "nurse assistant", "general practitioner", max_steps=4)
    kinds = {r["kind"] for s in result["steps"] for r in s["requirements"]}
    assert "regulated_profession" in kinds
    assert result["requirements_count"] >= 1
    assert all(s["similarity"] >= VIABLE for s in result["steps"])


def test_route_takes_viable_steps(real_catalog: Catalog) -> None:
    result = route(real_catalog, "welder", "boilermaker", max_steps=3)
    assert result["steps"][-1]["to"]["label"] == "boilermaker"
    assert result["total_skills_to_learn"] == sum(
        s["missing_essential_count"] for s in result["steps"])


def test_ladders_file_is_valid_and_covers_all_isco_major_groups(real_catalog: Catalog) -> None:
    ladders = load_ladders()
    assert len(ladders) >= 150
    assert {x["isco_major"] for x in ladders} == set("0123456789")
    labels = {r["label"] for r in real_catalog.rows("SELECT label FROM occupations")}
    for x in ladders:
        assert {x["origin"], *x["advancement"], *x["entry"]} <= labels, x["origin"]


def test_ladder_evaluation_counts_hits(real_catalog: Catalog) -> None:
    ladders = [{"origin": "chef", "split": "tune", "advancement": ["head chef"],
                "entry": ["cook"]},
               {"origin": "chef", "split": "tune", "advancement": ["cook"], "entry": []}]
    result = evaluate(real_catalog, ladders)
    assert result["advancement_n"] == 2 and result["advancement_hit"] == 0.5
    assert result["entry_hit"] == 1.0 and result["reversed_moves"] == 1


def _cli(*args: str, db: Catalog) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "destinai.cli", *args, "--db", str(db.path)],
                          capture_output=True, text=True, timeout=300)


def test_cli_paths_and_route(real_catalog: Catalog) -> None:
    out = _cli("paths", "chef", "--json", db=real_catalog)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert "head chef" in _labels(data["advancement"])
    text = _cli("paths", "chief executive officer", db=real_catalog)
    assert text.returncode == 0 and NO_STEP_UP in text.stdout
    r = _cli("route", "nurse assistant", "general practitioner", "--max-steps", "4",
             db=real_catalog)
    assert r.returncode == 0 and "regulated profession" in r.stdout
    bad = _cli("paths", "zzzz qqqq", db=real_catalog)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_reasons_read_as_english_with_one_skill_count(real_catalog: Catalog) -> None:
    """Each move's reasons give one count of covered essential skills, with the right article
    ("an international relations officer already has …"), and no second containment count."""
    result = career_paths(real_catalog, "international relations officer")
    reasons = [w for group in ("entry_points", "lateral_moves", "advancement")
               for m in result[group] for w in m["why"]]
    assert any(w.startswith("an international relations officer already has ") for w in reasons)
    assert not any("a international" in w or w.startswith("builds on it") for w in reasons)
