"""Cold match, fifth round (issue 11): the O*NET task cosines a cold match computes only near
its phrases, the embedder's partial sums and the light scipy import give what the full
computations give, bit for bit."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from destinai.catalog.db import Catalog
from destinai.match import tasks
from destinai.match.build import KIND
from destinai.match.data import match_data
from destinai.search.embedder import SMALL_BATCH, get_embedder
from tests.lean.conftest import without_arrays

PHRASES = ("patient care, wound dressing, medication, welding metal, drawings, budget accounts, "
           "teaching pupils, lessons, cooking kitchen menus, driving truck delivery, software "
           "code testing, sales customers, cleaning, repair electrical wiring, research "
           "statistics data, legal contracts, painting, plumbing carpentry, security, childcare")
WORDS = PHRASES.replace(",", "").split(" ")


def _texts(count: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, size=int(rng.integers(1, 9)))) for _ in range(count)]


def _tokenised(count: int, seed: int = 0) -> dict[str, np.ndarray]:
    embedder = get_embedder()
    ids, lengths = embedder.token_ids(_texts(count, seed))
    norms = np.linalg.norm(embedder.token_sums(ids, lengths), axis=1).astype(np.float32)
    return {"ids": ids, "lengths": lengths, "norms": norms}


@pytest.mark.parametrize("batch_size", [4096, 100, 40])
def test_sums_of_some_rows_are_those_of_all_rows(batch_size):
    # 4096 and 100: summed by the product, but the last batch of 100 (30 texts) and every
    # batch of 40 gathered (at most SMALL_BATCH texts)
    assert 30 <= SMALL_BATCH < 100
    stored = _tokenised(530)
    embedder = get_embedder()
    full = embedder.token_sums(stored["ids"], stored["lengths"], batch_size)
    rows = np.array([0, 3, 99, 100, 101, 250, 499, 500, 529])
    got = embedder.token_sums_of(stored["ids"], stored["lengths"], rows, batch_size)
    assert got.tobytes() == full[rows].tobytes()


def test_token_sums_are_the_encoded_vectors():
    embedder = get_embedder()
    texts = _texts(300, 1)
    ids, lengths = embedder.token_ids(texts)
    assert embedder.encode_token_ids(ids, lengths).tobytes() == embedder.encode(texts).tobytes()


@pytest.mark.parametrize("queries", [1, 3, 10, 40])
def test_close_cosines_equal_the_whole_product_from_the_floor_up(mini: Catalog, queries):
    stored = _tokenised(6000)
    count = len(stored["lengths"])
    index = tasks.TaskIndex(mini, ["x"], np.zeros(1, np.int64), np.zeros(0, np.int64), stored)
    whole = tasks.TaskIndex(mini, ["x"], np.zeros(1, np.int64), np.zeros(0, np.int64),
                            {"ids": stored["ids"], "lengths": stored["lengths"]})
    vectors = get_embedder().encode(_texts(queries, 2))
    full = vectors @ whole.vectors.T
    for floor in (0.45, 0.3):
        index._near_fits = 0
        near = index.close_cosines(vectors, floor)
        assert "vectors" not in index.__dict__           # answered without every task vector
        assert near.shape == (queries, count) and near.dtype == full.dtype
        high = full >= floor
        assert high.any()
        assert near[high].tobytes() == full[high].tobytes()
        assert (near[~high] < floor).all()


def test_after_the_first_fits_the_whole_vectors_are_made(mini: Catalog):
    stored = _tokenised(200)
    index = tasks.TaskIndex(mini, ["x"], np.zeros(1, np.int64), np.zeros(0, np.int64), stored)
    vectors = get_embedder().encode(["patient care"])
    for _ in range(tasks.NEAR_FITS):
        index.close_cosines(vectors, 0.45)
    assert "vectors" not in index.__dict__
    assert index.close_cosines(vectors, 0.45).tobytes() == (vectors @ index.vectors.T).tobytes()


def test_task_fit_of_the_catalog_is_that_of_the_whole_vectors(mini: Catalog):
    catalog = Catalog(mini.path)
    data = match_data(catalog)
    index = tasks.task_index(catalog, data)
    assert index.norms is not None                   # stored by the match build step
    phrases = ["weld components", "financial activities", "clean the work area"]
    near = tasks.task_fit(catalog, data, phrases)
    assert "vectors" not in index.__dict__
    index._near_fits = tasks.NEAR_FITS
    whole = tasks.task_fit(catalog, data, phrases)
    assert near[0].tobytes() == whole[0].tobytes()
    shown = whole[0] > 0
    assert shown.any() and near[1][shown].tolist() == whole[1][shown].tolist()
    rows = catalog.connection.execute("SELECT task FROM onet_tasks ORDER BY code, task_id")
    assert [index.text(r) for r in range(len(index.lengths))] == [t for (t,) in rows]
    assert index.texts == [index.text(r) for r in range(len(index.lengths))]


def test_a_catalog_without_task_norms_uses_the_whole_vectors(mini: Catalog, tmp_path):
    catalog = without_arrays(mini, tmp_path / "catalog.sqlite", KIND, "norms")
    data = match_data(catalog)
    fit = tasks.task_fit(catalog, data, ["weld components"])
    assert "vectors" in tasks.task_index(catalog, data).__dict__
    assert fit[0].max() > 0


def test_scipy_sparse_is_imported_without_numpys_test_tools():
    code = ("import sys; from destinai.scipy_start import import_sparse; s = import_sparse(); "
            "import numpy, scipy.sparse; from scipy._lib.array_api_compat import numpy as c; "
            "print(s is scipy.sparse, 'numpy.testing' in sys.modules, "
            "'numpy.f2py' in sys.modules, c.testing is numpy.testing, "
            "sorted(numpy.__all__) == sorted(set(numpy.__all__)), 'f2py' in numpy.__all__, "
            "s.csr_matrix(numpy.eye(2)).nnz)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "False", "False", "True", "True", "True", "2"]
