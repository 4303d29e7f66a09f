"""Paths on the miniature catalog: the build step's tables, similarity, classification."""

from __future__ import annotations

import numpy as np
import pytest

from destinai.catalog.db import Catalog, NotFound
from destinai.paths.engine import career_paths
from destinai.paths.index import load_index
from destinai.paths.matrices import expand
from destinai.paths.route import route
from tests.fixtures.release import ATTACHE, DIPLOMAT, NURSE, WELDER


def _edge(catalog: Catalog, a: str, b: str, column: str = "similarity") -> float:
    """One component of the stored edge a -> b (from ``paths_arrays``, what queries load)."""
    index = load_index(catalog)
    pos = index.matrix.occupation_index
    hit = np.flatnonzero((index.edge_src == pos[a]) & (index.edge_dst == pos[b]))
    assert len(hit) == 1, f"no stored edge {a} -> {b}"
    return float(index.edge_cols[column][hit[0]])


def _sim(catalog: Catalog, a: str, b: str) -> float:
    return _edge(catalog, a, b)


def test_build_step_fills_its_tables(mini_catalog: Catalog) -> None:
    # GIVEN the mini catalog WHEN built THEN every occupation has facts and similarity rows
    assert mini_catalog.scalar("SELECT count(*) FROM occupation_facts") == 4
    assert len(set(load_index(mini_catalog).edge_src.tolist())) == 4
    record = mini_catalog.build_record()["step:paths"]
    assert record["occupations"] == 4 and record["similarity_rows"] == 12


def test_similar_occupations_score_higher(mini_catalog: Catalog) -> None:
    # attaché shares diplomacy with the diplomat; the welder shares nothing with the diplomat
    assert _sim(mini_catalog, ATTACHE, DIPLOMAT) > _sim(mini_catalog, WELDER, DIPLOMAT)
    # the welder and the nurse share health and safety regulations: closer than welder-diplomat
    assert _sim(mini_catalog, WELDER, NURSE) > _sim(mini_catalog, WELDER, DIPLOMAT)


def test_similarity_is_directional_coverage(mini_catalog: Catalog) -> None:
    # a diplomat holds all of an attaché's essential skills, not the other way round
    assert _edge(mini_catalog, DIPLOMAT, ATTACHE, "essential") == pytest.approx(1.0)
    assert _edge(mini_catalog, ATTACHE, DIPLOMAT, "essential") < 1.0


def test_expand_takes_the_best_stand_in_not_a_sum() -> None:
    from scipy import sparse

    profile = sparse.csr_matrix([[1.0, 1.0, 0.0]])
    neighbours = sparse.csr_matrix([[0, 0, 0.6], [0, 0, 0.5], [0, 0, 0]])
    out = expand(profile, neighbours).toarray()[0]
    assert out.tolist() == pytest.approx([1.0, 1.0, 0.6])


def test_career_paths_shape_and_unknown(mini_catalog: Catalog) -> None:
    result = career_paths(mini_catalog, "diplomat", limit=5)
    assert set(result) >= {"occupation", "entry_points", "lateral_moves", "advancement", "rules"}
    assert result["occupation"]["uri"] == DIPLOMAT
    with pytest.raises(NotFound):
        career_paths(mini_catalog, "zzzz qqqq")


def test_route_to_itself_and_unreachable(mini_catalog: Catalog) -> None:
    assert route(mini_catalog, "welder", "welder")["steps"] == []
    with pytest.raises(NotFound, match="no route"):
        route(mini_catalog, "welder", "diplomat", max_steps=2)


def test_arrays_round_trip_through_blobs() -> None:
    import sqlite3

    import numpy as np

    from destinai.paths.store import DDL, load_arrays, save_arrays

    db = sqlite3.connect(":memory:")
    db.executescript(DDL)
    save_arrays(db, {"a": np.arange(6, dtype=np.float32).reshape(2, 3), "names": ["x", "y"]})
    out = load_arrays(db, ["a", "names"])
    assert out["a"].tolist() == [[0, 1, 2], [3, 4, 5]] and out["names"] == ["x", "y"]
    with pytest.raises(KeyError, match="rebuild"):
        load_arrays(db, ["missing"])


def test_index_components_match_the_sql_rows(mini_catalog: Catalog) -> None:
    from destinai.paths.index import load_index

    index = load_index(mini_catalog)
    e = 0
    a, b = (index.matrix.occupations[int(x)] for x in (index.edge_src[e], index.edge_dst[e]))
    assert float(index.edge_cols["similarity"][e]) == pytest.approx(_sim(mini_catalog, a, b),
                                                                    abs=1e-4)


def test_seniority_table_has_evidence_for_every_occupation(mini_catalog: Catalog) -> None:
    import json

    rows = {r["uri"]: r for r in mini_catalog.rows("SELECT * FROM occupation_seniority")}
    assert set(rows) == {ATTACHE, DIPLOMAT, NURSE, WELDER}
    diplomat = {e["kind"] for e in json.loads(rows[DIPLOMAT]["evidence"])}
    assert {"isco_skill_level", "isco_manager", "isco_top_executive"} <= diplomat
    # a manager (ISCO 1112) outranks a welder (ISCO 7212) and a specialist nurse outranks
    # the welder too (skill level 4 + 'specialist')
    assert rows[DIPLOMAT]["score"] > rows[WELDER]["score"]
    assert rows[NURSE]["score"] > rows[WELDER]["score"]


def test_paths_direction_rules_on_the_mini_catalog(mini_catalog: Catalog) -> None:
    from destinai.paths.index import load_index

    index = load_index(mini_catalog)
    for uri in (ATTACHE, DIPLOMAT, NURSE, WELDER):
        result = career_paths(mini_catalog, uri, limit=5)
        o = index.matrix.occupation_index[uri]
        assert result["seniority"]["evidence"]
        for m in result["entry_points"]:
            a = index.matrix.occupation_index[m["occupation"]["uri"]]
            assert index.seniority_structural[a] <= index.seniority_structural[o]
            assert m["occupation"]["uri"] not in (ATTACHE, DIPLOMAT) or uri not in (
                ATTACHE, DIPLOMAT)   # broader/narrower pairs are never entry points
        for m in result["advancement"]:
            assert m["seniority_change"] > 0 and m["why"]
        for key in ("entry_points", "lateral_moves", "advancement"):
            assert bool(result[key]) != (key in result["notes"])


def test_route_reports_requirements(mini_catalog: Catalog) -> None:
    result = route(mini_catalog, "welder", "welder")
    assert result["requirements_count"] == 0


def test_ladders_file_errors_name_the_line(tmp_path) -> None:
    from destinai.paths.ladder_eval import load_ladders

    bad = tmp_path / "ladders.jsonl"
    bad.write_text('{"origin": "chef", "split": "tune", "advancement": [], "entry": []}\n'
                   '{"origin": "cook"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_ladders(bad)
