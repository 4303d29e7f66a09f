"""Occupation-level similarity that does not come from skills: what the occupation *is*.

- ``occupation_text``: how alike two occupations are described — TF-IDF cosine over the title
  (twice), alternative labels and description, blended with the cosine of static sentence
  embeddings of the description (``destinai.search.embedder``, WordLlama weights shipped in the
  wheel). Falls back to TF-IDF alone when the embedder is not installed.
- ``isco_proximity``: 1.0 in the same ISCO-08 unit group, 0.75 same minor group, 0.5 same
  sub-major group, 0.25 same major group, else 0.

Both are symmetric dense matrices over the occupations, in the order given.
"""

from __future__ import annotations

import json
import sqlite3

import numpy as np

from destinai.paths.text import tfidf

EMBEDDING_SHARE = 0.25  # of the text component; measured on the tuning half (docs/matching.md)


def _texts(db: sqlite3.Connection, occupations: list[str]) -> tuple[list[str], list[str]]:
    rows = {uri: (label, json.loads(alts or "[]"), description or "")
            for uri, label, alts, description in db.execute(
                "SELECT uri, label, alt_labels, description FROM occupations")}
    full, described = [], []
    for uri in occupations:
        label, alts, description = rows[uri]
        full.append(f"{label} {label} {' '.join(alts)} {description}")
        described.append(description or label)
    return full, described


def _embedding_cosine(texts: list[str]) -> np.ndarray | None:
    try:
        from destinai.search.embedder import get_embedder

        vectors = get_embedder().encode(texts)
    except (ImportError, OSError):  # optional: a catalog still builds without the model
        return None
    return np.clip(vectors @ vectors.T, 0, 1).astype(np.float32)


def occupation_text_similarity(db: sqlite3.Connection, occupations: list[str]) -> np.ndarray:
    """Dense [a, b] text similarity of occupation descriptions (0..1, symmetric)."""
    if not occupations:
        return np.zeros((0, 0), np.float32)
    full, described = _texts(db, occupations)
    vectors, _ = tfidf(full, max_df_share=0.2)
    lexical = (vectors @ vectors.T).toarray().astype(np.float32)
    semantic = _embedding_cosine(described)
    if semantic is None:
        return lexical
    return ((1 - EMBEDDING_SHARE) * lexical + EMBEDDING_SHARE * semantic).astype(np.float32)


def isco_proximity(db: sqlite3.Connection, occupations: list[str]) -> np.ndarray:
    """Dense [a, b]: depth of the deepest shared ISCO-08 group / 4 (unit group = 1.0)."""
    groups = dict(db.execute("SELECT uri, isco_group FROM occupations"))
    codes = [groups.get(uri) or "" for uri in occupations]
    out = np.zeros((len(codes), len(codes)), np.float32)
    for depth in (1, 2, 3, 4):
        prefix = np.array([c[:depth] if len(c) >= depth else f"-{i}" for i, c in enumerate(codes)])
        out[prefix[:, None] == prefix[None, :]] = depth / 4
    return out
