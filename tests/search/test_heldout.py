"""The held-out title evaluation really holds labels out of every index."""

from __future__ import annotations

from destinai.search.heldout import build_heldout_index, split_labels
from destinai.search.text import fold


def test_held_out_titles_are_in_no_index(mini, tmp_path):
    kept, held = split_labels(mini, share=0.5, seed=1)
    assert held, "the split must hold something out"
    index = build_heldout_index(mini, kept, tmp_path)
    occupations = index.kinds["occupation"]
    held_texts = {fold(r[3]) for r in held}
    # fuzzy strings, FTS rows and the vectors' label rows all come from the kept labels only
    assert not held_texts & set(occupations.fuzzy_choices.strings)
    assert not held_texts & {fold(t) for t in occupations.texts}
    for text in held_texts:
        phrase = '"' + text.replace('"', " ") + '"'
        matches = index.rows("SELECT rowid AS id FROM search_label_fts_occupation "
                             "WHERE search_label_fts_occupation MATCH ?", (phrase,))
        assert text not in {fold(occupations.text_of(m["id"])) for m in matches}
