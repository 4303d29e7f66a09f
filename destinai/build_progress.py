"""What ``destinai build`` shows while it works: a progress bar on a terminal, plain lines
otherwise (a log, a pipe, ``--json``). Each phase ends with its time."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from destinai.catalog.progress import BuildProgress, Lines, Timings


def build_reporter(plain: bool = False) -> BuildProgress:
    """A bar when stderr is a terminal and ``plain`` is False; else one line per event."""
    if plain or not sys.stderr.isatty():
        return Lines(lambda line: typer.echo(line, err=True))
    return ProgressBar(Console(stderr=True))


class ProgressBar(Timings):
    """A rich progress bar over the build's phases; finished phases stay listed with times."""

    def __init__(self, console: Console) -> None:
        super().__init__()
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=console)
        self.task = self.bar.add_task("starting", total=None)
        self.name = ""

    def start(self, phases: list[str]) -> None:
        """Show the bar, sized to the phases."""
        self.bar.update(self.task, total=len(phases))
        self.bar.start()

    def phase(self, name: str) -> None:
        """Describe the running phase."""
        super().phase(name)
        self.name = name
        self.bar.update(self.task, description=name)

    def note(self, message: str) -> None:
        """Show the detail beside the phase name."""
        self.bar.update(self.task, description=f"{self.name} · {message}")

    def ended(self, name: str, seconds: float) -> None:
        """List the finished phase with its time and move the bar on."""
        self.bar.console.print(f"[green]✓[/green] {name} [dim]{seconds:.2f} s[/dim]")
        self.bar.advance(self.task)

    def finish(self) -> None:
        """Close the last phase and take the bar down."""
        super().finish()
        self.bar.update(self.task, description="done")
        self.bar.stop()
