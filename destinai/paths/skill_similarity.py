"""Skill↔skill similarity used for partial credit: TF-IDF over labels, plus ESCO relations.

``skill_neighbours`` is the one seam an embedding backend would replace: it returns, for each
skill, a few close skills with a similarity in 0..1. The rest of matching and paths only reads
the ``skill_neighbours`` table it fills.
"""

from __future__ import annotations

import json
import sqlite3

import numpy as np

from destinai.paths.text import tfidf, top_k_neighbours

NEIGHBOURS = 8            # per skill, from text
MIN_TEXT_SIMILARITY = 0.45
RELATED_SIMILARITY = 0.4  # an ESCO skill-skill relation ("X needs/benefits from Y")
MAX_CREDIT = 0.8          # a stand-in skill never counts as much as the skill itself


def skill_texts(db: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """Skill URIs and the text each is compared on: labels weigh twice, then alt labels."""
    uris, texts = [], []
    for uri, label, alts, description in db.execute(
            "SELECT uri, label, alt_labels, description FROM skills ORDER BY uri"):
        alt = " ".join(a for a in json.loads(alts or "[]") if a != label)
        uris.append(uri)
        texts.append(f"{label} {label} {alt} {(description or '')[:200]}")
    return uris, texts


def skill_neighbours(db: sqlite3.Connection) -> list[tuple[str, str, float, str]]:
    """(skill, neighbour, similarity, source) with source ``text``, ``related`` or both."""
    uris, texts = skill_texts(db)
    if not uris:
        return []
    matrix, _ = tfidf(texts)
    rows, cols, vals = top_k_neighbours(matrix, NEIGHBOURS, MIN_TEXT_SIMILARITY)
    best: dict[tuple[str, str], tuple[float, str]] = {}
    for r, c, v in zip(rows.tolist(), cols.tolist(), vals.tolist(), strict=True):
        # scale cosine MIN..1 onto 0.3..MAX_CREDIT so weak text matches earn little
        credit = 0.3 + (MAX_CREDIT - 0.3) * (v - MIN_TEXT_SIMILARITY) / (1 - MIN_TEXT_SIMILARITY)
        best[(uris[r], uris[c])] = (round(float(np.clip(credit, 0, MAX_CREDIT)), 4), "text")
    for a, b in db.execute("SELECT skill_uri, related_uri FROM skill_relations"):
        for pair in ((a, b), (b, a)):
            old = best.get(pair)
            if old is None:
                best[pair] = (RELATED_SIMILARITY, "related")
            else:
                best[pair] = (max(old[0], RELATED_SIMILARITY), "text+related")
    return [(a, b, v, src) for (a, b), (v, src) in best.items()]
