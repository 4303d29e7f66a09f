"""Server start-up: load the engines' indexes before the first request, then freeze them.

The search and paths indexes take seconds to load; loading them at start-up keeps that off
the first users' requests. ``gc.freeze()`` then moves the hundreds of thousands of objects
they hold out of the garbage collector's view: without it every full collection walks them
all (0.19 s measured, with the event loop and so every connection stopped). Finally the
memory freed while loading goes back to the system (:func:`release_free_memory`).
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI

from destinai.catalog.db import Catalog

log = logging.getLogger("destinai.web")


def warm_up(catalog: Catalog) -> float:
    """Run each engine once through its public function; returns the seconds taken."""
    from destinai.match.engine import match
    from destinai.match.profile import build_profile
    from destinai.paths.engine import career_paths
    from destinai.profiles.occupation_profile import occupation_profile
    from destinai.search.hybrid import search_hybrid

    start = time.perf_counter()
    search_hybrid(catalog, "nurse", "occupation", 1)
    search_hybrid(catalog, "welding", "skill", 1)
    from destinai.search.index import get_index

    for kind in ("occupation", "skill"):         # the trigram arrays are read on first use
        get_index(catalog).kinds[kind].fuzzy_choices.search("welder", 1)
    first = catalog.scalar("SELECT uri FROM occupations ORDER BY uri LIMIT 1")
    if first is not None:
        occupation_profile(catalog, first)
        career_paths(catalog, first, 1)
        # matching's data, the extractor and the task vectors: loaded here, their loading
        # garbage is handed back by release_free_memory instead of staying in a worker
        match(catalog, build_profile(catalog, ["teamwork principles"]), 1)
        from destinai.match.data import match_data
        from destinai.match.tasks import task_index

        # a one-shot match sums only the tasks near its phrases; a server, all of them once
        task_index(catalog, match_data(catalog)).vectors  # noqa: B018
    return time.perf_counter() - start


def release_free_memory() -> bool:
    """Hand the heap memory freed while loading back to the system (glibc ``malloc_trim``).

    Loading the indexes decompresses and converts arrays in a worker thread; glibc keeps the
    freed pages in that thread's arena, so each worker stayed ~80 MB larger than what it
    holds. False where the C library has no ``malloc_trim`` (macOS, musl).
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.malloc_trim(0))
    except (OSError, AttributeError):
        return False


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Warm the engines, then freeze what they loaded out of the GC's generations."""
    seconds = await anyio.to_thread.run_sync(warm_up, app.state.catalog)
    gc.collect()
    gc.freeze()
    release_free_memory()
    log.info("engines loaded in %.1f s; %d objects frozen", seconds, gc.get_freeze_count())
    yield
