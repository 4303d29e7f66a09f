"""Lossless packing of the numpy arrays and string lists that features store as blobs.

The search and paths indexes keep their query-time arrays as blobs (``search_arrays``,
``paths_arrays``). Most of them are sorted integer ids, CSR pointers, sparse features and
repetitive label texts that compress 3-10x: each blob is byte-shuffled (the k-th byte of every
element together, so the high bytes of small integers and floats form long runs) and then
compressed with Zstandard. Zstandard decompresses 3-5x faster than zlib at a slightly better
ratio: unpacking the whole skill index (a 23 MB int8 label matrix among it) takes ~0.1 s
instead of ~0.5 s, which is most of a cold command's start. Blobs that do not shrink by 10%
are stored as they are. The stored ``dtype`` says which: ``"zs:<i4"`` is a Zstandard-packed
int32 array, ``"<i4"`` a plain one; ``"z:"`` (zlib, older catalogs) is still read.
"""

from __future__ import annotations

import zlib

import numpy as np
import zstandard

PACKED = "zs:"
ZLIB = "z:"           # catalogs written before the Zstandard codec
LEVEL = 9             # ratio and speed measured on the real blobs: docs/benchmarks.md
MIN_SAVING = 0.95    # pack only when the packed blob is at most 95% of the raw one


def pack(raw: bytes, itemsize: int, dtype: str) -> tuple[str, bytes]:
    """(dtype to record, blob) for ``raw`` bytes of elements of ``itemsize`` bytes."""
    if len(raw) < 4096:
        return dtype, raw
    shuffled = _shuffle(raw, itemsize)
    packed = zstandard.ZstdCompressor(level=LEVEL).compress(shuffled)
    if len(packed) > MIN_SAVING * len(raw):
        return dtype, raw
    return PACKED + dtype, packed


def unpack(dtype: str, blob: bytes, itemsize: int | None = None
           ) -> tuple[str, bytes | memoryview]:
    """(plain dtype, raw bytes) of a stored blob; plain blobs come back unchanged. Packed
    numeric blobs come back as a memoryview (``np.frombuffer`` reads it without a copy)."""
    if dtype.startswith(PACKED):
        plain, raw = dtype[len(PACKED):], zstandard.ZstdDecompressor().decompress(blob)
    elif dtype.startswith(ZLIB):
        plain, raw = dtype[len(ZLIB):], zlib.decompress(blob)
    else:
        return dtype, blob
    size = itemsize if itemsize is not None else _itemsize(plain)
    return plain, _unshuffle(raw, size)



def _itemsize(dtype: str) -> int:
    try:
        return np.dtype(dtype).itemsize
    except TypeError:           # "str", "json": bytes of text
        return 1


def _shuffle(raw: bytes, itemsize: int) -> bytes:
    if itemsize <= 1 or len(raw) % itemsize:
        return raw
    return np.frombuffer(raw, np.uint8).reshape(-1, itemsize).T.tobytes()


def _unshuffle(raw: bytes, itemsize: int) -> bytes | memoryview:
    if itemsize <= 1 or len(raw) % itemsize:
        return raw
    planes = np.frombuffer(raw, np.uint8).reshape(itemsize, -1)
    return memoryview(np.ascontiguousarray(planes.T).reshape(-1).data)
