"""Round-4 progression rules on the real catalog: which way a move goes and what it may cross.

Each test asserts a rule of docs/paths.md on every stored edge or on named occupations, so a
change of threshold that breaks the rule fails here, not only in the benchmark figures.
"""

from __future__ import annotations

import numpy as np
import pytest

from destinai.catalog.db import Catalog
from destinai.paths import direction
from destinai.paths.engine import career_paths
from destinai.paths.index import CatalogIndex, load_index
from destinai.paths.lines import MANAGES, SUPERVISES
from destinai.paths.moves import (
    ADVANCEMENT_LINE,
    ADVANCEMENT_STEP,
    LATERAL_SIBLING_LINE,
    MARKET_ENTRY_LINE,
    MARKET_STEP_RATIO,
    MAX_SKILL_LEVEL_STEP,
    MIN_STEP_HELD,
    SPECIALIST_STEP,
    VIABLE,
    essential_held,
    kinds,
    lower_degree,
)

pytestmark = pytest.mark.integration

# origins of every ISCO major group whose entry points a counsellor reads first
ORIGINS = ("chef", "nurse responsible for general care", "carpenter", "primary school teacher",
           "bank teller", "warehouse worker", "international relations officer", "army captain",
           "cargo vehicle driver", "secretary", "software developer", "crop production worker")


def _labels(moves: list[dict]) -> list[str]:
    return [m["occupation"]["label"] for m in moves]


def _groups(index: CatalogIndex) -> np.ndarray:
    return np.array([index.facts[u]["isco_group"] or "" for u in index.matrix.occupations])


def test_no_entry_point_has_more_seniority_evidence_than_its_origin(
        real_catalog: Catalog) -> None:
    # no listed entry point is more senior in total, structurally, or by any signal's vote
    index = load_index(real_catalog)
    for name in ORIGINS:
        result = career_paths(real_catalog, name)
        o = index.matrix.occupation_index[result["occupation"]["uri"]]
        sources = [index.matrix.occupation_index[m["occupation"]["uri"]]
                   for m in result["entry_points"]]
        assert all(index.seniority[s] <= index.seniority[o] for s in sources), name
        if sources:
            a = np.array(sources)
            _, below = direction.votes(index, a, np.full(len(a), o))
            assert not below.any(), name


def test_an_entry_point_only_the_market_places_below_is_in_the_same_line(
        real_catalog: Catalog) -> None:
    index = load_index(real_catalog)
    edges = np.arange(len(index.edge_src))
    k = kinds(index, edges)
    voted = k["entry"] & ~k["entry_by_skills"]
    assert (voted & k["by_market"]).any()
    assert (index.edge_cols["line"][voted & k["by_market"]] >= MARKET_ENTRY_LINE - 1e-6).all()


def test_no_step_up_out_of_the_forces_or_from_elementary_into_a_profession(
        real_catalog: Catalog) -> None:
    index = load_index(real_catalog)
    edges = np.arange(len(index.edge_src))
    up = edges[kinds(index, edges)["advancement"]]
    groups = _groups(index)
    a, b = index.edge_src[up], index.edge_dst[up]
    forces = np.char.startswith(groups, "0")
    manager = np.char.startswith(groups, "1")
    assert not (forces[a] & ~forces[b] & ~manager[b]).any()
    level = direction.signal_arrays(index)["skill_level"]
    assert not ((level[b] - level[a] > MAX_SKILL_LEVEL_STEP) & ~manager[b]).any()
    pilot = _labels(career_paths(real_catalog, "air force pilot")["advancement"])
    assert "commercial pilot" not in pilot
    warehouse = _labels(career_paths(real_catalog, "warehouse worker")["advancement"])
    assert "data warehouse designer" not in warehouse
    assert "warehouse manager" in warehouse


def test_drivers_are_not_supervised_by_manufacturing(real_catalog: Catalog) -> None:
    # ISCO-08 3122 / 1321 run crafts, plant operators and assemblers, not sub-major group 83
    for boss in ("3122", "1321"):
        prefixes = {**SUPERVISES, **MANAGES}[boss]
        assert not any("8332".startswith(p) for p in prefixes)
        assert any("8211".startswith(p) for p in prefixes)
    for name in ("cargo vehicle driver", "car and van delivery driver"):
        advancement = _labels(career_paths(real_catalog, name)["advancement"])
        assert not {"motor vehicle assembly supervisor", "food production planner"} & set(
            advancement), name


def test_the_same_line_rung_ranks_first(real_catalog: Catalog) -> None:
    # the step up that shares the title, and the assistant below, come before the rest
    assert "policy manager" in _labels(career_paths(real_catalog, "policy officer")[
        "advancement"])
    chef = career_paths(real_catalog, "chef")["entry_points"]
    assert "cook" in _labels(chef)[:5]
    # a generic lower job (below a hundred or more occupations) ranks after the same line's
    index = load_index(real_catalog)
    degree = lower_degree(index)
    assert degree[index.occupation_labels.index("attraction operator")] >= 100
    position = {m: i for i, m in enumerate(_labels(chef))}
    generic = [i for m, i in position.items()
               if degree[index.occupation_labels.index(m)] >= 100]
    assert all(position["cook"] < i for i in generic)


