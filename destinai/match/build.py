"""Matching's build step: the O*NET task statements, tokenised once.

Task fit (``match.tasks``) compares a person's phrases with the 18,800 O*NET task statements.
Tokenising them took ~1.5 s of every cold ``destinai match`` or ``study``; the token ids are
stored here instead (``search_arrays``, kind ``onet_task``: ~0.6 MB), and a process sums the
embedding table's rows for them (:meth:`StaticEmbedder.encode_token_ids`, ~0.1 s): the same
vectors, bit for bit, as embedding the texts. The length of each task's summed vector is
stored too (``norms``, 75 KB), from which a cold match estimates every task's cosine with its
phrases without summing them all (``match.tasks``).

It also stores the casefolded skill label -> skill map that matching reads exact phrases with
(kind ``match_labels``): building it from 13,900 skills' JSON alternative labels took ~0.2 s
of every cold ``match`` that is given phrases.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from destinai.search import compiled
from destinai.search.embedder import MODEL_ID, get_embedder

if TYPE_CHECKING:
    from destinai.catalog.steps import BuildContext

KIND = "onet_task"
TASKS_SQL = "SELECT code, task FROM onet_tasks ORDER BY code, task_id"
TASK_COUNTS_SQL = "SELECT code, count(*) FROM onet_tasks GROUP BY code ORDER BY code"
LABELS_KIND = "match_labels"
LABELS_SQL = "SELECT uri, label, alt_labels FROM skills"


def build_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Store the token ids of every task statement, in ``TASKS_SQL`` order."""
    context.say("tokenising O*NET task statements")
    texts = [task for _, task in db.execute(TASKS_SQL)]
    embedder = get_embedder()
    ids, lengths = embedder.token_ids(texts)
    # the length of each task's summed token vector: a cold match estimates the tasks'
    # cosines with its phrases from these and computes only the close ones (match.tasks)
    norms = np.linalg.norm(embedder.token_sums(ids, lengths), axis=1).astype(np.float32)
    compiled.store(db, KIND, {"ids": ids.astype(np.int32), "lengths": lengths.astype(np.int32),
                              "norms": norms})
    by_label = skill_labels(db.execute(LABELS_SQL))
    uris = sorted(set(by_label.values()))
    position = {u: n for n, u in enumerate(uris)}
    keys = sorted(by_label)
    compiled.store(db, LABELS_KIND, {
        "keys": keys, "uris": uris,
        "skill": np.array([position[by_label[k]] for k in keys], dtype=np.int32)})
    return {"tasks": len(texts), "tokens": int(lengths.sum()), "skill_labels": len(keys)}


def skill_labels(rows: Iterable[tuple[str, str, str | None]]) -> dict[str, str]:
    """Casefolded preferred or alternative label -> skill URI, from (uri, label, alt_labels
    JSON) rows in ``LABELS_SQL`` order: a preferred label wins over an alternative one."""
    by_label: dict[str, str] = {}
    for uri, label, alts in rows:
        for name in json.loads(alts or "[]"):
            by_label.setdefault(name.casefold(), uri)
        by_label[label.casefold()] = uri
    return by_label


def parameters() -> dict[str, object]:
    """The values that shape what this step stores (part of the catalog format fingerprint)."""
    return {"model": MODEL_ID}
