from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from destinai.sources.labels import clean_alt_labels, clean_label, split_labels


def test_clean_label_removes_invisible_and_collapses_whitespace():
    fixes: Counter[str] = Counter()
    assert clean_label(" apply\u200b general\u00a0\u00a0knowledge\t", fixes) == \
        "apply general knowledge"
    assert fixes["invisible_characters_removed"] == 1
    assert fixes["whitespace_normalised"] == 1


def test_alt_labels_are_deduplicated_and_include_the_preferred_label():
    fixes: Counter[str] = Counter()
    alts = clean_alt_labels("diplomat", "ambassador\nAmbassador\nenvoy", fixes)
    assert alts == ["diplomat", "ambassador", "envoy"]
    assert fixes["duplicate_alt_label_removed"] == 1
    assert fixes["preferred_label_added_to_alt_labels"] == 1


def test_split_labels_understands_both_separators():
    assert split_labels("a\nb") == ["a", "b"]
    assert split_labels("a | b") == ["a", "b"]
    assert split_labels("") == []


@given(st.text())
def test_clean_label_is_idempotent_and_trimmed(text):
    once = clean_label(text)
    assert clean_label(once) == once
    assert once == once.strip()
    assert "  " not in once
