"""How a build reports progress: a phase starts, a note inside it, the end.

The build only calls these methods; what the user sees (a progress bar on a terminal, plain
lines in a log) is decided by the interface (``destinai.build_progress``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable


@runtime_checkable
class BuildProgress(Protocol):
    """Receives the build's phases in order; each ``phase`` call ends the previous phase."""

    def start(self, phases: list[str]) -> None:
        """The build is about to run these phases (their names, in order)."""

    def phase(self, name: str) -> None:
        """A phase begins."""

    def note(self, message: str) -> None:
        """A detail inside the current phase."""

    def finish(self) -> None:
        """The last phase has ended (also called when the build fails)."""


class Timings:
    """Records how long each phase took; the base of every reporter."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._current: str | None = None
        self._since = 0.0

    def start(self, phases: list[str]) -> None:
        """Nothing to prepare."""

    def phase(self, name: str) -> None:
        """Close the running phase and open ``name``."""
        self._close()
        self._current, self._since = name, time.perf_counter()

    def note(self, message: str) -> None:
        """Notes are not timed."""

    def finish(self) -> None:
        """Close the last phase."""
        self._close()

    def _close(self) -> None:
        if self._current is not None:
            self.seconds[self._current] = round(time.perf_counter() - self._since, 2)
            self.ended(self._current, self.seconds[self._current])
            self._current = None

    def ended(self, name: str, seconds: float) -> None:
        """Hook for reporters: a phase has ended."""


class Lines(Timings):
    """Every phase and note as one line through ``say`` (the plain, log-friendly form)."""

    def __init__(self, say: Callable[[str], None]) -> None:
        super().__init__()
        self.say = say
        self.total = 0

    def start(self, phases: list[str]) -> None:
        """Remember how many phases there are, to number them."""
        self.total = len(phases)

    def phase(self, name: str) -> None:
        """Announce the phase with its number."""
        super().phase(name)
        self.say(f"[{len(self.seconds) + 1}/{self.total}] {name}")

    def note(self, message: str) -> None:
        """Pass the note on, indented."""
        self.say(f"      {message}")

    def ended(self, name: str, seconds: float) -> None:
        """Say how long the phase took."""
        self.say(f"      {name}: {seconds:.2f} s")
