"""Cold start of extraction (issue 15): the per-label tables are read from the catalog, and
reading them gives exactly what computing them at start gave."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from destinai.catalog.db import Catalog
from destinai.extract import build as extract_build
from destinai.extract import extractor as extractor_module
from destinai.extract.build import KIND, NAMES, label_tables, tables_from_rows
from destinai.extract.ranker import content_words
from destinai.search.index import SearchIndex
from tests.lean.conftest import without_arrays


def _fresh_extractor(path) -> extractor_module.Extractor:
    return extractor_module._build(SearchIndex(Catalog(path).rows))


def test_the_build_stores_every_label_table(mini: Catalog):
    names = {r["name"] for r in mini.rows(
        "SELECT name FROM search_arrays WHERE kind = ?", (KIND,))}
    assert names == set(NAMES)


def test_start_up_reads_the_stored_tables_instead_of_computing_them(mini: Catalog,
                                                                    monkeypatch):
    index = SearchIndex(Catalog(mini.path).rows)
    skills = index.kinds["skill"]
    expected = tables_from_rows(index.rows, skills.uris, skills.labels)

    def no_computing(*args, **kwargs):
        raise AssertionError("the label tables were computed at start")

    monkeypatch.setattr(extractor_module, "tables_from_rows", no_computing)
    monkeypatch.setattr(extract_build, "label_tables", no_computing)
    extractor = extractor_module._build(index)
    assert extractor.content_len.tobytes() == expected["content_len"].tobytes()
    assert extractor.owner_features.tobytes() == expected["owner_features"].tobytes()
    ptr, owner = expected["posting_ptr"], expected["posting_owner"]
    computed = {w: owner[ptr[i]:ptr[i + 1]] for i, w in enumerate(expected["posting_keys"])}
    assert extractor.postings.keys() == computed.keys()
    for word, owners in computed.items():
        assert extractor.postings[word].dtype == np.int64
        assert extractor.postings[word].tolist() == owners.tolist()


def test_an_index_without_stored_tables_computes_the_same_ones(mini: Catalog, tmp_path):
    target = without_arrays(mini, tmp_path / "no_tables.sqlite", KIND).path
    stored, computed = _fresh_extractor(mini.path), _fresh_extractor(target)
    assert stored.content_len.tobytes() == computed.content_len.tobytes()
    assert stored.owner_features.tobytes() == computed.owner_features.tobytes()
    assert {w: o.tolist() for w, o in stored.postings.items()} == {
        w: o.tolist() for w, o in computed.postings.items()}


def test_label_tables_of_known_labels():
    uris, labels = ["s:1", "s:2", "s:3"], ["use welding equipment", "Python", "welds"]
    kinds = {"s:1": ("skill/competence", "sector-specific"), "s:2": ("knowledge", ""),
             "s:3": ("skill/competence", "transversal")}
    tables = label_tables(uris, labels, kinds)
    keys, ptr, owner = tables["posting_keys"], tables["posting_ptr"], tables["posting_owner"]
    postings = {w: owner[ptr[i]:ptr[i + 1]].tolist() for i, w in enumerate(keys)}
    # "use" is a stop word; "welding" and "welds" fold their plural "s" only past 3 letters
    assert content_words("use welding equipment") == {"welding", "equipment"}
    assert postings == {"welding": [0], "equipment": [0], "python": [1], "weld": [2]}
    assert tables["content_len"].tolist() == [2.0, 1.0, 1.0]
    assert tables["owner_features"][:, 1:].tolist() == [[0, 0], [1, 0], [0, 1]]
    assert tables["owner_features"][:, 0] == pytest.approx(np.log1p([3, 1, 1]))


def test_label_tables_of_no_labels():
    tables = label_tables([], [], {})
    assert tables["posting_keys"] == [] and tables["posting_ptr"].tolist() == [0]
    assert tables["owner_features"].shape == (0, 3)


def test_the_mapped_embedding_table_is_the_shipped_one_bit_for_bit():
    from safetensors.numpy import load_file

    from destinai.search.embedder import get_embedder

    half = get_embedder().half
    path = Path(str(half.base.filename)) if hasattr(half.base, "filename") else None
    assert path is not None and path.suffix == ".safetensors", "the table is memory-mapped"
    shipped = load_file(str(path))["embedding.weight"]
    assert half.dtype == np.float16 and half.shape == shipped.shape
    assert half.tobytes() == np.ascontiguousarray(shipped, dtype=np.float16).tobytes()


def test_a_tensor_of_another_width_is_refused(tmp_path):
    from safetensors.numpy import save_file

    from destinai.search.embedder import map_tensor

    path = tmp_path / "t.safetensors"
    save_file({"w": np.ones((3, 2), dtype=np.float32)}, str(path))
    with pytest.raises(ValueError, match="is F32, expected F16"):
        map_tensor(path, "w")
    save_file({"w": np.arange(6, dtype=np.float16).reshape(3, 2)}, str(path))
    assert map_tensor(path, "w").tolist() == [[0, 1], [2, 3], [4, 5]]


def test_the_trigram_arrays_are_read_on_the_first_fuzzy_search_only(mini: Catalog):
    from destinai.search.trigrams import TrigramIndex

    index = SearchIndex(Catalog(mini.path).rows)
    fuzzy = index.kinds["skill"].fuzzy_choices
    assert "indices" not in fuzzy.__dict__, "extraction never pays for the trigram arrays"
    extractor_module._build(index)
    assert "indices" not in fuzzy.__dict__
    built = TrigramIndex(fuzzy.strings)
    query = fuzzy.strings[0][:-1] + "x"
    assert fuzzy.search(query, 5) == built.search(query, 5) != []
    assert fuzzy.indices.tobytes() == built.indices.tobytes()
    assert fuzzy.sizes.tobytes() == built.sizes.tobytes()
    with pytest.raises(AttributeError):
        _ = fuzzy.missing_attribute


def test_a_sentence_without_tokens_does_not_build_the_float32_table() -> None:
    """An empty window set needs only the dimension: asking for it must not make the 33 MB
    float32 copy of the embedding table (the server would keep it for good)."""
    from destinai.extract.sentences import split_sentences
    from destinai.extract.windows import windows
    from destinai.search.embedder import get_embedder

    embedder = get_embedder()
    embedder.__dict__.pop("_table", None)
    sentence = split_sentences("Hello.")[0]
    vectors, spans = windows(sentence, np.zeros((0, embedder.dim), np.float32), [])
    assert vectors.shape == (0, embedder.dim) and spans == []
    assert "_table" not in embedder.__dict__
