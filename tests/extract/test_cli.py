"""The extract and normalize-title commands as a user runs them (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.fixtures.release import DIPLOMAT, S


def run(mini, *args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DESTINAI_DB": str(mini.path)}
    return subprocess.run([sys.executable, "-m", "destinai.cli", *args], capture_output=True,
                          input=stdin.encode() if isinstance(stdin, str) else stdin,
                          env=env, timeout=120)


def test_extract_a_file_as_json(mini, tmp_path):
    cv = tmp_path / "cv.txt"
    cv.write_text("I operate welding equipment.")
    result = run(mini, "extract", str(cv), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["data"][0]["uri"] == S["weld"]
    assert data["data"][0]["evidence"][0] == {"text": "operate welding equipment",
                                              "start": 2, "end": 27}


def test_extract_a_pdf(mini, tmp_path):
    from tests.extract.test_reader import text_pdf

    cv = tmp_path / "cv.pdf"
    cv.write_bytes(text_pdf("I operate welding equipment"))
    result = run(mini, "extract", str(cv), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["data"][0]["uri"] == S["weld"]


@pytest.mark.parametrize(("content", "message"), [
    (b"", b"no text"), (b"\x00\x01\x02binary", b"looks binary"),
    (b"%PDF-1.4 junk", b"not a readable PDF")])
def test_extract_refuses_bad_input_without_traceback(mini, content, message):
    result = run(mini, "extract", "-", stdin=content)
    assert result.returncode == 2
    assert message in result.stderr and b"Traceback" not in result.stderr


def test_extract_jsonl_keeps_order(mini):
    lines = '"I operate welding equipment"\n{"text": "I work in teams"}\n\n'
    result = run(mini, "extract", "--jsonl", stdin=lines)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[0]["skills"][0]["uri"] == S["weld"]
    assert records[1]["skills"][0]["uri"] == S["teamwork"]
    assert set(records[0]["skills"][0]) >= {"uri", "label", "score"}
    assert "error" in records[2]


def test_normalize_title_json_and_jsonl(mini):
    result = run(mini, "normalize-title", "Senior Diplomat (m/f/d)", "--json", "--limit", "2")
    assert result.returncode == 0, result.stderr
    top = json.loads(result.stdout)["data"][0]
    assert (top["uri"], top["code"]) == (DIPLOMAT, "1112.3")
    batch = run(mini, "normalize-title", "--jsonl", stdin='"welding operator"\n"diplomt"\n')
    records = [json.loads(line) for line in batch.stdout.splitlines()]
    assert [r["occupations"][0]["label"] for r in records] == ["welder", "diplomat"]
    assert {"uri", "label", "code", "score"} <= set(records[0]["occupations"][0])


def test_normalize_title_without_a_title_is_bad_input(mini):
    result = run(mini, "normalize-title", "  ")
    assert result.returncode == 2 and b"give a job title" in result.stderr


def test_extract_refuses_a_50_mb_file_before_reading_it(mini, tmp_path):
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)          # sparse: nothing to parse
    result = run(mini, "extract", str(huge), "--json")
    assert result.returncode == 2
    assert b"the limit is 10 MB" in result.stderr and b"Traceback" not in result.stderr
    assert json.loads(result.stdout)["error"].endswith("the limit is 10 MB")


def test_extract_names_unsupported_formats(mini, tmp_path):
    image = tmp_path / "scan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = run(mini, "extract", str(image))
    assert result.returncode == 2 and b"an image: run OCR first" in result.stderr
    missing = run(mini, "extract", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and b"no such file" in missing.stderr
