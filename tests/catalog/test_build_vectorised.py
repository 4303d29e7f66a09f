"""Vectorised build computations equal the straightforward versions they replaced."""

import numpy as np

from destinai.search.compiled import _sums_by_owner
from destinai.search.trigrams import TrigramIndex, _sorted_unique
from destinai.sources.tables import Table
from destinai.text.tfidf import TfidfSpace
from destinai.text.words import char_ngrams


def test_sums_by_owner_equal_np_add_at_bit_for_bit():
    rng = np.random.default_rng(7)
    for owners in ((0, 0, 1, 3, 3, 3), rng.integers(0, 50, 2000), np.sort(rng.integers(0, 9, 300))):
        owner = np.asarray(owners)
        vectors = rng.standard_normal((len(owner), 5)).astype(np.float32)
        expected = np.zeros((int(owner.max()) + 2, 5))
        np.add.at(expected, owner, vectors)
        assert _sums_by_owner(vectors, owner, len(expected)).tobytes() == expected.tobytes()
    assert _sums_by_owner(np.zeros((0, 3), np.float32), np.zeros(0, int), 2).shape == (2, 3)


def test_sorted_unique_equals_np_unique():
    values = np.random.default_rng(1).integers(0, 1000, 5000)
    assert np.array_equal(_sorted_unique(values), np.unique(values))
    assert len(_sorted_unique(np.zeros(0, np.int64))) == 0
    index = TrigramIndex(["welder", "diplomat", "welder assistant"])
    assert index.sizes.tolist() == [6, 8, 16]


def test_records_of_short_and_full_rows():
    table = Table("t", ["a", "b", "c"], [["x ", 2.0, None], ["y"], ["", "", ""], [" z", 1.5, 3]])
    assert list(table.records(["a", "b", "c"])) == [
        {"a": "x", "b": "2", "c": ""}, {"a": "y", "b": "", "c": ""},
        {"a": "z", "b": "1.5", "c": "3"}]
    assert table.data_rows == 3


def test_a_space_that_remembers_transforms_the_same():
    texts = ["weld metal", "welding welds", "manage budgets", "weld metal"]
    plain, remembering = TfidfSpace(char_ngrams, texts), TfidfSpace(char_ngrams, texts,
                                                                     remember=True)
    assert set(remembering.known) == set(texts)
    for batch in (texts, ["new text", "weld metal"]):
        a, b = plain.transform(batch), remembering.transform(batch)
        assert np.array_equal(a.indices, b.indices) and a.data.tobytes() == b.data.tobytes()
