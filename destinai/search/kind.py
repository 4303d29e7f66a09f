"""One kind's search index (occupation or skill), read lazily from ``search_arrays``.

A kind's arrays are read from the catalog in one query, and each blob is unpacked, and the
vectors dequantised, only when a command first uses it: ``extract`` never unpacks the exact-
match and lexical tables, nor dequantises the centroids; ``search`` never reads the extraction
tables. Every attribute holds what the eager load of earlier versions computed, bit for bit
(``tests/lean/test_lazy_index.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from typing import Any, Generic, TypeVar, overload

import numpy as np

from destinai.catalog import blobs
from destinai.search import compiled
from destinai.search.text import keys
from destinai.search.trigrams import TrigramIndex

T = TypeVar("T")
_SEP = compiled.SEP.encode("utf-8")


def joined_position(joined: bytes, key: str) -> int | None:
    """The position of ``key`` among unique keys stored ``SEP``-joined (with a ``SEP`` at each
    end), found with one ``bytes.find``; None if it is not there."""
    at = joined.find(_SEP + key.encode("utf-8") + _SEP) if len(joined) > 2 else -1
    return None if at < 0 else joined.count(_SEP, 0, at)


DICT_AFTER = 16         # exact-key lookups answered before a process builds the dictionary


class StoredArrays:
    """One kind's ``search_arrays`` rows, each blob unpacked on first use: a command
    unpacks only the arrays it reads (``extract`` never reads the exact-match and lexical
    tables, ``search`` never the extraction ones)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._packed = {str(r["name"]): r for r in rows}
        self._arrays: dict[str, Any] = {}
        self._joined: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def __contains__(self, name: str) -> bool:
        return name in self._packed or name in self._arrays

    def __getitem__(self, name: str) -> Any:
        with self._lock:
            if name not in self._arrays:
                self._arrays.update(compiled.load([self._packed.pop(name)]))
                self._joined.pop(name, None)
            return self._arrays[name]

    def take(self, name: str) -> Any:
        """The array ``name``, no longer kept here: for arrays only derived tables are made
        of (the int8 vectors once dequantised)."""
        with self._lock:
            if name in self._arrays:
                return self._arrays.pop(name)
            return compiled.load([self._packed.pop(name)])[name]

    def joined(self, name: str) -> bytes:
        """A stored list of strings as its UTF-8 text, ``SEP`` before, between and after the
        strings, without splitting it into a list."""
        with self._lock:
            if name not in self._joined:
                if name in self._packed:
                    row = self._packed[name]
                    text = bytes(blobs.unpack(str(row["dtype"]), row["data"])[1])
                else:
                    text = compiled.SEP.join(self._arrays[name]).encode("utf-8")
                self._joined[name] = _SEP + text + _SEP
            return self._joined[name]

    def get(self, name: str, default: Any) -> Any:
        """The array ``name``, or ``default`` where the index has none."""
        try:
            return self[name]
        except KeyError:
            return default


class _Array(Generic[T]):
    """A :class:`KindIndex` attribute that is a stored array, unpacked on first read (then
    kept in the instance's ``__dict__``, so later reads are plain attribute reads)."""

    def __init__(self, name: str) -> None:
        self.stored_name = name

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    @overload
    def __get__(self, index: None, owner: type) -> _Array[T]: ...

    @overload
    def __get__(self, index: KindIndex, owner: type) -> T: ...

    def __get__(self, index: KindIndex | None, owner: type) -> T | _Array[T]:
        if index is None:
            return self
        value: T = index.stored[self.stored_name]
        index.__dict__[self.attribute] = value
        return value


