"""Helpers shared by the benchmark modules: timing with medians and percentiles."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timings_ms(fn: Callable[[], Any], repeat: int = 50, warmup: int = 3) -> list[float]:
    """Wall-clock milliseconds of ``repeat`` calls after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    """Median, p95 and max of a list of timings."""
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 3), "p95_ms": round(p95, 3),
            "max_ms": round(ordered[-1], 3), "n": len(ordered)}


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """A Markdown table of ``rows`` restricted to ``columns``."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(lines)
