"""Derived state (indexes, matrices, trees) belongs to the Catalog object."""

from __future__ import annotations

import threading
import time

import pytest

from destinai.catalog.db import Catalog
from destinai.match.data import match_data
from destinai.paths.index import load_index
from destinai.search.index import get_index


def test_built_once_per_catalog_and_shared_by_threads(mini_catalog: Catalog) -> None:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        time.sleep(0.05)
        return object()

    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(mini_catalog.derived("t.x", build)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(g) for g in got}) == 1
    assert mini_catalog.derived("t.x", build) is got[0]


def test_a_new_catalog_object_has_its_own_state(mini_catalog: Catalog) -> None:
    # a rebuilt catalog is opened as a new Catalog: nothing carries over by path or mtime
    again = Catalog(mini_catalog.path)
    assert load_index(again) is not load_index(mini_catalog)
    assert load_index(mini_catalog) is load_index(mini_catalog)
    assert get_index(mini_catalog) is get_index(mini_catalog)
    assert match_data(mini_catalog).index is load_index(mini_catalog)


def test_forget_derived_rebuilds_on_next_use(mini_catalog: Catalog) -> None:
    first = load_index(mini_catalog)
    mini_catalog.forget_derived()
    assert load_index(mini_catalog) is not first


def test_a_failed_build_is_retried(mini_catalog: Catalog) -> None:
    attempts: list[int] = []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first try fails")
        return "ok"

    with pytest.raises(RuntimeError):
        mini_catalog.derived("t.flaky", flaky)
    assert mini_catalog.derived("t.flaky", flaky) == "ok"
