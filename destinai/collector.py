"""When Python's cyclic garbage collector runs: not while a command starts or loads an index.

A cold command imports ~400 modules and builds lists and dictionaries of 100,000 labels. None
of that is cyclic garbage, yet the collector's passes, triggered every 700 new objects, walked
it again and again: ~100 gen-0, ~11 gen-1 and a full pass, 70-100 ms of a 0.6 s ``search``
(measured with ``gc.callbacks``). Reference counting frees everything that is not in a cycle,
so a one-shot command loses nothing with the collector off:

- :func:`one_shot`: the command line turns it off for the whole command (``destinai.cli``);
  commands that run long (``serve``, ``build``, JSON Lines batches) call :func:`long_running`
  to turn it back on.
- :func:`paused`: index loads (search index, embedder, extractor) build their tables without
  collector passes, in the web server and batches too; the server then freezes what its
  warm-up loaded (``destinai.web.warmup``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def one_shot() -> None:
    """No cyclic garbage collection for the rest of this process (a one-shot command)."""
    gc.disable()


def long_running() -> None:
    """Cyclic garbage collection back on (a server, a build, a batch of many inputs)."""
    gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """No collector passes inside the block (loading long-lived tables); on again after it
    if it was on before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
