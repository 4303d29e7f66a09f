"""Skill extraction on the miniature catalog, batch mode, CLI and API."""

from __future__ import annotations

import io
import json

from fastapi.testclient import TestClient

from destinai.config import Settings
from destinai.extract import extract_skills
from destinai.extract.batch import parse_line, run_batch
from destinai.web.app import create_app
from tests.extract.test_reader import docx_bytes
from tests.fixtures.release import S

CV = ("Worked as a welder for ten years.\n"
      "I operate welding equipment daily and know the safety rules.\n"
      "I speak foreign languages and like to work in teams.")


def test_explicit_mentions_come_with_exact_evidence(mini):
    found = {s["uri"]: s for s in extract_skills(mini, CV)}
    assert {S["weld"], S["safety"], S["languages"], S["teamwork"]} <= set(found)
    weld = found[S["weld"]]
    assert weld["explicit"] is True
    assert weld["skill_type"] == "skill/competence"
    evidence = weld["evidence"][0]               # the verbatim mention before implied ones
    assert CV[evidence["start"]:evidence["end"]] == evidence["text"]
    assert evidence["text"] == "operate welding equipment"
    assert 0 < weld["score"] <= 1


def test_results_are_deduplicated_and_best_first(mini):
    found = extract_skills(mini, CV + "\n" + CV)
    uris = [s["uri"] for s in found]
    assert len(uris) == len(set(uris))
    assert [s["score"] for s in found] == sorted((s["score"] for s in found), reverse=True)
    assert len(extract_skills(mini, CV, limit=2)) == 2


def test_text_without_words_gives_nothing(mini):
    assert extract_skills(mini, "  \n ... ") == []


def test_parse_line_accepts_strings_objects_and_plain_text():
    assert parse_line('"I weld"', "text") == {"text": "I weld"}
    assert parse_line('{"text": "I weld", "id": 3}', "text") == {"text": "I weld", "id": 3}
    assert parse_line("I weld", "text") == {"text": "I weld"}
    assert "error" in parse_line("   ", "text")
    assert "error" in parse_line('{"title": 1}', "title")
    assert "error" in parse_line("[1, 2]", "text")


def test_batch_keeps_input_order_and_reports_bad_lines(mini):
    lines = ['"I operate welding equipment"', "", '{"text": "I work in teams", "id": "b"}',
             "42", '{"text": "   "}']
    out = io.StringIO()

    def handle(item):
        from destinai.extract.reader import check_text

        return extract_skills(mini, check_text(item["text"]))

    done, failed = run_batch(lines, "text", "skills", handle, out, progress=False)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (done, failed) == (5, 3)
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5]
    assert records[0]["skills"][0]["uri"] == S["weld"]
    assert records[2]["id"] == "b" and records[2]["skills"][0]["uri"] == S["teamwork"]
    assert "error" in records[1] and "error" in records[3] and "no text" in records[4]["error"]


def test_api_extracts_from_text_and_uploads(mini):
    client = TestClient(create_app(Settings(sources=mini.path.parent, db=mini.path)))
    body = client.post("/api/v1/extract", json={"text": CV}).json()
    assert S["weld"] in {s["uri"] for s in body["data"]} and body["count"] == len(body["data"])
    assert client.post("/api/v1/extract", json={"text": "   "}).status_code == 422
    upload = client.post("/api/v1/extract/file",
                         files={"file": ("cv.docx", docx_bytes(CV), "application/octet-stream")})
    assert upload.status_code == 200
    assert S["safety"] in {s["uri"] for s in upload.json()["data"]}
    bad = client.post("/api/v1/extract/file", files={"file": ("x.png", b"\x89PNG\r\n\x1a\n")})
    assert bad.status_code == 422 and "image" in bad.json()["detail"]
    titles = client.get("/api/v1/normalize-title", params={"title": "Snr. Diplomat"}).json()
    assert titles["data"][0]["code"] == "1112.3"
    search = client.get("/api/v1/search", params={"q": "diplomt", "type": "occupation"}).json()
    assert search["data"][0]["label"] == "diplomat"
