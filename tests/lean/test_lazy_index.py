"""The search index read lazily (issue 11): each attribute equals what the eager load of
earlier versions computed, and a command unpacks only what it uses."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from destinai.catalog.db import Catalog
from destinai.search import compiled
from destinai.search.index import TRIGRAM_NAMES, SearchIndex
from destinai.search.kind import dequantize


def _eager(catalog: Catalog, kind: str) -> dict[str, Any]:
    """The attributes as the eager ``_load_kind`` computed them (its code, kept here)."""
    a = compiled.load(catalog.rows("SELECT name, dtype, shape, data FROM search_arrays "
                                   f"WHERE kind = ? AND name NOT IN ({TRIGRAM_NAMES})", (kind,)))
    uris, owners = a["uris"], a["row_owner"]
    matrix = dequantize(a["matrix"], a["scale"])
    preferred_text = a["preferred_text"]
    positions = np.arange(len(uris))
    return {
        "uris": uris, "labels": a["labels"], "texts": a["texts"], "matrix": matrix,
        "preferred": np.where((preferred_text >= 0)[:, None],
                              matrix[np.maximum(preferred_text, 0)], 0).astype(np.float32),
        "row_vector": a["row_text"], "row_owner": owners, "row_weight": a["row_weight"],
        "row_source": a["row_source"],
        "starts": np.minimum(np.searchsorted(owners, positions), max(len(owners) - 1, 0)),
        "ends": np.searchsorted(owners, positions, side="right"),
        "fuzzy_ptr": a["fuzzy_ptr"], "fuzzy_owner": a["fuzzy_owner"],
        "fuzzy_weight": a["fuzzy_value"],
        "exact": dict(zip(a["exact_keys"], range(len(a["exact_keys"])), strict=True)),
        "exact_ptr": a["exact_ptr"], "exact_owner": a["exact_owner"],
        "exact_source": a["exact_value"],
        "vocabulary": dict(zip(a["vocabulary"], a["vocabulary_count"].tolist(), strict=True)),
        "description_matrix": dequantize(a["description_matrix"], a["description_scale"]),
        "description_owner": a["description_owner"],
        "empty": np.flatnonzero(np.bincount(owners, minlength=len(uris)) == 0),
        "label_id": a["label_id"], "label_text": a["label_text"],
        "label_target": a["label_target"], "targets": a["targets"],
        "description_ids": a["description_ids"], "adapter": a["adapter"],
        "centroids": dequantize(a["centroid_matrix"], a["centroid_scale"]),
        "acronyms": dict(zip(a.get("acronym_keys", []), a.get("acronym_values", []),
                             strict=True)),
    }


def _same(got: Any, expected: Any) -> bool:
    if isinstance(expected, np.ndarray):
        return (isinstance(got, np.ndarray) and got.dtype == expected.dtype
                and got.shape == expected.shape and got.tobytes() == expected.tobytes())
    return bool(type(got) is type(expected) and got == expected)


@pytest.mark.parametrize("kind", ["occupation", "skill"])
@pytest.mark.parametrize("preferred_first", [True, False])
def test_every_lazy_attribute_equals_the_eager_load(mini: Catalog, kind, preferred_first):
    expected = _eager(mini, kind)
    index = SearchIndex(Catalog(mini.path).rows).kinds[kind]
    rows = np.arange(index.vector_count)[::3]
    if preferred_first:         # dequantised from their own rows, before the whole matrix
        assert _same(index.preferred, expected["preferred"])
        assert _same(index.vectors(rows), expected["matrix"][rows])
        assert "matrix" not in index.__dict__
    for name, value in expected.items():
        assert _same(getattr(index, name), value), name
    assert _same(index.vectors(rows), expected["matrix"][rows])
    assert index.vector_count == len(expected["matrix"])
    # the int8 tables are not kept beside their float32 copies (a server's memory)
    assert not {"matrix", "description_matrix", "centroid_matrix"} & set(index.stored._arrays)
    assert index.fuzzy_choices.strings == index.stored["fuzzy_keys"]
    share = dict(zip(index.stored["share_ids"].tolist(), index.stored["share_values"].tolist(),
                     strict=True))
    for label_id in [*share, -1, 0, 10**9, *index.label_id.tolist()]:
        assert index.share_of(label_id) == share.get(label_id, 1.0)
    assert index.owner_of_target == SearchIndex(Catalog(mini.path).rows)._links(
        kind, expected["uris"])


def test_extraction_unpacks_neither_the_exact_nor_the_lexical_tables_nor_all_vectors(
        mini: Catalog):
    from destinai.extract.skills import extract_skills_many

    catalog = Catalog(mini.path)
    assert extract_skills_many(catalog, ["I operate welding equipment."])
    skills = catalog.derived("search.index", lambda: None).kinds["skill"]
    unpacked = set(skills.stored._arrays)
    assert {"matrix", "row_text", "labels"} <= unpacked
    assert not unpacked & {"exact_keys", "exact_owner", "label_id", "share_ids",
                           "centroid_matrix"}
    assert "exact" not in skills.__dict__ and "centroids" not in skills.__dict__
    assert "matrix" not in skills.__dict__      # label rows dequantised alone


def test_an_index_without_arrays_asks_for_a_rebuild(mini: Catalog):
    from destinai.catalog.db import CatalogMissing

    index = SearchIndex(lambda sql, params: [])
    with pytest.raises(CatalogMissing, match="run `destinai build`"):
        index.kinds["skill"]


@pytest.mark.parametrize("kind", ["occupation", "skill"])
def test_exact_keys_found_in_the_stored_text_as_by_the_dictionary(mini: Catalog, kind):
    from destinai.search import kind as kind_module

    index = SearchIndex(Catalog(mini.path).rows).kinds[kind]
    stored = index.stored["exact_keys"]
    reference = dict(zip(stored, range(len(stored)), strict=True))
    fresh = SearchIndex(Catalog(mini.path).rows).kinds[kind]
    probes = ["", "zzzz no such label", stored[0][:-1], stored[0] + " ", *stored]
    assert len(probes) > kind_module.DICT_AFTER
    found = [fresh.exact_position(k) for k in probes]
    assert found == [reference.get(k) for k in probes]
    assert "exact" in fresh.__dict__            # built once the lookups were many
    early = SearchIndex(Catalog(mini.path).rows).kinds[kind]
    for label in index.labels[: kind_module.DICT_AFTER - 1]:
        assert early.exact_owners(label) == index.exact_owners(label)
    assert "exact" not in early.__dict__ and "exact_keys" not in early.stored._arrays


def test_the_label_vectors_are_stored_unpacked(mini: Catalog):
    dtypes = {(r["kind"], r["name"]): r["dtype"] for r in mini.rows(
        "SELECT kind, name, dtype FROM search_arrays WHERE name = 'matrix'")}
    assert dtypes[("occupation", "matrix")] == dtypes[("skill", "matrix")] == "|i1"


def test_rows_asked_while_another_thread_dequantises_the_matrix(mini: Catalog):
    """Matching scores in worker threads while the extractor reads label rows: a row read
    racing the whole matrix's dequantisation still gets the same floats."""
    import threading

    expected = _eager(mini, "skill")["matrix"]
    for _ in range(20):
        index = SearchIndex(Catalog(mini.path).rows).kinds["skill"]
        got: list[np.ndarray] = []
        reader = threading.Thread(target=lambda k=index, out=got: out.append(
            k.vectors(np.arange(k.vector_count))))
        reader.start()
        whole = index.matrix
        reader.join()
        assert _same(whole, expected) and _same(got[0], expected)
        assert index.vector_count == len(expected)
