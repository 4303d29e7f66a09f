"""One text layer: the tokeniser, the stemmer, stop words and TF-IDF every feature shares.

``words`` (stems without stop words) and ``char_ngrams`` are the analysers; ``TfidfSpace``
fits a vocabulary and turns texts into L2-normalised sparse rows, so a sparse product is a
cosine similarity. Search keeps its own accent folding for FTS5 (``destinai.search.text``).
"""

from destinai.text.tfidf import (
    TfidfSpace,
    cosine,
    grouped_max,
    pair_cosines,
    tfidf,
    top_k_neighbours,
)
from destinai.text.words import (
    STOP_WORDS,
    WORD,
    Analyser,
    char_ngrams,
    stem,
    title_stem,
    title_words,
    words,
)

__all__ = ["STOP_WORDS", "WORD", "Analyser", "TfidfSpace", "char_ngrams", "cosine",
           "grouped_max", "pair_cosines", "stem", "tfidf", "title_stem", "title_words",
           "top_k_neighbours", "words"]
