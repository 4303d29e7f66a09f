"""Cold engines (issue 11): the paths, match and profile engines load only what a command
reads, and what they read lazily or per item equals what the eager computation gave."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
from scipy import sparse

from destinai.catalog.db import Catalog
from destinai.match import fields
from destinai.match.data import match_data
from destinai.paths import containment
from destinai.paths.index import SCANS_BEFORE_SORT, load_index
from destinai.paths.similarity import COVERED


def test_covered_skills_from_raw_arrays_equal_the_scipy_rule(mini: Catalog):
    index = load_index(Catalog(mini.path))
    m = index.matrix
    strong = sparse.csr_matrix((m.neighbours >= COVERED).astype(np.float32))
    for o in range(len(m.occupations)):
        held = m.all_skills[o].indices
        rows = [strong[s].indices for s in held]
        expected = np.union1d(held, np.concatenate([held[:0], *rows]))
        assert index.covered(o).tolist() == expected.tolist()
        assert m.held(o).tolist() == np.sort(held).tolist()


def test_shared_essential_counts_per_edge_equal_the_sparse_product(mini: Catalog):
    index = load_index(Catalog(mini.path))
    e = sparse.csr_matrix(index.matrix.essential, dtype=np.float32)
    product = (e @ e.T).tocsr()
    every = np.arange(len(index.edge_src))
    expected = np.asarray(product[index.edge_src, index.edge_dst]).ravel().astype(np.int32)
    assert len(every) and containment.shared_counts(index, every).tolist() == expected.tolist()
    some = every[::3]
    assert containment.shared_counts(index, some).tolist() == expected[some].tolist()


def test_incoming_edges_by_scan_then_by_sort_are_the_same(mini: Catalog):
    index = load_index(Catalog(mini.path))
    n = len(index.matrix.occupations)
    scanned = [index.in_edges(o).tolist() for o in range(min(n, SCANS_BEFORE_SORT))]
    assert "_by_dst" not in index.__dict__
    for k in range(SCANS_BEFORE_SORT + 1):
        index.in_edges(k % n)
    assert "_by_dst" in index.__dict__
    assert [index.in_edges(o).tolist() for o in range(len(scanned))] == scanned
    for o in range(n):
        assert index.in_edges(o).tolist() == np.flatnonzero(index.edge_dst == o).tolist()


def test_skill_records_looked_up_alone_equal_the_loaded_columns(mini: Catalog):
    index = load_index(Catalog(mini.path))
    alone = [index.skill_ref(s) for s in range(len(index.matrix.skills))]
    assert "_skills" not in index.__dict__, "a skill record loaded every skill's labels"
    every = {u: (label, kind or "", reuse or "") for u, label, kind, reuse in mini.connection
             .execute("SELECT uri, label, skill_type, reuse_level FROM skills")}
    assert index.skill_labels == [every[u][0] for u in index.matrix.skills]
    assert index.skill_reuse == [every[u][2] for u in index.matrix.skills]
    assert [index.skill_ref(s) for s in range(len(alone))] == alone


def test_evidence_parsed_together_equals_one_by_one(mini: Catalog):
    index = load_index(Catalog(mini.path))
    together = [index.evidence(o) for o in range(len(index.seniority))]
    assert together == [json.loads(e) for e in index.seniority_evidence]


def test_field_shares_at_once_equal_one_field_at_a_time_bit_for_bit(real_catalog: Catalog):
    catalog = Catalog(real_catalog.path)
    data = match_data(catalog)
    groups = [g for g in fields.field_groups(catalog) if len(g["code"]) == 4]
    assert groups
    one_by_one = np.stack([fields.field_fit(data, fields.field_skills(catalog, data, [g]))[1]
                           for g in groups], axis=1)
    codes, shares = fields.field_shares(catalog, data)
    assert codes == [g["code"] for g in groups]
    assert shares.dtype == one_by_one.dtype and shares.tobytes() == one_by_one.tobytes()


def test_match_data_reads_labels_and_interests_on_first_use(mini: Catalog):
    catalog = Catalog(mini.path)
    data = match_data(catalog)
    assert "skill_by_label" not in data.__dict__ and "interests" not in data.__dict__
    assert data.skill_by_label.get(data.index.skill_labels[0].casefold()) is not None
    assert data.interests.shape == (len(data.index.matrix.occupations), 6)


def _modules_after(code: str, db: str) -> dict[str, bool]:
    env = {**os.environ, "DESTINAI_DB": db}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_paths_reads_neither_scipy_nor_the_search_index(mini: Catalog):
    uri = mini.scalar("SELECT uri FROM occupations ORDER BY uri LIMIT 1")
    code = ("import json, sys\n"
            "from destinai.catalog.db import Catalog\n"
            "from destinai.paths.engine import career_paths\n"
            f"c = Catalog({str(mini.path)!r})\n"
            f"career_paths(c, {uri!r}, 5)\n"
            "print(json.dumps({'scipy': 'scipy' in sys.modules, 'numpy.ma': 'numpy.ma' in "
            "sys.modules, 'search': 'search.index' in c._derived}))")
    assert _modules_after(code, str(mini.path)) == {"scipy": False, "numpy.ma": False,
                                                    "search": False}
