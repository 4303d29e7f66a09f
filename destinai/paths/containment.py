"""Feeding lines by asymmetric skill containment (Nesta, *Mapping Career Causeways*, 2020).

An occupation a *feeds* b when most of a's essential skills are among b's while b needs
clearly more: a kitchen porter's skills are largely a kitchen assistant's, not the other way
round. With S = |E_a ∩ E_b| (ESCO essential skills, exact identity):

- a's skills contained in b: ``S / |E_a|`` ≥ ``MIN_CONTAINED``;
- the asymmetry: ``S / |E_a| - S / |E_b|`` ≥ ``MIN_ASYMMETRY`` (b asks for more);
- a has at least ``MIN_SKILLS`` essential skills (two shared skills of three say nothing).

moves.py uses it to admit an occupation at the same seniority as an entry point (only where
no seniority signal votes against, direction.py) and as evidence that an advancement
candidate builds on the origin's work.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from destinai.grammar import with_article

MIN_SKILLS = 4
MIN_CONTAINED = 0.5
MIN_ASYMMETRY = 0.2


def _essential_keys(index: Any) -> np.ndarray:
    """Every (occupation, essential skill) pair as one sorted int64 key (cached on the index)."""
    cached = index.__dict__.get("_essential_keys")
    if cached is None:
        e = index.matrix.raw["essential"]
        rows = np.repeat(np.arange(e.shape[0], dtype=np.int64), np.diff(e.indptr))
        cached = np.sort(rows * e.shape[1] + e.indices)
        index.__dict__["_essential_keys"] = cached
    return cached


def shared_counts(index: Any, edges: np.ndarray) -> np.ndarray:
    """Per given stored edge a → b, the number of essential skills a and b share: each of
    a's skills looked up among b's (only the edges asked about: a cold ``paths`` needs a few
    hundred of the 300k)."""
    edges = np.asarray(edges, np.int64)
    e = index.matrix.raw["essential"]
    keys = _essential_keys(index)
    a, b = index.edge_src[edges], index.edge_dst[edges]
    starts = e.indptr[a]
    counts = e.indptr[a + 1] - starts
    take = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    probe = np.repeat(b.astype(np.int64), counts) * e.shape[1] + e.indices[take]
    found = np.searchsorted(keys, probe)
    hit = keys[np.minimum(found, len(keys) - 1)] == probe if len(keys) else probe < 0
    owner = np.repeat(np.arange(len(edges)), counts)
    return np.bincount(owner, weights=hit, minlength=len(edges)).astype(np.int32)


def essential_counts(index: Any) -> np.ndarray:
    """Per occupation, its number of essential skills."""
    return np.diff(index.matrix.raw["essential"].indptr)


def feeds(index: Any, edges: np.ndarray, reverse: bool = False) -> np.ndarray:
    """Per stored edge a → b: a feeds b (or, with ``reverse``, b feeds a) by the rule in the
    module docstring."""
    edges = np.asarray(edges, np.int64)
    a, b = index.edge_src[edges], index.edge_dst[edges]
    if reverse:
        a, b = b, a
    shared = shared_counts(index, edges).astype(np.float64)
    n = essential_counts(index)
    na, nb = n[a].astype(np.float64), n[b].astype(np.float64)
    inside = np.divide(shared, na, out=np.zeros_like(shared), where=na > 0)
    covers = np.divide(shared, nb, out=np.zeros_like(shared), where=nb > 0)
    return (na >= MIN_SKILLS) & (inside >= MIN_CONTAINED) & (inside - covers >= MIN_ASYMMETRY)


def _words(label: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z]+", label.lower()))


def specialisation(index: Any, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair: a's title is b's with a qualifier (hospital pharmacist, pharmacist;
    roadside vehicle technician, vehicle technician): a specialisation of b lists fewer of
    the shared skills, so containment says nothing of who feeds whom."""
    labels = index.occupation_labels
    out = np.zeros(len(a), bool)
    for i, (x, y) in enumerate(zip(np.asarray(a).tolist(), np.asarray(b).tolist(),
                                   strict=True)):
        wa, wb = _words(labels[x]), _words(labels[y])
        n = len(wb)
        out[i] = len(wa) > n and any(wa[k:k + n] == wb for k in range(len(wa) - n + 1))
    return out


def reason(index: Any, a: int, b: int, edge: int) -> str:
    """Plain words for a feeding line a → b: "needs 12 of the 14 essential skills a X has,
    plus 9 more"."""
    shared = int(shared_counts(index, np.array([edge]))[0])
    n = essential_counts(index)
    return (f"needs {shared} of the {int(n[a])} essential skills "
            f"{with_article(index.occupation_labels[a])} has, plus {int(n[b]) - shared} more")
