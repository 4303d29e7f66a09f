"""The hand-written job-ad sentences (``JOB-AD``): file shape and their gold in the catalog."""

from __future__ import annotations

import json

import pytest

from destinai.extract.training import WRITTEN, written_sentences
from destinai.search.index import get_index


def _items() -> list[dict]:
    return [json.loads(line) for line in WRITTEN.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def test_each_sentence_has_an_id_a_domain_and_one_to_three_skills():
    items = _items()
    assert len(items) >= 150
    assert len({i["id"] for i in items}) == len(items)
    assert len({i["text"] for i in items}) == len(items)
    assert all(1 <= len(i["skills"]) <= 3 and len(set(i["skills"])) == len(i["skills"])
               for i in items)
    assert len({i["domain"] for i in items}) >= 12        # broad, not only IT


def test_a_missing_file_gives_no_sentences(mini, tmp_path):
    assert written_sentences(mini, tmp_path / "none.jsonl") == []


def test_labels_are_matched_case_insensitively_and_unknown_ones_still_count(mini, tmp_path):
    skills = get_index(mini).kinds["skill"]
    label = skills.labels[0]
    path = tmp_path / "ads.jsonl"
    path.write_text(json.dumps({"id": "x", "domain": "it", "text": "Some sentence.",
                                "skills": [label.upper(), "no such skill"]}) + "\n",
                    encoding="utf-8")
    (item,) = written_sentences(mini, path)
    assert item.gold == {0} and item.count == 2
    assert item.source == "JOB-AD" and item.group == "JOB-AD-x"


@pytest.mark.integration
def test_every_gold_label_is_a_preferred_label_of_the_real_catalog(real_catalog):
    items = written_sentences(real_catalog)
    assert len(items) == len(_items())
    assert all(len(i.gold) == i.count for i in items)
