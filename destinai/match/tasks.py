"""Does the job involve what the person said? Phrases against O*NET task statements.

ESCO's skill lists are abstract ("implement fundamentals of nursing"); O*NET's task
statements are how work is described in everyday words ("Record patients' medical information
and vital signs"). Each phrase is embedded with the search engine's sentence embedder and
compared with the tasks of every occupation's O*NET code; the best task's cosine, scaled from
``COS_NONE`` (0) to ``COS_FULL`` (1), is that phrase's fit, and an occupation's task fit is the
mean over the phrases. The best task is kept as plain-words evidence for the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from destinai.catalog.db import Catalog, CatalogMissing
from destinai.match.build import KIND, TASKS_SQL
from destinai.match.data import MatchData
from destinai.search import compiled
from destinai.search.embedder import get_embedder

COS_NONE, COS_FULL = 0.45, 0.80


@dataclass
class TaskIndex:
    """Task vectors grouped by O*NET code, and each occupation's code."""

    vectors: np.ndarray        # tasks × DIM, sorted by code
    texts: list[str]
    starts: np.ndarray         # first task row of each code
    code_of: np.ndarray        # occupation -> code position (-1: no tasks)


def task_index(catalog: Catalog, data: MatchData) -> TaskIndex:
    """The task index for the catalog (built on first use: the tasks are embedded once)."""
    return catalog.derived("match.task_index", lambda: _task_index(catalog, data))


def _task_index(catalog: Catalog, data: MatchData) -> TaskIndex:
    rows = catalog.rows(TASKS_SQL)
    codes = [r["code"] for r in rows]
    firsts = [i for i, c in enumerate(codes) if i == 0 or codes[i - 1] != c]
    position = {codes[i]: n for n, i in enumerate(firsts)}
    occupations = data.index.matrix.occupations
    code_of = np.array([position.get(data.index.facts.get(u, {}).get("onet_code"), -1)
                        for u in occupations], np.int64)
    vectors = _task_vectors(catalog, len(rows)) if rows else np.zeros((0, 1), np.float32)
    return TaskIndex(vectors, [r["task"] for r in rows], np.array(firsts, np.int64), code_of)


def _task_vectors(catalog: Catalog, count: int) -> np.ndarray:
    """The tasks' embeddings from the token ids the build stored (``match.build``)."""
    stored = compiled.load(catalog.rows(
        "SELECT name, dtype, shape, data FROM search_arrays WHERE kind = ?", (KIND,)))
    if len(stored.get("lengths", ())) != count:
        raise CatalogMissing("the catalog has no tokenised O*NET tasks (built by an older "
                             "version): run `destinai build`")
    return get_embedder().encode_token_ids(stored["ids"], stored["lengths"])


def task_fit(catalog: Catalog, data: MatchData, phrases: list[str]
             ) -> tuple[np.ndarray, np.ndarray]:
    """(per occupation 0..1 mean phrase fit, per occupation index of its best task or -1)."""
    n = len(data.index.matrix.occupations)
    index = task_index(catalog, data)
    if not phrases or not len(index.starts):
        return np.zeros(n), np.full(n, -1)
    cos = get_embedder().encode(phrases) @ index.vectors.T            # phrases × tasks
    by_code = np.maximum.reduceat(cos, index.starts, axis=1)          # phrases × codes
    fit = np.clip((by_code - COS_NONE) / (COS_FULL - COS_NONE), 0.0, 1.0).mean(axis=0)
    column = cos.max(axis=0)                                          # best phrase per task
    # the best task of each code: sort by (code, -fit), take each code's first row
    code_of_task = np.repeat(np.arange(len(index.starts)),
                             np.diff(np.r_[index.starts, cos.shape[1]]))
    order = np.lexsort((-column, code_of_task))
    best_task = order[index.starts]
    has = index.code_of >= 0
    out_fit, out_task = np.zeros(n), np.full(n, -1)
    out_fit[has] = fit[index.code_of[has]]
    out_task[has] = best_task[index.code_of[has]]
    return out_fit, out_task


def task_text(catalog: Catalog, data: MatchData, row: int) -> str:
    """The text of one task row of the index."""
    return task_index(catalog, data).texts[row]
