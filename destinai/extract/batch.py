"""JSON Lines batch mode shared by ``extract --jsonl`` and ``normalize-title --jsonl``.

Input: one item per line, either a JSON string or a JSON object with the text under ``key``
("text" for documents, "title" for titles; objects may carry "id" and, for titles, "text").
A line that is not valid JSON is taken as plain text. Output: one JSON object per input line,
in order: ``{"line": n, "id": ..., <results key>: [...]}`` or ``{"line": n, "error": "..."}``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO


def parse_line(line: str, key: str) -> dict[str, Any]:
    """One input line -> {key: str, ...} or {"error": str}."""
    stripped = line.strip()
    if not stripped:
        return {"error": "empty line"}
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError:
        value = stripped
    if isinstance(value, str):
        return {key: value}
    if isinstance(value, dict) and isinstance(value.get(key), str):
        return value
    return {"error": f'expected a JSON string or an object with a string "{key}"'}


def run_batch(lines: Iterable[str], key: str, results_key: str,
              handle: Callable[[dict[str, Any]], list[dict[str, Any]]],
              out: TextIO, progress: bool | None = None, unit: str = "documents"
              ) -> tuple[int, int]:
    """Process every line in order, writing one JSON object each; (done, failed).

    Progress (done, rate, time left) goes to stderr: a bar when stderr is a terminal and
    ``progress`` is None, plain lines when ``progress`` is True off a terminal, none when
    False (see :mod:`destinai.batch_progress`).
    """
    from destinai import collector
    from destinai.batch_progress import batch_progress
    from destinai.extract.reader import DocumentError

    collector.long_running()        # many inputs: cyclic garbage is collected again

    items = list(lines)
    done = failed = 0
    with batch_progress(len(items), unit, progress, sys.stderr) as bar:
        for number, line in enumerate(items, start=1):
            item = parse_line(line, key)
            record: dict[str, Any] = {"line": number}
            if "id" in item:
                record["id"] = item["id"]
            if "error" in item:
                record["error"] = item["error"]
            else:
                try:
                    record[results_key] = handle(item)
                except DocumentError as exc:
                    record["error"] = str(exc)
            failed += "error" in record
            done += 1
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            bar.advance()
    out.flush()
    return done, failed
