"""Get started on the real catalog: people's own words, CVs, titles and fields of study.

One test per rule in docs/matching.md ("Reading what people write", "Scoring like a
counsellor", "Study → careers").
"""

from __future__ import annotations

import numpy as np
import pytest

from destinai.catalog.db import Catalog
from destinai.match.context import disambiguate
from destinai.match.engine import match
from destinai.match.filters import GROWING, Filters
from destinai.match.profile import build_profile
from destinai.match.reading import cv_clauses, cv_titles, read_title

pytestmark = pytest.mark.integration

NURSE_WORDS = ("patient care; giving medication; wound dressing; taking blood pressure and "
               "vital signs; IV lines; care plans; working night shifts on a hospital ward")
RETAIL_WORDS = ("cash handling; stock replenishment; customer service; till operation; "
                "merchandising; dealing with complaints")
NURSE_CV = ("Staff nurse, St Mary's Hospital, medical ward (2018-2024)\n"
            "Responsible for a bay of 8 patients on a busy acute ward. Administered medicines "
            "and IV infusions, dressed wounds, monitored vital signs and escalated deteriorating "
            "patients. Wrote and updated care plans and mentored student nurses.")
INTERNAL = ("opens ", "wage ×", "similarity", "parts", "score 0.")


def labels(result: dict) -> list[str]:
    return [r["occupation"]["label"] for r in result["results"]]


def test_a_nurses_own_words_find_nursing(real_catalog: Catalog) -> None:
    result = match(real_catalog, build_profile(real_catalog, NURSE_WORDS), 5)
    assert "nurse responsible for general care" in labels(result) or \
        "specialist nurse" in labels(result), labels(result)
    assert not {"parking valet", "gate guard", "train cleaner"} & set(labels(result))


def test_every_phrase_is_read_and_shown_never_dropped(real_catalog: Catalog) -> None:
    profile = build_profile(real_catalog, RETAIL_WORDS + "; qwxzv blorptastic")
    phrases = [r["input"] for r in profile.read_as]
    assert phrases == [p.strip() for p in (RETAIL_WORDS + "; qwxzv blorptastic").split(";")]
    by_input = {r["input"]: r for r in profile.read_as}
    assert by_input["qwxzv blorptastic"]["status"] == "unrecognised"
    for r in profile.read_as[:-1]:
        assert r["status"] in ("used", "check") and r["reason"] and "confidence" in r
    # the retail words find retail work
    result = match(real_catalog, profile, 5)
    assert {"cashier", "shop assistant", "sales assistant"} & set(labels(result)), labels(result)


def test_doubtful_readings_are_listed_for_confirmation(real_catalog: Catalog) -> None:
    result = match(real_catalog, build_profile(real_catalog, RETAIL_WORDS), 3)
    to_confirm = result["profile"]["to_confirm"]
    assert to_confirm and all(r["status"] == "check" and r["alternatives"] for r in to_confirm)


def test_confident_reading_counts_fully_doubtful_at_half(real_catalog: Catalog) -> None:
    profile = build_profile(real_catalog, RETAIL_WORDS)
    from destinai.match.data import match_data

    index = match_data(real_catalog).index.matrix.skill_index
    for r in profile.read_as:
        strength = profile.skills[index[r["uri"]]][0]
        assert strength == (1.0 if r["status"] == "used" else pytest.approx(0.5, abs=0.01)) \
            or strength == 1.0   # the same skill may also be a confident reading elsewhere


def test_context_picks_the_reading_that_fits_the_other_phrases(real_catalog: Catalog) -> None:
    dressing = {"input": "dressing", "matched_by": "search", "status": "check",
                "uri": "x-dressmaking", "label": "dressmaking", "confidence": 0.70,
                "reason": "", "alternatives": []}
    uris = {r["label"]: r["uri"] for r in real_catalog.rows(
        "SELECT uri, label FROM skills WHERE label IN ('dressmaking', 'apply wound dressings')")}
    dressing["uri"] = uris["dressmaking"]
    dressing["alternatives"] = [{"uri": uris["apply wound dressings"],
                                 "label": "apply wound dressings", "confidence": 0.66}]
    context = [{"input": w, "label": w, "matched_by": "label", "status": "used"}
               for w in ("patient care", "giving medication", "care plans on the ward")]
    out = disambiguate(real_catalog, [dressing, *context])
    assert out[0]["label"] == "apply wound dressings"
    assert "fits your other skills" in out[0]["reason"]
    assert out[0]["alternatives"][0]["label"] == "dressmaking"


