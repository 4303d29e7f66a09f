"""The crosswalk's faster grouped maxima and batched evidence give the same bits as before."""

import json
import sqlite3

import numpy as np
import pytest
import scipy.sparse as sp

from destinai.crosswalk.explain import Explainer, task_lists
from destinai.crosswalk.features import pair_evidence
from destinai.crosswalk.grouped import grouped_max, row_grouped_max
from destinai.crosswalk.inputs import load_inputs
from destinai.crosswalk.model import fit, predict
from destinai.text import grouped_max as reference_grouped_max


def _random_rows(rng: np.random.Generator, n: int, terms: int) -> sp.csr_matrix:
    dense = rng.random((n, terms)) * (rng.random((n, terms)) < 0.2)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    return sp.csr_matrix((dense / np.where(norms == 0, 1, norms)).astype(np.float32))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_grouped_maxima_equal_the_reference_bit_for_bit(seed: int):
    # GIVEN random TF-IDF-like rows, grouped on both sides (groups sorted, as the crosswalk's)
    rng = np.random.default_rng(seed)
    a, b = _random_rows(rng, 70, 40), _random_rows(rng, 90, 40)
    a_group = np.sort(rng.integers(0, 20, 70))
    b_group = np.sort(np.concatenate([np.arange(15), rng.integers(0, 15, 75)]))
    # WHEN reduced by the reference and by the faster forms (chunks smaller than the input)
    expected = reference_grouped_max(a, a_group, 20, b, b_group, 15, chunk=16)
    # THEN every cell is the same float32
    assert np.array_equal(grouped_max(a, a_group, 20, b, b_group, 15, chunk=16), expected)
    per_row = reference_grouped_max(a, np.arange(70), 70, b, b_group, 15)
    assert np.array_equal(row_grouped_max(a, b, b_group, 15, chunk=16), per_row)


def test_row_grouped_max_refuses_unsorted_groups():
    a = sp.csr_matrix(np.eye(2, dtype=np.float32))
    with pytest.raises(ValueError):
        row_grouped_max(a, a, np.array([1, 0]), 2)


def test_prepared_evidence_is_the_evidence_computed_pair_by_pair(mini_catalog):
    # GIVEN the miniature catalog's crosswalk inputs and predictions
    db = sqlite3.connect(f"file:{mini_catalog.path}?mode=ro", uri=True)
    inputs = load_inputs(db)
    evidence = pair_evidence(inputs)
    model = fit(inputs, evidence, inputs.reviewed)
    targets = np.array([i for i in range(inputs.n_occ) if i not in inputs.reviewed])
    predictions = predict(inputs, evidence, inputs.reviewed, model, targets)
    tasks = task_lists(inputs, db.execute("SELECT code, task FROM onet_tasks "
                                          "ORDER BY code, task_type, task_id").fetchall())
    one_by_one = Explainer(inputs, evidence, tasks, inputs.reviewed)
    batched = Explainer(inputs, evidence, tasks, inputs.reviewed)
    batched.prepare((p.occupation, p.codes[r]) for p in predictions for r in range(len(p.codes)))
    # THEN every code's evidence is the same JSON, whether prepared in a batch or not
    pairs = [(p, r) for p in predictions for r in range(len(p.codes))]
    assert pairs and any(batched.evidence(p, r, model)["matching_tasks"] for p, r in pairs)
    for p, r in pairs:
        assert json.dumps(batched.evidence(p, r, model)) == json.dumps(
            one_by_one.evidence(p, r, model))
