"""Sentence splitting keeps exact character offsets into the document."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from destinai.extract.sentences import MAX_WORDS, split_sentences


def test_splits_lines_bullets_and_sentences():
    text = "Python developer\nWe need SQL. You know C++ and C#!\n• Fluent English"
    assert [s.text for s in split_sentences(text)] == [
        "Python developer", "We need SQL", "You know C++ and C#", "Fluent English"]


def test_long_runs_are_cut_into_pieces():
    pieces = split_sentences(" ".join(["word"] * (MAX_WORDS * 2 + 5)))
    assert [len(p.words) for p in pieces] == [MAX_WORDS, MAX_WORDS, 5]


@given(st.text(max_size=300))
def test_offsets_point_into_the_document(text):
    for sentence in split_sentences(text):
        assert text[sentence.start:sentence.start + len(sentence.text)] == sentence.text
        for first in range(len(sentence.words)):
            start, end = sentence.span(first, first)
            assert text[start:end] == sentence.text[slice(*sentence.words[first])]
