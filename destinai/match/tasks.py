"""Does the job involve what the person said? Phrases against O*NET task statements.

ESCO's skill lists are abstract ("implement fundamentals of nursing"); O*NET's task
statements are how work is described in everyday words ("Record patients' medical information
and vital signs"). Each phrase is embedded with the search engine's sentence embedder and
compared with the tasks of every occupation's O*NET code; the best task's cosine, scaled from
``COS_NONE`` (0) to ``COS_FULL`` (1), is that phrase's fit, and an occupation's task fit is the
mean over the phrases. The best task is kept as plain-words evidence for the explanation.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog, CatalogMissing
from destinai.match.build import KIND, TASK_COUNTS_SQL, TASKS_SQL
from destinai.match.data import MatchData
from destinai.search import compiled
from destinai.search.embedder import get_embedder, normalize, single_threaded_blas

COS_NONE, COS_FULL = 0.45, 0.80
NEAR_FITS = 2          # task fits of a process answered from the tasks near the phrases
MARGIN = 1e-3          # the estimate's error is ~1e-6: tasks this far below COS_NONE count


class TaskIndex:
    """The O*NET tasks grouped by code, each occupation's code, and the tasks' vectors.

    ``vectors`` (18,800 x 256 float32, ~0.15 s to sum from the stored token ids) is made on
    first use; a process's first ``NEAR_FITS`` fits need only the tasks whose cosine with a
    phrase can reach ``COS_NONE`` (a few hundred, see :meth:`close_cosines`)."""

    def __init__(self, catalog: Catalog, codes: list[str], starts: np.ndarray,
                 code_of: np.ndarray, stored: dict[str, Any]) -> None:
        self.catalog, self.codes = catalog, codes
        self.starts, self.code_of = starts, code_of       # first task row of each code
        self.ids = np.asarray(stored["ids"], np.int64)
        self.lengths = np.asarray(stored["lengths"], np.int64)
        self.norms: np.ndarray | None = stored.get("norms")   # absent: an older catalog
        self._near_fits = 0

    def text(self, row: int) -> str:
        """The statement of task ``row`` (``TASKS_SQL`` order: by code, then task id)."""
        code = int(np.searchsorted(self.starts, row, side="right")) - 1
        found = self.catalog.connection.execute(
            "SELECT task FROM onet_tasks WHERE code = ? ORDER BY task_id LIMIT 1 OFFSET ?",
            (self.codes[code], row - int(self.starts[code]))).fetchone()
        return str(found[0])

    @cached_property
    def texts(self) -> list[str]:
        """Every task's statement, in row order."""
        return [task for _, task in self.catalog.connection.execute(TASKS_SQL)]

    @cached_property
    def vectors(self) -> np.ndarray:
        """Every task's vector (tasks x DIM, sorted by code)."""
        if not len(self.lengths):
            return np.zeros((0, 1), np.float32)
        return get_embedder().encode_token_ids(self.ids, self.lengths)

    @cached_property
    def counts(self) -> Any:
        """tasks x vocabulary: how often each token occurs in each task (scipy CSR)."""
        from scipy import sparse

        ptr = np.r_[0, np.cumsum(self.lengths)]
        return sparse.csr_matrix((np.ones(len(self.ids), np.float32), self.ids, ptr),
                                 shape=(len(self.lengths), len(get_embedder().half)))

    @cached_property
    def tokens(self) -> np.ndarray:
        """The token ids some task holds, sorted."""
        used = np.zeros(len(get_embedder().half), bool)
        used[self.ids] = True
        return np.flatnonzero(used)

    def close_cosines(self, queries: np.ndarray, floor: float) -> np.ndarray:
        """(queries, tasks): ``queries @ vectors.T`` wherever it is at least ``floor``, bit
        for bit; elsewhere a value below ``floor`` (-1 where not computed).

        The first ``NEAR_FITS`` calls estimate every cosine from the tokens' own cosines
        (a task vector is its summed token vectors over the stored norm of that sum) and
        compute exactly only the tasks the estimate puts within ``MARGIN`` of ``floor``,
        summed as ``vectors`` sums them (``token_sums_of``), row for row the same (tested)."""
        if "vectors" in self.__dict__ or self.norms is None or self._near_fits >= NEAR_FITS \
                or not len(self.lengths):
            return queries @ self.vectors.T
        self._near_fits += 1
        embedder = get_embedder()
        # the tokens' cosines with the queries (zero for the tokens no task holds: 8,000 of
        # the table's 32,000 are used), summed per task by the count matrix
        per_token = np.zeros((self.counts.shape[1], len(queries)), np.float32)
        per_token[self.tokens] = embedder.rows(self.tokens) @ queries.T
        estimate = (self.counts @ per_token) / np.maximum(self.norms, 1e-12)[:, None]
        near = np.flatnonzero(estimate.max(axis=1, initial=-1.0) >= floor - MARGIN)
        # the product has the shape of the whole one (zero rows for the far tasks): BLAS picks
        # its kernel by shape, and another shape can round the near tasks' sums differently
        vectors = np.zeros((len(self.lengths), embedder.dim), np.float32)
        vectors[near] = normalize(embedder.token_sums_of(self.ids, self.lengths, near))
        out = queries @ vectors.T
        far = np.ones(len(self.lengths), bool)
        far[near] = False
        out[:, far] = -1.0
        return out