class KindIndex:
    """Everything searchable for one kind (occupation or skill), by ESCO URI.

    Each attribute is read (and, for the vectors, dequantised) when first used; the values
    are those the eager load computed (``tests/lean/test_lazy_index.py``)."""

    uris = _Array[list[str]]("uris")                     # owner index -> ESCO URI
    labels = _Array[list[str]]("labels")                 # owner index -> preferred label
    texts = _Array[list[str]]("texts")                   # unique label texts (one vector each)
    row_vector = _Array[np.ndarray]("row_text")          # expanded row -> row of ``matrix``
    row_owner = _Array[np.ndarray]("row_owner")          # expanded row -> owner (sorted)
    row_weight = _Array[np.ndarray]("row_weight")        # expanded row -> weight (O*NET < 1)
    row_source = _Array[np.ndarray]("row_source")        # expanded row -> compiled.SOURCES
    fuzzy_ptr = _Array[np.ndarray]("fuzzy_ptr")          # owners of the i-th folded text:
    fuzzy_owner = _Array[np.ndarray]("fuzzy_owner")      # fuzzy_owner[ptr[i]:ptr[i+1]]
    fuzzy_weight = _Array[np.ndarray]("fuzzy_value")     # and their weights (O*NET < 1)
    exact_ptr = _Array[np.ndarray]("exact_ptr")          # owners of each exact key:
    exact_owner = _Array[np.ndarray]("exact_owner")      # exact_owner[ptr[i]:ptr[i+1]]
    exact_source = _Array[np.ndarray]("exact_value")     # the best source of that key
    description_owner = _Array[np.ndarray]("description_owner")   # description row -> owner
    label_id = _Array[np.ndarray]("label_id")            # FTS rowids of this kind (sorted)
    label_text = _Array[np.ndarray]("label_text")        # -> index into texts
    label_target = _Array[np.ndarray]("label_target")    # -> index into targets
    targets = _Array[list[str]]("targets")               # ESCO URIs, then O*NET codes
    description_ids = _Array[np.ndarray]("description_ids")   # FTS rowids of descriptions
    adapter = _Array[np.ndarray]("adapter")              # learned query map

    def __init__(self, stored: StoredArrays, trigrams: Callable[[], dict[str, Any]],
                 links: Callable[[list[str]], dict[str, list[tuple[int, float]]]]) -> None:
        self.stored = stored
        self._exact_lookups = 0
        self._trigrams = trigrams
        self._links = links

    @cached_property
    def matrix(self) -> np.ndarray:
        """The unique label texts' vectors (float32, unit length)."""
        # the int8 rows are not kept beside it (20-25 MB a kind in a server); the scales stay,
        # read by vector_count and by threads that ask rows while this is computed
        return dequantize(self.stored.take("matrix"), self.stored["scale"])

    def vectors(self, rows: np.ndarray) -> np.ndarray:
        """``matrix[rows]``, bit for bit, without dequantising the whole matrix when it is
        not (extraction reads a few thousand label rows of the skills' 98,000)."""
        if "matrix" not in self.__dict__:
            try:
                return dequantize(self.stored["matrix"][rows], self.stored["scale"][rows])
            except KeyError:            # dequantised whole meanwhile (another thread)
                pass
        return self.matrix[rows]

    @property
    def vector_count(self) -> int:
        """The number of label vectors (rows of ``matrix``)."""
        return len(self.stored["scale"])

    @cached_property
    def preferred(self) -> np.ndarray:
        """Owner index -> vector of its preferred label (zero where it has none)."""
        preferred_text = self.stored["preferred_text"]
        rows = self.vectors(np.maximum(preferred_text, 0))
        rows[preferred_text < 0] = 0.0      # a new array either way: what np.where gave
        return rows

    @cached_property
    def starts(self) -> np.ndarray:
        """First expanded row of each owner."""
        positions = np.arange(len(self.uris))
        return np.minimum(np.searchsorted(self.row_owner, positions),
                          max(len(self.row_owner) - 1, 0))

    @cached_property
    def ends(self) -> np.ndarray:
        """One past the last expanded row of each owner."""
        return np.searchsorted(self.row_owner, np.arange(len(self.uris)), side="right")

    @cached_property
    def empty(self) -> np.ndarray:
        """Owners without any label row (masked)."""
        return np.flatnonzero(np.bincount(self.row_owner, minlength=len(self.uris)) == 0)

    @cached_property
    def fuzzy_choices(self) -> TrigramIndex:
        """The folded unique label texts, by trigram (arrays read on the first search)."""
        return TrigramIndex.deferred(self.stored["fuzzy_keys"], self._trigrams)

    def exact_position(self, key: str) -> int | None:
        """The position of an exact-match key, None if no label has it.

        The first lookups search the stored keys' text (``SEP``-joined, unique) with one
        ``bytes.find``: splitting 65,000-93,000 keys into strings and a dictionary of them
        cost a cold command ~15 ms. A process that looks up many keys (a server, a batch)
        builds the dictionary at its ``DICT_AFTER``-th lookup."""
        if "exact" not in self.__dict__:
            self._exact_lookups += 1
            if self._exact_lookups < DICT_AFTER:
                return joined_position(self.stored.joined("exact_keys"), key)
        return self.exact.get(key)

    @cached_property
    def exact(self) -> dict[str, int]:
        """Exact-match key (text.key) -> position."""
        keys: list[str] = self.stored["exact_keys"]
        return dict(zip(keys, range(len(keys)), strict=True))

    @cached_property
    def vocabulary(self) -> dict[str, int]:
        """Words of all labels -> frequency (typo correction)."""
        return dict(zip(self.stored["vocabulary"], self.stored["vocabulary_count"].tolist(),
                        strict=True))

    @cached_property
    def description_matrix(self) -> np.ndarray:
        """"label. description" vectors."""
        return dequantize(self.stored.take("description_matrix"),
                          self.stored["description_scale"])

    @cached_property
    def centroids(self) -> np.ndarray:
        """Concept centroids of the ESCO label vectors (the learned retriever's targets)."""
        return dequantize(self.stored.take("centroid_matrix"), self.stored["centroid_scale"])

    def share_of(self, label_id: int) -> float:
        """The weight share of a search_labels row (O*NET titles; 1.0 for the others).

        A binary search in the sorted stored ids: a dictionary of the 56,000 occupation
        titles took longer to build than a command's lookups take."""
        ids = self.stored["share_ids"]
        at = int(np.searchsorted(ids, ids.dtype.type(label_id)))
        if at < len(ids) and ids[at] == label_id:
            return float(self.stored["share_values"][at])
        return 1.0

    @cached_property
    def acronyms(self) -> dict[str, str]:
        """Learned from the labels (search.acronyms)."""
        return stored_acronyms(self.stored)

    @cached_property
    def owner_of_target(self) -> dict[str, list[tuple[int, float]]]:
        """Target (ESCO URI or O*NET code) -> (owner, weight) of the owners it stands for."""
        return self._links(self.uris)

    def target_of(self, label_id: int) -> str:
        """The target (ESCO URI or O*NET code) of an FTS row."""
        # the key in the array's own dtype: a Python int would make numpy cast the whole array
        at = np.searchsorted(self.label_id, self.label_id.dtype.type(label_id))
        return self.targets[int(self.label_target[at])]

    def text_of(self, label_id: int) -> str:
        """The text of an FTS row."""
        at = np.searchsorted(self.label_id, self.label_id.dtype.type(label_id))
        return self.texts[int(self.label_text[at])]

    def owners_of(self, i: int) -> list[tuple[int, float]]:
        """(owner, weight) of the i-th folded string."""
        lo, hi = self.fuzzy_ptr[i], self.fuzzy_ptr[i + 1]
        return list(zip(self.fuzzy_owner[lo:hi].tolist(), self.fuzzy_weight[lo:hi].tolist(),
                        strict=True))

    def exact_owners(self, query: str) -> list[tuple[int, int]]:
        """(owner, source rank: 0 preferred, 1 alt, 2 hidden, 3-4 O*NET) whose label equals
        the query after folding case, accents, punctuation and plurals, best source first."""
        i = next((p for p in map(self.exact_position, keys(query)) if p is not None), None)
        if i is None:
            return []
        lo, hi = self.exact_ptr[i], self.exact_ptr[i + 1]
        return sorted(zip(self.exact_owner[lo:hi].tolist(), self.exact_source[lo:hi].tolist(),
                          strict=True), key=lambda p: p[1])


def dequantize(data: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """int8 rows times their float32 scales, as float32."""
    # one pass, one 100 MB array: the int8 values are cast to float32 inside the product,
    # so the result is bit for bit that of astype(float32) followed by *= scale
    return np.multiply(data, scale[:, None], dtype=np.float32)


def stored_acronyms(arrays: dict[str, Any] | StoredArrays) -> dict[str, str]:
    """The learned acronym -> expansion table among a kind's loaded arrays."""
    return dict(zip(arrays.get("acronym_keys", []), arrays.get("acronym_values", []),
                    strict=True))
