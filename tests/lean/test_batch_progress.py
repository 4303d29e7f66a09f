"""Batch progress on stderr: a bar on a terminal, plain lines with --progress, else nothing."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from destinai.batch_progress import (
    BarProgress,
    BatchProgress,
    PlainProgress,
    batch_progress,
)
from destinai.extract.batch import run_batch

TITLES = "".join(f'"welding operator {i}"\n' for i in range(5))


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run(mini, *args: str, stdin: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DESTINAI_DB": str(mini.path)}
    return subprocess.run([sys.executable, "-m", "destinai.cli", *args], capture_output=True,
                          input=stdin.encode(), env=env, timeout=120)


def test_the_display_follows_the_terminal_and_the_flag():
    pipe, tty = io.StringIO(), Terminal()
    assert type(batch_progress(3, "documents", None, pipe)) is BatchProgress
    assert type(batch_progress(3, "documents", False, tty)) is BatchProgress
    assert isinstance(batch_progress(3, "documents", True, pipe), PlainProgress)
    bar = batch_progress(3, "documents", None, tty)
    assert isinstance(bar, BarProgress)
    bar.close()


def test_a_terminal_gets_a_bar_with_count_and_rate():
    tty = Terminal()
    out = io.StringIO()
    sys_stderr, sys.stderr = sys.stderr, tty
    try:
        run_batch(['"a"', '"b"', '"c"'], "text", "skills", lambda item: [], out)
    finally:
        sys.stderr = sys_stderr
    shown = tty.getvalue()
    assert "3/3" in shown and "documents/s" in shown
    assert out.getvalue().count("\n") == 3 and "3/3" not in out.getvalue()


def test_plain_lines_say_done_total_rate_and_eta():
    stream = io.StringIO()
    with PlainProgress(4, "titles", stream) as bar:
        for _ in range(4):
            bar.advance()
    last = stream.getvalue().strip().splitlines()[-1]
    assert last.startswith("4/4 titles, ") and "/s, ETA 0:00" in last


def test_no_progress_off_a_terminal_by_default(mini):
    result = run(mini, "normalize-title", "--jsonl", stdin=TITLES)
    assert result.returncode == 0, result.stderr
    assert b"/5 titles" not in result.stderr
    assert result.stdout.count(b"\n") == 5


def test_progress_flag_prints_progress_on_stderr_only(mini):
    result = run(mini, "normalize-title", "--jsonl", "--progress", stdin=TITLES)
    assert result.returncode == 0, result.stderr
    assert b"5/5 titles, " in result.stderr and b"ETA" in result.stderr
    assert b"titles, " not in result.stdout
    docs = run(mini, "extract", "--jsonl", "--progress",
               stdin='"I operate welding equipment"\n"I work in teams"\n')
    assert docs.returncode == 0, docs.stderr
    assert b"2/2 documents, " in docs.stderr
    quiet = run(mini, "extract", "--jsonl", "--no-progress", stdin='"I work in teams"\n')
    assert quiet.returncode == 0 and b"1/1 documents" not in quiet.stderr