def test_a_nurses_cv_finds_nursing_not_animal_physiotherapy(real_catalog: Catalog) -> None:
    result = match(real_catalog, build_profile(real_catalog, cv_text=NURSE_CV), 5)
    assert "nurse responsible for general care" in labels(result), labels(result)
    assert "animal physiotherapist" not in labels(result)
    assert [t["label"] for t in result["profile"]["titles"]] == [
        "nurse responsible for general care"]


def test_cv_titles_and_clauses() -> None:
    assert cv_titles("Staff nurse, St Mary's\nResponsible for a ward.") == ["Staff nurse"]
    assert cv_titles("HGV Class 1 driver, 8 years") == ["HGV Class 1 driver"]
    assert "traced faults" in cv_clauses("Rewired houses, traced faults and read drawings.")


@pytest.mark.parametrize(("title", "meant"), [
    ("nurse", "nurse responsible for general care"), ("SDE", "software developer"),
    ("software engineer", "software developer"), ("Landscape gardener", "landscape gardener")])
def test_titles_resolve_to_what_people_mean(real_catalog: Catalog, title: str,
                                            meant: str) -> None:
    assert read_title(real_catalog, title)["label"] == meant


def test_optional_only_never_outranks_essential(real_catalog: Catalog) -> None:
    # a skill essential for a few occupations and optional for many more
    skill = real_catalog.scalar(
        "SELECT skill_uri FROM occupation_skills GROUP BY skill_uri HAVING "
        "sum(relation = 'essential') BETWEEN 3 AND 8 AND sum(relation = 'optional') >= 15 "
        "ORDER BY skill_uri LIMIT 1")
    result = match(real_catalog, build_profile(real_catalog, [skill]), 60)
    with_essential = [r["rank"] for r in result["results"]
                      if any(s["relation"] == "essential" for s in r["matched_skills"])]
    optional_only = [r["rank"] for r in result["results"] if r["matched_skills"] and all(
        s["relation"] == "optional" for s in r["matched_skills"])]
    assert with_essential and optional_only
    assert max(with_essential) < min(optional_only)


def test_explanations_are_plain_and_consistent(real_catalog: Catalog) -> None:
    result = match(real_catalog, build_profile(real_catalog, RETAIL_WORDS), 10)
    for r in result["results"]:
        assert not any(word in r["why"] for word in INTERNAL), r["why"]
        covered = {s["uri"] for s in r["matched_skills"] if s["covered"]}
        assert not covered & {s["uri"] for s in r["missing_essential"]}
        if "you have all" in r["why"]:
            assert not r["missing_essential"]


def test_missing_skills_come_most_important_first(real_catalog: Catalog) -> None:
    result = match(real_catalog, build_profile(real_catalog, titles=["nurse assistant"]), 5)
    for r in result["results"]:
        importance = [s["importance"] for s in r["missing_essential"]]
        assert importance == sorted(importance, reverse=True)


def test_filters_leave_current_job_pay_outlook_level(real_catalog: Catalog) -> None:
    profile = build_profile(real_catalog, titles=["nurse"])
    plain = match(real_catalog, profile, 5)
    assert plain["results"][0]["occupation"]["label"] == "nurse responsible for general care"
    left = match(real_catalog, profile, 10, Filters(exclude_current=True))
    unit = plain["results"][0]["occupation"]["isco_group"]
    assert all(r["occupation"]["isco_group"] != unit for r in left["results"])
    assert left["filters"]
    rich = match(real_catalog, profile, 10, Filters(min_wage=90000, outlook="growing",
                                                    max_job_zone=4))
    for r in rich["results"]:
        assert r["occupation"]["wage_annual_median"] >= 90000
        assert r["outlook"]["change_percent"] >= GROWING and r["occupation"]["job_zone"] <= 4


