"""Static sentence embeddings from the WordLlama package (weights ship inside the wheel).

WordLlama ``l2_supercat`` at 256 dimensions is a token-embedding table distilled from large
language models: a text's vector is the mean of its token vectors. That makes it fast enough to
embed every n-gram window of a long document on a CPU, and lets window vectors be computed from
cumulative sums of token vectors. Nothing is downloaded: the weights and tokenizer are files of
the installed ``wordllama`` package, the table memory-mapped from its ``.safetensors`` file,
the tokenizer read with ``tokenizers``.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_ID = "wordllama==0.4.0.post1 l2_supercat 256d"
DIM = 256
SMALL_BATCH = 64     # texts per encode below which plain numpy beats a sparse product


class StaticEmbedder:
    """Mean-pooled token embeddings, L2-normalised."""

    def __init__(self) -> None:
        from importlib.util import find_spec

        from tokenizers import Tokenizer

        # locate the package's files without importing it: its __init__ configures logging
        spec = find_spec("wordllama")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("the wordllama package is not installed")
        root = Path(next(iter(spec.submodule_search_locations)))
        # kept as shipped (float16, 16 MB) and memory-mapped: a command reads only the pages
        # of the rows it uses. Every use casts those rows to float32, which is exact, so the
        # sums are those of a float32 table without holding one (33 MB)
        self.half = map_tensor(root / "weights" / "l2_supercat_256.safetensors",
                               "embedding.weight")
        self.tokenizer = Tokenizer.from_file(
            str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def encode(self, texts: list[str], batch_size: int = 4096) -> np.ndarray:
        """Unit vectors (len(texts), DIM) in float32; empty texts give zero vectors."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            ids, lengths = self.token_ids(texts[start:start + batch_size])
            if lengths.sum() == 0:
                continue
            out[start:start + len(lengths)] = self._sums(ids, lengths)
        return normalize(out)

    def token_ids(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The texts' token ids, concatenated, and each text's number of tokens (int64)."""
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        lengths = np.array([len(e.ids) for e in encodings], dtype=np.int64)
        if not len(encodings) or lengths.sum() == 0:
            return np.zeros(0, np.int64), lengths
        return np.concatenate([np.asarray(e.ids, dtype=np.int64) for e in encodings]), lengths

    def encode_token_ids(self, ids: np.ndarray, lengths: np.ndarray,
                         batch_size: int = 4096) -> np.ndarray:
        """What :meth:`encode` gives for texts already tokenised (:meth:`token_ids`, stored
        at build time): the same vectors, bit for bit, without the tokenizer's time."""
        return normalize(self.token_sums(ids, lengths, batch_size))

    def token_sums(self, ids: np.ndarray, lengths: np.ndarray, batch_size: int = 4096
                   ) -> np.ndarray:
        """Each tokenised text's summed token vectors (:meth:`encode_token_ids` before
        normalising)."""
        ids, lengths = np.asarray(ids, np.int64), np.asarray(lengths, np.int64)
        ptr = np.r_[0, np.cumsum(lengths)]
        out = np.zeros((len(lengths), DIM), dtype=np.float32)
        for start in range(0, len(lengths), batch_size):
            chunk = lengths[start:start + batch_size]
            if chunk.sum() == 0:
                continue
            out[start:start + len(chunk)] = self._sums(
                ids[ptr[start]:ptr[start + len(chunk)]], chunk)
        return out

    def token_sums_of(self, ids: np.ndarray, lengths: np.ndarray, rows: np.ndarray,
                      batch_size: int = 4096) -> np.ndarray:
        """``token_sums(ids, lengths, batch_size)[rows]``, bit for bit, summing only those
        rows: each row's sum depends on its own tokens and on the way its batch of
        ``batch_size`` texts is summed (gathered for a small batch, a product otherwise)."""
        ids, lengths = np.asarray(ids, np.int64), np.asarray(lengths, np.int64)
        rows = np.asarray(rows, np.int64)
        ptr = np.r_[0, np.cumsum(lengths)]
        out = np.zeros((len(rows), DIM), dtype=np.float32)
        batches = rows // batch_size
        for batch in sorted(set(batches.tolist())):
            chosen = np.flatnonzero(batches == batch)
            texts = rows[chosen]
            if lengths[texts].sum() == 0:
                continue
            size = min(batch_size, len(lengths) - batch * batch_size)
            out[chosen] = self._sums(np.concatenate([ids[ptr[t]:ptr[t + 1]] for t in texts]),
                                     lengths[texts], product=size > SMALL_BATCH)
        return out

    @property
    def dim(self) -> int:
        """The vectors' dimension."""
        return int(self.half.shape[1])

    @property
    def table(self) -> np.ndarray:
        """The whole table in float32 (33 MB, made on first use; prefer :meth:`rows`)."""
        if not hasattr(self, "_table"):
            self._table = self.half.astype(np.float32)
        return self._table

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """The float32 token vectors of ``ids`` (``table[ids]``, exactly)."""
        return self.half[ids].astype(np.float32)

    def _sums(self, ids: np.ndarray, lengths: np.ndarray, product: bool | None = None
              ) -> np.ndarray:
        """Each text's summed token vectors (texts given as concatenated ids and lengths);
        ``product``: summed by the count-matrix product (default: for more than
        ``SMALL_BATCH`` texts)."""
        if not (len(lengths) > SMALL_BATCH if product is None else product):
            # a few queries: gather and add; scipy's 0.3 s import would dominate
            sums = np.zeros((len(lengths), DIM), dtype=np.float32)
            has = lengths > 0
            starts = np.r_[0, np.cumsum(lengths)[:-1]][has]
            sums[has] = np.add.reduceat(self.rows(ids), starts, axis=0)
            return sums
        from scipy import sparse

        # a (texts x tokens used) count matrix times those tokens' vectors sums all texts'
        # token vectors in one sparse product: 3-6x faster than gathering and cumulating rows.
        # the used tokens are numbered in id order, so every row's terms are added in
        # the order a product with the whole table adds them: the same floats.
        used, columns = _used(ids, len(self.half))
        counts = sparse.csr_matrix(
            (np.ones(len(ids), np.float32), columns, np.r_[0, np.cumsum(lengths)]),
            shape=(len(lengths), len(used)))
        return np.asarray(counts @ self.rows(used), dtype=np.float32)

    def token_vectors(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """The text's token vectors and each token's (start, end) character offsets."""
        encoding = self.tokenizer.encode(text, add_special_tokens=False)
        return self.rows(np.asarray(encoding.ids, dtype=np.int64)), list(encoding.offsets)


def _used(ids: np.ndarray, vocabulary: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(ids, return_inverse=True)`` for token ids below ``vocabulary``: the
    sorted distinct ids and each id's position among them, by a mask instead of a sort
    (0.2 s for the 390,000 task tokens; and no ``numpy.ma`` import)."""
    seen = np.zeros(vocabulary, bool)
    seen[ids] = True
    return np.flatnonzero(seen), (np.cumsum(seen) - 1)[ids]


def normalize(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def map_tensor(path: Path, name: str) -> np.ndarray:
    """One float16 tensor of a ``.safetensors`` file, memory-mapped read-only (the format: an
    8-byte little-endian header length, a JSON header of dtypes, shapes and byte offsets,
    then the raw little-endian data)."""
    with path.open("rb") as f:
        size = int.from_bytes(f.read(8), "little")
        entry = json.loads(f.read(size))[name]
    if entry["dtype"] != "F16":
        raise ValueError(f"{path}: {name} is {entry['dtype']}, expected F16")
    start, end = entry["data_offsets"]
    shape = tuple(entry["shape"])
    if end - start != 2 * math.prod(shape):
        raise ValueError(f"{path}: {name} has {end - start} bytes for the shape {shape}")
    return np.asarray(np.memmap(path, dtype="<f2", mode="r", offset=8 + size + start,
                                shape=shape))


@lru_cache(maxsize=1)
def get_embedder() -> StaticEmbedder:
    """The process-wide embedder (loaded once, about 0.1 s)."""
    from destinai import collector

    with collector.paused():
        return StaticEmbedder()


@lru_cache(maxsize=1)
def _blas() -> object:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


_BLAS_LOCK = threading.Lock()
_blas_holders = 0
_blas_limiter: Any = None


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Context manager: BLAS on one thread. Our matrix products are small and many; on a
    shared CPU, OpenBLAS's thread hand-offs made them 5x slower than one thread.

    The limit is process-wide, so it is counted: the last of overlapping holders (the
    reading threads of a match) restores it. Restoring when the first one left would let
    another thread's product run on several threads mid-way, and OpenBLAS rounds a product
    differently on one thread than on several: the same match could score differently."""
    global _blas_holders, _blas_limiter
    with _BLAS_LOCK:
        if _blas_holders == 0:
            _blas_limiter = _blas().limit(limits=1, user_api="blas")  # type: ignore[attr-defined]
        _blas_holders += 1
    try:
        yield
    finally:
        with _BLAS_LOCK:
            _blas_holders -= 1
            if _blas_holders == 0:
                _blas_limiter.restore_original_limits()
                _blas_limiter = None
