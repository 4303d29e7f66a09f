"""The one-thread BLAS limit is counted: overlapping holders keep it until the last leaves."""

from __future__ import annotations

import threading

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from destinai.search.embedder import single_threaded_blas


@pytest.fixture(autouse=True)
def _two_blas_threads():  # type: ignore[no-untyped-def]
    """Two threads to start from, so that a limit lifted too early shows on a 1-core machine."""
    with threadpool_limits(limits=2, user_api="blas"):
        if _blas_threads() != {2}:
            pytest.skip("this NumPy's BLAS has no thread pool to limit")
        yield


def _blas_threads() -> set[int]:
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_overlapping_holders_keep_one_thread_until_the_last_leaves() -> None:
    before = _blas_threads()
    first_in, second_done = threading.Event(), threading.Event()
    seen: dict[str, set[int]] = {}

    def other_thread() -> None:
        with single_threaded_blas():
            first_in.set()
            second_done.wait(5)
        seen["after the other left"] = _blas_threads()

    with single_threaded_blas():
        worker = threading.Thread(target=other_thread)
        worker.start()
        first_in.wait(5)
    # the main thread has left; the other still holds the limit
    seen["while the other holds it"] = _blas_threads()
    second_done.set()
    worker.join(5)
    assert seen["while the other holds it"] == {1}
    assert seen["after the other left"] == before


def test_the_limit_is_lifted_after_an_error() -> None:
    before = _blas_threads()
    try:
        with single_threaded_blas():
            assert _blas_threads() == {1}
            raise RuntimeError("inside")
    except RuntimeError:
        pass
    assert _blas_threads() == before
