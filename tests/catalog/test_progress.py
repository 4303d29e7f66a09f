"""Build progress: every phase announced in order with its time; plain lines off a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from destinai.build_progress import ProgressBar, build_reporter
from destinai.catalog.build import build_catalog
from destinai.catalog.progress import Lines, Timings
from tests.fixtures.release import write_release


class Recorder(Timings):
    def __init__(self) -> None:
        super().__init__()
        self.planned: list[str] = []
        self.seen: list[str] = []
        self.finished = False

    def start(self, phases: list[str]) -> None:
        self.planned = phases

    def phase(self, name: str) -> None:
        super().phase(name)
        self.seen.append(name)

    def finish(self) -> None:
        super().finish()
        self.finished = True


def test_every_planned_phase_runs_in_order_and_is_timed(tmp_path: Path) -> None:
    recorder = Recorder()
    build_catalog(write_release(tmp_path / "src"), tmp_path / "c.sqlite", recorder)
    assert recorder.seen == recorder.planned and recorder.finished
    assert recorder.seen[0] == "importing ESCO" and recorder.seen[-1] == "compacting"
    assert {"building search", "building paths", "building crosswalk"} <= set(recorder.seen)
    # a step runs after what it declares: crosswalk before wages before paths
    order = recorder.seen.index
    assert order("building crosswalk") < order("building wages") < order("building paths")
    assert set(recorder.seconds) == set(recorder.seen)
    assert all(s >= 0 for s in recorder.seconds.values())


def test_plain_lines_number_the_phases_and_give_times() -> None:
    lines: list[str] = []
    report = Lines(lines.append)
    report.start(["a", "b"])
    report.phase("a")
    report.note("detail")
    report.phase("b")
    report.finish()
    assert lines[0] == "[1/2] a" and lines[1] == "      detail"
    assert lines[2].startswith("      a: ") and lines[2].endswith(" s")
    assert lines[3] == "[2/2] b" and lines[4].startswith("      b: ")


def test_a_terminal_gets_a_bar_else_lines(monkeypatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert isinstance(build_reporter(), ProgressBar)
    assert isinstance(build_reporter(plain=True), Lines)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert isinstance(build_reporter(), Lines)


def test_the_cli_build_prints_plain_phase_lines_when_piped(tmp_path: Path) -> None:
    src = write_release(tmp_path / "src")
    result = subprocess.run(
        [sys.executable, "-m", "destinai.cli", "build", "--sources", str(src), "--db",
         str(tmp_path / "c.sqlite"), "--json"], capture_output=True, text=True, timeout=120,
        env={**os.environ})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["built"] is True        # stdout stays pure JSON
    phases = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert phases[0].startswith("[1/") and "importing ESCO" in phases[0]
    assert "compacting" in phases[-1]
    assert "\x1b[" not in result.stderr                     # no terminal escapes in a log
