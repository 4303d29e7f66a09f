"""Cold start (issue 11): what a command needs is stored ready, and reading it gives exactly
what computing it at every start gave."""

from __future__ import annotations

import numpy as np
import pytest

from destinai.catalog.db import Catalog
from destinai.match import tasks
from destinai.match.build import TASKS_SQL
from destinai.match.data import match_data
from destinai.search import embedder as embedder_module
from destinai.search.compiled import quantize
from destinai.search.embedder import get_embedder
from destinai.search.kind import dequantize
from tests.lean.conftest import without_arrays

TEXTS = ["Record patients' medical information and vital signs.", "", "weld", "  ",
         "Plan menus and control food costs for a kitchen team of twelve."] * 40


@pytest.mark.parametrize("batch_size", [4096, 7, 64])
def test_stored_token_ids_give_the_vectors_of_the_texts_bit_for_bit(batch_size):
    embedder = get_embedder()
    ids, lengths = embedder.token_ids(TEXTS)
    assert len(lengths) == len(TEXTS) and lengths[1] == 0 and ids.dtype == np.int64
    direct = embedder.encode(TEXTS, batch_size=batch_size)
    stored = embedder.encode_token_ids(ids.astype(np.int32), lengths.astype(np.int32),
                                       batch_size=batch_size)
    assert stored.tobytes() == direct.tobytes()


def test_token_ids_of_no_text():
    ids, lengths = get_embedder().token_ids([])
    assert len(ids) == 0 and len(lengths) == 0


def test_the_task_index_is_read_not_tokenised(mini: Catalog, monkeypatch):
    texts = [r["task"] for r in mini.rows(TASKS_SQL)]
    assert texts, "the miniature release has O*NET tasks"
    expected = get_embedder().encode(texts)

    def no_encoding(self, texts, batch_size=4096):
        raise AssertionError("the task statements were embedded from text at start")

    monkeypatch.setattr(embedder_module.StaticEmbedder, "encode", no_encoding)
    monkeypatch.setattr(embedder_module.StaticEmbedder, "token_ids", no_encoding)
    fresh = Catalog(mini.path)
    index = tasks._task_index(fresh, match_data(fresh))
    assert index.vectors.tobytes() == expected.tobytes()
    assert index.texts == texts


def test_a_catalog_without_tokenised_tasks_asks_for_a_rebuild(mini: Catalog, tmp_path):
    from destinai.catalog.db import CatalogMissing

    old = without_arrays(mini, tmp_path / "old.sqlite", "onet_task")
    with pytest.raises(CatalogMissing, match="run `destinai build`"):
        tasks._task_index(old, match_data(old))


def test_dequantising_in_one_pass_equals_cast_then_scale():
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(500, 64)).astype(np.float32)
    data, scale = quantize(vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    two_pass = data.astype(np.float32)
    two_pass *= scale[:, None]
    one_pass = dequantize(data, scale)
    assert one_pass.dtype == np.float32 and one_pass.tobytes() == two_pass.tobytes()


@pytest.mark.parametrize("count", [5, 180])
def test_the_half_precision_table_gives_the_float32_tables_sums(count):
    from scipy import sparse

    embedder = get_embedder()
    assert embedder.half.dtype == np.float16
    texts = [f"{t} number {n}" for n, t in enumerate(TEXTS[:count])]
    ids, lengths = embedder.token_ids(texts)
    full = embedder.half.astype(np.float32)
    if count <= embedder_module.SMALL_BATCH:
        starts = np.r_[0, np.cumsum(lengths)[:-1]]
        expected = np.add.reduceat(full[ids], starts, axis=0)
    else:
        counts = sparse.csr_matrix((np.ones(len(ids), np.float32), ids,
                                    np.r_[0, np.cumsum(lengths)]), shape=(len(texts), len(full)))
        expected = np.asarray(counts @ full, dtype=np.float32)
    assert embedder._sums(ids, lengths).tobytes() == expected.tobytes()
    assert embedder.rows(ids[:7]).tobytes() == full[ids[:7]].tobytes()


def test_loading_a_kind_releases_the_page_cache_once(mini: Catalog):
    from destinai.search.index import SearchIndex

    released: list[int] = []
    index = SearchIndex(Catalog(mini.path).rows, release=lambda: released.append(1))
    assert index.kinds["skill"].uris
    index.kinds["skill"]
    assert released == [1]


def test_server_warm_up_loads_matching_too(mini: Catalog):
    from destinai.web.warmup import warm_up

    fresh = Catalog(mini.path)
    warm_up(fresh)
    assert {"search.index", "paths.index", "match.data", "match.task_index"} <= set(
        fresh._derived)


def test_cli_start_does_not_import_numpy() -> None:
    """`destinai --help` and every command's start stay light: loading the CLI module (its
    text renderers included) must not pull in numpy, which costs ~0.1 s per process."""
    import subprocess
    import sys

    code = "import sys, destinai.cli; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
