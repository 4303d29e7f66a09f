"""Matching's build step: the O*NET task statements, tokenised once.

Task fit (``match.tasks``) compares a person's phrases with the 18,800 O*NET task statements.
Tokenising them took ~1.5 s of every cold ``destinai match`` or ``study``; the token ids are
stored here instead (``search_arrays``, kind ``onet_task``: ~1 MB), and a process sums the
embedding table's rows for them (:meth:`StaticEmbedder.encode_token_ids`, ~0.1 s): the same
vectors, bit for bit, as embedding the texts.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import numpy as np

from destinai.search import compiled
from destinai.search.embedder import MODEL_ID, get_embedder

if TYPE_CHECKING:
    from destinai.catalog.steps import BuildContext

KIND = "onet_task"
TASKS_SQL = "SELECT code, task FROM onet_tasks ORDER BY code, task_id"


def build_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Store the token ids of every task statement, in ``TASKS_SQL`` order."""
    context.say("tokenising O*NET task statements")
    texts = [task for _, task in db.execute(TASKS_SQL)]
    ids, lengths = get_embedder().token_ids(texts)
    compiled.store(db, KIND, {"ids": ids.astype(np.int32), "lengths": lengths.astype(np.int32)})
    return {"tasks": len(texts), "tokens": int(lengths.sum())}


def parameters() -> dict[str, object]:
    """The values that shape what this step stores (part of the catalog format fingerprint)."""
    return {"model": MODEL_ID}