def test_a_market_step_pays_half_as_much_again(real_catalog: Catalog) -> None:
    # advancement without a structural step or a specialist step is the market step: only
    # the market places it above, and it pays at least MARKET_STEP_RATIO times as much
    index = load_index(real_catalog)
    k = kinds(index, np.arange(len(index.edge_src)))
    edges = np.arange(len(index.edge_src))
    broader = index.edge_cols["broader"] > 0
    specialist = (k["delta"] >= SPECIALIST_STEP) & ((k["step"] >= 1) | broader)
    market = (k["advancement"] & (k["structural"] < ADVANCEMENT_STEP) & ~specialist
              & ~k["title_step"])
    assert market.any()
    assert (k["ratio"][market] >= MARKET_STEP_RATIO - 1e-9).all()
    assert (k["by_market"][market] & k["above"][market]).all()
    assert len(edges[market]) < len(edges[k["advancement"]]) // 10
    result = career_paths(real_catalog, "ICT project manager")
    step = next(m for m in result["advancement"]
                if m["occupation"]["label"] == "ICT operations manager")
    assert any("the same level of work" in w for w in step["why"])


def test_a_title_step_is_the_same_title_with_a_seniority_word(real_catalog: Catalog) -> None:
    # pharmacist → specialist pharmacist: more senior by its title only, no signal against
    index = load_index(real_catalog)
    edges = np.arange(len(index.edge_src))
    k = kinds(index, edges)
    steps = edges[k["title_step"] & k["advancement"]]
    assert len(steps)
    assert not k["below"][k["title_step"]].any()
    labels = index.occupation_labels
    for e in steps[:200].tolist():
        a, b = labels[index.edge_src[e]].split(), labels[index.edge_dst[e]].split()
        assert len(b) > len(a) and set(a) <= set(b), (a, b)
    advancement = _labels(career_paths(real_catalog, "pharmacist")["advancement"])
    assert "specialist pharmacist" in advancement


def test_labourers_step_up_into_the_trades_they_assist(real_catalog: Catalog) -> None:
    # ISCO-08 9313 building construction labourers assist the building trades (lines.ASSISTS)
    result = career_paths(real_catalog, "building construction worker")
    advancement = _labels(result["advancement"])
    assert {"plasterer", "concrete finisher"} & set(advancement)
    entry = career_paths(real_catalog, "stonemason")["entry_points"]
    labourer = next(m for m in entry if m["occupation"]["label"] == "building construction worker")
    assert any("assists the work of occupations such as stonemason" in w for w in labourer["why"])
    assert "rigging supervisor" in _labels(career_paths(real_catalog, "rigger")["advancement"])


def test_a_step_up_by_similarity_alone_builds_on_some_essential_skill(
        real_catalog: Catalog) -> None:
    # similarity counts optional skills and O*NET's profile: a step up that only similarity
    # puts in the origin's line must cover at least one of its essential skills (the
    # international relations officer's programme funding manager, 0 of 5, is not one)
    index = load_index(real_catalog)
    edges = np.arange(len(index.edge_src))
    k = kinds(index, edges)
    cols = index.edge_cols
    evidence = ((cols["broader"] > 0) | (cols["supervision"] > 0) | (cols["assists"] > 0)
                | (cols["title_share"] >= 0.5))
    held, n = essential_held(index, edges)
    up = k["advancement"]
    assert not (up & ~evidence & (n > 0) & (held < MIN_STEP_HELD)).any()
    # with a title or an ISCO supervisor group in common it still may: a mine supervisor's
    # essential skills are a supervisor's, none a surface miner's
    assert (up & evidence & (n > 0) & (held == 0)).any()
    advancement = _labels(career_paths(real_catalog, "international relations officer")[
        "advancement"])
    assert "programme funding manager" not in advancement
    miner = career_paths(real_catalog, "surface miner")["advancement"]
    supervisor = next(m for m in miner if m["occupation"]["label"] == "mine supervisor")
    assert any(w.startswith("none of the ") for w in supervisor["why"])


def test_a_manager_over_the_work_with_its_skills_ranks_before_similar_managers(
        real_catalog: Catalog) -> None:
    # the advancement ranking caps the line of work (relative similarity) and counts the
    # share of the destination's essential skills already held: a diplomat (ISCO 1112 over
    # 2422, 13 of 18) before communication and fundraising managers (4 of 26, 2 of 24)
    labels = _labels(career_paths(real_catalog, "international relations officer")[
        "advancement"])
    assert labels[0] == "diplomat"
    for senior in ("ambassador", "consul"):
        assert labels.index(senior) < labels.index("communication manager")
        assert labels.index(senior) < labels.index("fundraising manager")


def test_a_same_unit_group_peer_in_the_line_is_a_sideways_move(real_catalog: Catalog) -> None:
    # foreign affairs officer: same ISCO unit group (2422), same level, line 0.90 but
    # similarity 0.26 < VIABLE: a sideways move of an occupation with few close neighbours
    index = load_index(real_catalog)
    lateral = _labels(career_paths(real_catalog, "international relations officer")[
        "lateral_moves"])
    assert lateral[0] == "foreign affairs officer"
    edges = np.arange(len(index.edge_src))
    k = kinds(index, edges)
    cols = index.edge_cols
    weak = k["lateral"] & (cols["similarity"] < VIABLE) & (cols["line"] < ADVANCEMENT_LINE)
    units = _groups(index)
    assert weak.any()
    assert (units[index.edge_src[weak]] == units[index.edge_dst[weak]]).all()
    assert (cols["line"][weak] >= LATERAL_SIBLING_LINE - 1e-6).all()