def test_a_cv_title_is_read_in_the_light_of_the_cv(real_catalog: Catalog) -> None:
    cv = ("Captain, Royal Logistic Corps, 8 years service. Commanded a troop of 40 soldiers, "
          "planned supply convoys on operations overseas and trained junior NCOs.")
    profile = build_profile(real_catalog, cv_text=cv)
    title = profile.titles[0]
    assert title["label"] not in ("airline transport pilot", "commercial pilot", "ship captain")
    assert "rest of what you wrote" in title["reason"] or "rest of its line" in title["reason"]


def test_a_vague_cv_title_is_read_with_the_rest_of_its_line(real_catalog: Catalog) -> None:
    cv = ("General manager, 120-bedroom seaside hotel (2015-2023)\n"
          "Ran reception, housekeeping and the restaurant, set room prices and budgets.")
    title = build_profile(real_catalog, cv_text=cv).titles[0]
    assert title["input"] == "General manager"
    assert title["label"] in ("accommodation manager", "rooms division manager"), title
    assert "rest of its line" in title["reason"]
    # a clear title is read alone
    clear = build_profile(real_catalog, cv_text="Carpenter, Smith & Sons builders (2010-2020)")
    assert clear.titles[0]["label"] == "carpenter" and "line" not in clear.titles[0]


def test_the_job_a_cv_names_ranks_and_says_so(real_catalog: Catalog) -> None:
    cv = ("Carpenter, Smith & Sons builders (2010-2020)\nHung doors, fitted kitchens and "
          "staircases, built roof trusses and stud walls, read drawings.")
    result = match(real_catalog, build_profile(real_catalog, cv_text=cv), 5)
    top = {r["occupation"]["label"]: r for r in result["results"]}
    assert "carpenter" in top, list(top)
    assert "your job title 'Carpenter' reads as this occupation" in top["carpenter"]["why"]


@pytest.mark.parametrize(("title", "label"), [
    ("Carpenter/joiner", "carpenter"), ("Welder/fabricator", "welder"),
    ("Receptionist / administrator", "receptionist")])
def test_a_title_joining_titles_is_read_part_by_part(real_catalog: Catalog, title: str,
                                                     label: str) -> None:
    reading = read_title(real_catalog, title)
    assert reading["label"] == label and reading["status"] == "used"
    assert "one of the titles in" in reading["reason"]
    # an ESCO name with "and" in it stays whole
    whole = read_title(real_catalog, "health and safety officer")
    assert whole["label"] == "health and safety officer"


def test_a_reading_the_other_readings_occupations_need_is_supported(
        real_catalog: Catalog) -> None:
    from destinai.match.context import co_used
    from destinai.match.data import match_data

    data = match_data(real_catalog)
    m = data.index.matrix
    nurse = data.index.occupation_labels.index("nurse responsible for general care")
    own = [int(s) for s in m.essential[nurse].indices]
    trains = data.index.skill_labels.index("train routes")
    readings = [{"uri": m.skills[s], "confidence": 0.9} for s in own[:4]] + [
        {"uri": m.skills[trains], "confidence": 0.9}]
    support = co_used(real_catalog, readings, [4])[0]
    # the nurse's other essential skills go with the four nursing readings; train routes not
    assert np.median(support[own[4:]]) > 0.9 > support[trains]
    assert ((support >= 0) & (support <= 1)).all()


def test_a_tiny_occupation_is_not_fully_covered_by_two_phrases(real_catalog: Catalog,
                                                                monkeypatch) -> None:
    from destinai.match import score
    from destinai.match.data import match_data

    data = match_data(real_catalog)
    m = data.index.matrix
    sizes = np.diff(m.essential.indptr)
    small = int(np.where(sizes == 2)[0][0])
    big = int(np.argmax(sizes))
    held = [m.skills[int(s)] for s in m.essential[small].indices] + [
        m.skills[int(s)] for s in m.essential[big].indices[:2]]
    profile = build_profile(real_catalog, held)

    def skills_part(smooth: float) -> np.ndarray:
        monkeypatch.setattr(score, "SMOOTH", smooth)
        return score.score_all(real_catalog, profile)["parts"]

    plain, smoothed = skills_part(0.0), skills_part(4.0)
    # the shown coverage stays the plain share; the score counts a few skills more
    assert plain["essential"][small] == pytest.approx(1.0) == smoothed["essential"][small]
    drop = 1 - smoothed["skills"] / np.maximum(plain["skills"], 1e-9)
    assert drop[small] > 2 * drop[big] > 0
