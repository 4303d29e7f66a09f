"""The direction rules (destinai/paths/direction.py): signals vote, a sum alone does not decide.

Occupations are scored with the real seniority model (``occupation_seniority``) and held in a
minimal stand-in for the query index, which is all ``votes`` reads (evidence and scores).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from destinai.paths.direction import MIN_ENTRY_GAP, entry_direction, leads, signal_points, votes
from destinai.paths.lines import supervision
from destinai.paths.seniority import is_responsibility_skill, occupation_seniority


@dataclass
class Scored:
    """Occupations scored by the seniority model: the part of the index ``votes`` reads."""

    rows: list[tuple[float, list[dict[str, Any]]]] = field(default_factory=list)

    def add(self, label: str, group: str, zone: int | None = None, isced: int | None = None,
            wage: float | None = None, skills: tuple[str, ...] = (),
            wage_from: str | None = None) -> int:
        self.rows.append(occupation_seniority(label, group, zone, isced, wage, skills,
                                              wage_estimated_from=wage_from))
        self.__dict__.pop("_signal_arrays", None)
        return len(self.rows) - 1

    @property
    def seniority(self) -> np.ndarray:
        return np.array([r[0] for r in self.rows])

    def evidence(self, o: int) -> list[dict[str, Any]]:
        return self.rows[o][1]


def _vote(index: Scored, a: int, b: int, ignored: float = 0.0) -> tuple[bool, bool]:
    above, below = votes(index, np.array([a]), np.array([b]), np.array([ignored]))
    return bool(above[0]), bool(below[0])


def _entry(index: Scored, a: int, b: int, ignored: float = 0.0) -> bool:
    above, below = votes(index, np.array([a]), np.array([b]), np.array([ignored]))
    delta = np.array([index.seniority[b] - index.seniority[a] - ignored])
    return bool(entry_direction(delta, above, below)[0])


def test_a_sibling_that_pays_a_third_more_is_never_its_entry_point() -> None:
    x = Scored()
    developer = x.add("software developer", "2512", 4, 6, 98_670)
    architect = x.add("software architect", "2512", 4, 6, 133_080)
    assert _vote(x, developer, architect) == (True, False)
    assert not _entry(x, architect, developer)
    assert _entry(x, developer, architect)


def test_market_signals_count_only_between_structural_equals() -> None:
    # the restaurant manager's O*NET job zone and education are below the head chef's, but
    # ISCO (a manager group) and responsibility say it is the step up
    x = Scored()
    head_chef = x.add("head chef", "3434", 3, 5, 60_000, ("manage staff", "supervise staff"))
    manager = x.add("restaurant manager", "1412", 2, 3, 63_000)
    assert _vote(x, head_chef, manager) == (True, False)


def test_an_estimated_wage_does_not_vote() -> None:
    x = Scored()
    dentist = x.add("dental practitioner", "2261", 5, 8, 172_790)
    other = x.add("orthodontist", "2261", 5, 8, 120_000, wage_from="2261")
    assert signal_points(x.evidence(other))["wage"] is None
    assert _vote(x, dentist, other) == (False, False)


def test_occupations_at_one_level_are_not_entry_points_of_each_other() -> None:
    x = Scored()
    driver = x.add("train driver", "8311", 2, 3, 77_400)
    dispatcher = x.add("train dispatcher", "8312", 2, 3, 74_080)   # within 20 %: no vote
    assert _vote(x, driver, dispatcher) == (False, False)
    assert not _entry(x, driver, dispatcher) and not _entry(x, dispatcher, driver)


def test_junior_words_where_they_count_and_where_not() -> None:
    # within one ISCO unit group (or line by title) "assistant" ranks the research assistant
    # below the lecturer; against an unrelated title it is not counted (moves.py passes those
    # points as ignored), and then the lecturer is no entry point either: no signal votes
    x = Scored()
    lecturer = x.add("sociology lecturer", "2310", 5, 8, 82_540)
    assistant = x.add("university research assistant", "2310", 5, 8, 81_500)
    assert _entry(x, assistant, lecturer) and not _entry(x, lecturer, assistant)
    ignored = -0.75                      # the assistant's junior title points, not counted
    assert not _entry(x, lecturer, assistant, ignored)
    assert _vote(x, lecturer, assistant, ignored) == (False, False)


def test_one_responsibility_skill_is_no_vote_two_are() -> None:
    x = Scored()
    plain = x.add("deck officer", "3152", 3, 4, 85_540)
    one = x.add("ship's mate", "3152", 3, 4, 85_540, ("manage staff",))
    two = x.add("first mate", "3152", 3, 4, 85_540, ("manage staff", "supervise crew"))
    assert _vote(x, plain, one) == (False, False)
    assert _vote(x, plain, two) == (True, False)


def test_a_conflict_between_signals_blocks_both_directions() -> None:
    # the title says the specialist is above, the responsibility skills say the practitioner
    # is: neither is the other's entry point (and neither is advancement: moves.py)
    x = Scored()
    specialist = x.add("specialist dentist", "2261", 5, 8, 172_790)
    practitioner = x.add("dental practitioner", "2261", 5, 8, 172_790,
                         ("lead the dental team", "supervise dental staff"))
    assert _vote(x, practitioner, specialist) == (True, True)
    assert not _entry(x, practitioner, specialist) and not _entry(x, specialist, practitioner)


def test_personnel_agenda_is_not_responsibility_for_people() -> None:
    assert is_responsibility_skill("manage personnel")
    assert not is_responsibility_skill("manage personnel agenda")


def test_command_titles_and_isco_management_lines() -> None:
    assert occupation_seniority("skipper", "3152", None, None, None)[0] > occupation_seniority(
        "deck officer", "3152", None, None, None)[0]
    groups = ["1221", "3123", "7411", "1323", "2142"]
    s = supervision(groups)
    assert s[1, 2] == 1          # construction supervisors supervise building electricians
    assert s[3, 4] == 1          # construction managers manage civil engineers
    assert s[2, 4] == 0 and s[0, 2] == 0


def test_an_entry_point_is_below_in_total_not_only_by_one_vote() -> None:
    # a 30 % higher wage votes, a lower typical education (not a vote) takes it back
    above, below = np.array([True]), np.array([False])
    assert not entry_direction(np.array([MIN_ENTRY_GAP / 2]), above, below)[0]
    assert entry_direction(np.array([MIN_ENTRY_GAP]), above, below)[0]
    assert not entry_direction(np.array([1.0]), above, np.array([True]))[0]


def test_leading_is_a_title_or_an_isco_management_group_not_skills_alone() -> None:
    x = Scored()
    nurse = x.add("nurse responsible for general care", "2221", 3, 6, 86_000)
    physio = x.add("physiotherapist", "2264", 4, 7, 99_000,
                   ("supervise physiotherapy staff", "manage staff"))
    designer = x.add("graphic designer", "2166", 4, 6, 58_000)
    director = x.add("creative director", "2431", 4, 6, 130_000)
    supervisor = x.add("shop supervisor", "5222", 2, 3, 45_000)
    seller = x.add("sales assistant", "5223", 2, 3, 33_000)
    pairs = np.array([[nurse, physio], [designer, director], [seller, supervisor]])
    assert leads(x, pairs[:, 0], pairs[:, 1]).tolist() == [False, True, True]
