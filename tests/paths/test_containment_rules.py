"""Feeding lines by asymmetric skill containment (destinai/paths/containment.py).

The arithmetic on a minimal stand-in for the index (essential-skill matrix, labels and edges),
the use in the entry list on the real catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from scipy import sparse

from destinai.catalog.db import Catalog
from destinai.paths import containment, direction
from destinai.paths.engine import career_paths
from destinai.paths.index import load_index
from destinai.paths.matrices import Csr
from destinai.paths.moves import kinds


@dataclass
class _Matrix:
    essential: sparse.csr_matrix

    @property
    def raw(self) -> dict[str, Csr]:
        e = self.essential
        return {"essential": Csr(e.data, e.indices, e.indptr, e.shape)}


class _Index:
    """The part of the index containment.py reads: essential skills, labels, edges."""

    def __init__(self, skills: dict[str, set[int]], edges: list[tuple[str, str]]) -> None:
        self.occupation_labels = list(skills)
        rows = [(i, s) for i, label in enumerate(skills) for s in sorted(skills[label])]
        r, c = zip(*rows, strict=True)
        self.matrix = _Matrix(sparse.csr_matrix((np.ones(len(r)), (r, c)),
                                                shape=(len(skills), 1 + max(c))))
        pos = {label: i for i, label in enumerate(skills)}
        self.edge_src = np.array([pos[a] for a, _ in edges])
        self.edge_dst = np.array([pos[b] for _, b in edges])


def _toy() -> _Index:
    porter = set(range(10))                        # 10 skills, 8 of them the assistant's
    assistant = set(range(2, 20))                  # 18 skills
    twin = set(range(2, 10)) | {30, 31, 32}        # 11 skills, 8 shared with the porter
    tiny = {2, 3, 4}                               # 3 skills, all the assistant's
    skills = {"kitchen porter": porter, "kitchen assistant": assistant, "twin": twin,
              "tiny": tiny}
    return _Index(skills, [("kitchen porter", "kitchen assistant"),
                           ("kitchen assistant", "kitchen porter"),
                           ("kitchen porter", "twin"), ("tiny", "kitchen assistant")])


def test_most_of_a_smaller_skill_set_inside_a_larger_one_feeds_it() -> None:
    index = _toy()
    edges = np.arange(4)
    # porter → assistant: 8/10 inside, 8/18 the other way: a feeding line, one way only
    assert containment.feeds(index, edges).tolist() == [True, False, False, False]
    assert containment.feeds(index, edges, reverse=True).tolist() == [False, True, False, False]


def test_containment_without_asymmetry_or_with_few_skills_is_no_feeding_line() -> None:
    index = _toy()
    # porter → twin: 8/10 vs 8/11, symmetric; tiny → assistant: only 3 essential skills
    assert not containment.feeds(index, np.array([2]))[0]
    assert not containment.feeds(index, np.array([3]))[0]
    assert containment.MIN_SKILLS > 3


def test_the_reason_says_how_many_skills_carry_over_and_how_many_more_are_needed() -> None:
    index = _toy()
    assert containment.reason(index, 0, 1, 0) == (
        "needs 8 of the 10 essential skills a kitchen porter has, plus 10 more")


def test_a_specialised_title_is_no_feeding_line() -> None:
    index = _Index({"hospital pharmacist": {1, 2, 3, 4}, "pharmacist": {1, 2, 3, 4, 5},
                    "pharmacy assistant": {1, 2}}, [("hospital pharmacist", "pharmacist")])
    assert containment.specialisation(index, np.array([0, 2]), np.array([1, 1])).tolist() == [
        True, False]


@pytest.mark.integration
def test_an_equal_level_feeder_is_an_entry_point_with_its_reason(real_catalog: Catalog) -> None:
    # ESCO gives promotion assistant and marketing assistant no seniority signal between
    # them; 4 of the promotion assistant's 8 essential skills are the marketing assistant's 20
    entry = career_paths(real_catalog, "marketing assistant")["entry_points"]
    move = next(m for m in entry if m["occupation"]["label"] == "promotion assistant")
    assert move["entry_by_skills"] and move["seniority_change"] >= 0
    assert any("needs 4 of the 8 essential skills a promotion assistant has, plus 16 more" in w
               for w in move["why"])
    # weaker evidence after stronger: entry points voted below come first
    flags = [m["entry_by_skills"] for m in entry]
    assert flags == sorted(flags)


@pytest.mark.integration
def test_a_feeding_line_never_overrides_a_vote_or_a_specialisation(
        real_catalog: Catalog) -> None:
    index = load_index(real_catalog)
    edges = np.arange(len(index.edge_src))
    k = kinds(index, edges)
    by_skills = edges[k["entry_by_skills"]]
    assert len(by_skills) > 0
    a, b = index.edge_src[by_skills], index.edge_dst[by_skills]
    _, below = direction.votes(index, a, b)
    assert not below.any()
    assert containment.feeds(index, by_skills).all()
    assert not containment.specialisation(index, a, b).any()
    # hospital pharmacist's skills are largely a pharmacist's: a specialisation, not a feeder
    entry = career_paths(real_catalog, "pharmacist")["entry_points"]
    assert "hospital pharmacist" not in [m["occupation"]["label"] for m in entry]