def task_index(catalog: Catalog, data: MatchData) -> TaskIndex:
    """The task index for the catalog (read on first use; the vectors made when needed)."""
    return catalog.derived("match.task_index", lambda: _task_index(catalog, data))


def _task_index(catalog: Catalog, data: MatchData) -> TaskIndex:
    # each code's number of tasks, from the primary key's index (the texts are read when a
    # task is quoted: 18,800 of them took ~50 ms to read)
    counts = catalog.connection.execute(TASK_COUNTS_SQL).fetchall()
    firsts = np.r_[0, np.cumsum([n for _, n in counts])[:-1]].astype(np.int64) if counts \
        else np.zeros(0, np.int64)
    position = {code: n for n, (code, _) in enumerate(counts)}
    occupations = data.index.matrix.occupations
    code_of = np.array([position.get(data.index.facts.get(u, {}).get("onet_code"), -1)
                        for u in occupations], np.int64)
    total = sum(n for _, n in counts)
    stored = compiled.load(catalog.rows(
        "SELECT name, dtype, shape, data FROM search_arrays WHERE kind = ?", (KIND,)))
    if total and len(stored.get("lengths", ())) != total:
        raise CatalogMissing("the catalog has no tokenised O*NET tasks (built by an older "
                             "version): run `destinai build`")
    if not total:
        stored = {"ids": np.zeros(0, np.int64), "lengths": np.zeros(0, np.int64)}
    return TaskIndex(catalog, [code for code, _ in counts], firsts, code_of, stored)


def task_fit(catalog: Catalog, data: MatchData, phrases: list[str]
             ) -> tuple[np.ndarray, np.ndarray]:
    """(per occupation 0..1 mean phrase fit, per occupation index of its best task or -1).

    A code's best task is that of the best fit; where no phrase reaches ``COS_NONE`` (fit 0)
    it is any of the code's tasks (no closest task is quoted there)."""
    n = len(data.index.matrix.occupations)
    index = task_index(catalog, data)
    if not phrases or not len(index.starts):
        return np.zeros(n), np.full(n, -1)
    # only cosines from COS_NONE up count: below it every fit is clipped to 0
    # one BLAS thread whatever other threads hold: the rounding of a product depends on it
    with single_threaded_blas():
        cos = index.close_cosines(get_embedder().encode(phrases), COS_NONE)   # phrases × tasks
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
    return task_index(catalog, data).text(row)
