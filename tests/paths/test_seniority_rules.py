"""The seniority and line-of-work rules, one test per documented rule (pure functions)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from destinai.paths.lines import candidate_mask, core_words, relative_similarity, title_share
from destinai.paths.seniority import (
    is_responsibility_skill,
    occupation_seniority,
    structural_score,
    title_evidence,
)


def _score(label: str, group: str, skills: tuple[str, ...] = ()) -> float:
    return occupation_seniority(label, group, None, None, None, skills)[0]


def test_isco_skill_level_orders_major_groups() -> None:
    assert _score("kitchen porter", "9412") < _score("cook", "5120") < _score("chef", "3434")
    assert _score("chef", "3434") < _score("accountant", "2411")


def test_managers_and_supervisor_groups_add_levels() -> None:
    assert _score("bank manager", "1346") - _score("accountant", "2411") >= 2.0  # +1.5, +1
    assert _score("shop supervisor", "5222") - _score("shop assistant", "5223") >= 2.0


@pytest.mark.parametrize(("junior", "senior"), [
    ("chef", "head chef"), ("teacher", "deputy head teacher"),
    ("deputy head teacher", "head teacher"), ("nurse assistant", "nurse"),
    ("specialist nurse", "advanced nurse practitioner"),
    ("policy officer", "senior policy officer"),
])
def test_title_words_give_direction(junior: str, senior: str) -> None:
    # both with a responsibility skill, so that leadership words count in full
    confirm = ("manage staff",)
    assert _score(junior, "2341", confirm) < _score(senior, "2341", confirm)


def test_military_ranks_only_for_armed_forces() -> None:
    assert _score("lieutenant", "0110") < _score("army captain", "0110") < _score("colonel",
                                                                                 "0110")
    # "general" in a nurse's title is not a rank
    assert not [e for e in title_evidence("nurse responsible for general care") if
                e["kind"] == "rank"]


def test_responsibility_skills() -> None:
    assert all(map(is_responsibility_skill, ("manage staff", "supervise staff", "manage budgets",
                                             "recruit employees", "plan shifts of employees")))
    assert not any(map(is_responsibility_skill, ("supervise children", "weld metal",
                                                 "manage patient records")))
    assert _score("chef", "3434", ("manage staff",)) > _score("chef", "3434")
    # every manager manages: no double count for ISCO major group 1
    assert _score("shop manager", "1420", ("manage staff",)) == _score("shop manager", "1420")


def test_structural_score_ignores_market_evidence() -> None:
    _, ev = occupation_seniority("chef", "3434", 4, 6, 90_000.0)
    assert structural_score(ev) == 3.0
    assert {e["kind"] for e in ev} >= {"job_zone", "education", "wage"}


def test_title_core_and_share() -> None:
    assert core_words("head chef") == core_words("chef") == {"chef"}
    share = title_share(["chef", "head chef", "accountant", "bank teller", "bank manager"])
    assert share[0, 1] == pytest.approx(1.0) and share[0, 2] == 0
    assert share[3, 4] == pytest.approx(1.0)


def test_relative_similarity_judges_an_origin_against_its_own_options() -> None:
    sim = np.array([[0, .2, .1], [.2, 0, .6], [.1, .6, 0]], np.float32)
    rel = relative_similarity(sim, rank=1)
    assert rel[0, 1] > sim[0, 1]          # 0.2 is origin 0's best: high relative similarity


def test_candidates_look_up_and_down_the_line() -> None:
    line = np.array([[-np.inf, .9, .8], [.9, -np.inf, .1], [.8, .1, -np.inf]], np.float32)
    seniority = np.array([1.0, 3.0, 0.0], np.float32)
    mask = candidate_mask(line, seniority, seniority, 0.5)
    assert mask[0, 1] and mask[0, 2] and not mask[0, 0]


def test_a_ladder_cannot_list_one_occupation_both_ways(tmp_path: Path) -> None:
    from destinai.paths.ladder_eval import load_ladders

    path = tmp_path / "ladders.jsonl"
    path.write_text('{"origin": "chef", "split": "tune", "advancement": ["head chef"], '
                    '"entry": ["head chef", "cook"]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        load_ladders(path)


def test_missing_wage_is_estimated_from_the_isco_group() -> None:
    from destinai.paths.seniority import _estimated_wage

    wages = {"2211": 238_000.0, "221": 230_000.0, "22": 90_000.0}
    assert _estimated_wage("2212", wages) == (230_000.0, "221")
    assert _estimated_wage("2211", wages) == (238_000.0, "2211")
    assert _estimated_wage("9999", wages) == (None, None)
    _, ev = occupation_seniority("specialised doctor", "2212", 5, 6, 230_000.0,
                                 wage_estimated_from="221")
    assert "ISCO-08 group 221" in next(e for e in ev if e["kind"] == "wage")["text"]


def test_leadership_words_are_graded_supervisor_manager_director() -> None:
    confirm = ("manage staff",)
    assert (_score("sales supervisor", "2431", confirm) < _score("sales manager", "2431", confirm)
            < _score("sales director", "2431", confirm))
    assert _score("marketing manager", "1221") < _score("chief marketing officer", "1221")


def test_unconfirmed_leadership_titles_count_half() -> None:
    def title_points(label: str, group: str, skills: tuple[str, ...] = ()) -> float:
        evidence = occupation_seniority(label, group, None, None, None, skills)[1]
        return sum(e["points"] for e in evidence if e["kind"] == "title")

    assert title_points("door supervisor", "5414") == 0.5           # supervises a door
    assert title_points("shop supervisor", "5222") == 1.0           # ISCO supervisor group
    assert title_points("kitchen supervisor", "5120", ("supervise staff",)) == 1.0
    assert title_points("asset manager", "3311") == 0.625


def test_a_manager_wage_borrowed_by_a_non_manager_is_not_its_own() -> None:
    from destinai.paths.seniority import borrowed_manager_wage

    assert borrowed_manager_wage("2422", "11-2032.00")      # IRO on public relations managers
    assert not borrowed_manager_wage("1222", "11-2032.00")  # a manager on a manager code
    assert not borrowed_manager_wage("2422", "13-1199.00")
    _, evidence = occupation_seniority("international relations officer", "2422", 4, 6,
                                           80_000, wage_estimated_from="2422",
                                           wage_estimated_because="its O*NET link 11-2032.00 "
                                                                  "is a management occupation")
    wage = next(e for e in evidence if e["kind"] == "wage")
    assert wage["estimated"] and "management occupation" in wage["text"]


def test_an_agent_noun_shares_the_title_of_its_activity() -> None:
    from destinai.paths.lines import agent_base

    labels = ["rigger", "rigging supervisor", "driver", "driving instructor", "mover",
              "move coordinator", "sewer construction worker", "sewing"]
    share = title_share(labels)
    assert share[0, 1] == pytest.approx(1.0)          # rigger → rig, as in rigging
    assert share[2, 3] > 0                             # driver → drive, as in driving
    assert share[4, 5] == 0                            # only an activity ("-ing") is a base
    assert share[6, 7] == 0                            # a sewer is a drain (HOMOGRAPHS)
    activities = frozenset({"paint"})
    assert agent_base("painter", activities) == "paint"
    assert agent_base("computer") == "comput"          # long "-er" stems lose it, as before
    assert agent_base("baker") == "baker"


def test_elementary_and_assistant_groups_assist_their_work() -> None:
    from destinai.paths.lines import assists

    groups = ["9313", "7112", "8211", "5312", "2341", "9412", "5120"]
    out = assists(groups)
    assert out[0, 1] == out[1, 0] == 1                 # building labourer, bricklayer
    assert out[0, 2] == 0                              # not an assembler's
    assert out[3, 4] == 1 and out[5, 6] == 1           # teachers' aide, kitchen helper
