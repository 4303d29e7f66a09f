"""Progress of batch commands (``extract --jsonl``, ``normalize-title --jsonl``) on stderr.

On a terminal: a rich bar with documents done of total, rate and time left. With
``--progress`` when stderr is not a terminal (a log file, CI): a plain line at most every
``PLAIN_EVERY`` seconds and one at the end, so logs stay readable. Nothing otherwise, and
never on stdout, which carries the results.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

PLAIN_EVERY = 2.0     # seconds between plain progress lines


class BatchProgress:
    """Counts documents; shows nothing (the base class is silent)."""

    def __init__(self, total: int, unit: str) -> None:
        self.total, self.unit, self.done = total, unit, 0

    def __enter__(self) -> BatchProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self) -> None:
        """One more document done."""
        self.done += 1

    def close(self) -> None:
        """Take the display down."""


class PlainProgress(BatchProgress):
    """``n/total units, rate/s, ETA m:ss`` lines for logs."""

    def __init__(self, total: int, unit: str, stream: TextIO) -> None:
        super().__init__(total, unit)
        self.stream = stream
        self.started = self.last = time.perf_counter()

    def line(self) -> str:
        """The current state in one line."""
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return (f"{self.done}/{self.total} {self.unit}, {rate:.1f}/s, "
                f"ETA {int(left) // 60}:{int(left) % 60:02d}")

    def advance(self) -> None:
        """Count it; print a line when ``PLAIN_EVERY`` seconds have passed."""
        super().advance()
        now = time.perf_counter()
        if now - self.last >= PLAIN_EVERY and self.done < self.total:
            self.last = now
            print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        """The final count."""
        print(self.line(), file=self.stream, flush=True)


class BarProgress(BatchProgress):
    """A rich progress bar: done/total, percentage, rate, time remaining."""

    def __init__(self, total: int, unit: str, console: Console) -> None:
        super().__init__(total, unit)
        self.bar = Progress(TextColumn(unit), BarColumn(), MofNCompleteColumn(),
                            TaskProgressColumn(), TextColumn("{task.fields[rate]}"),
                            TimeRemainingColumn(), console=console, transient=False)
        self.task = self.bar.add_task(unit, total=total, rate="")
        self.started = time.perf_counter()
        self.bar.start()

    def advance(self) -> None:
        """Move the bar on and refresh the rate."""
        super().advance()
        rate = self.done / max(time.perf_counter() - self.started, 1e-9)
        self.bar.update(self.task, advance=1, rate=f"{rate:.1f} {self.unit}/s")

    def close(self) -> None:
        """Leave the finished bar on screen."""
        self.bar.stop()


def batch_progress(total: int, unit: str, show: bool | None = None,
                   stream: TextIO | None = None) -> BatchProgress:
    """The display for a batch of ``total`` items: a bar on a terminal when ``show`` is None
    (the default) or True, plain lines when ``show`` is True and ``stream`` is no terminal,
    nothing when ``show`` is False or None off a terminal."""
    stream = stream if stream is not None else sys.stderr
    tty = bool(getattr(stream, "isatty", lambda: False)())
    if show is False or (show is None and not tty):
        return BatchProgress(total, unit)
    if tty:
        return BarProgress(total, unit, Console(file=stream))
    return PlainProgress(total, unit, stream)
