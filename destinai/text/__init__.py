"""One text layer: the tokeniser, the stemmer, stop words and TF-IDF every feature shares.

``words`` (stems without stop words) and ``char_ngrams`` are the analysers; ``TfidfSpace``
fits a vocabulary and turns texts into L2-normalised sparse rows, so a sparse product is a
cosine similarity. Search keeps its own accent folding for FTS5 (``destinai.search.text``).
"""

# Changes whenever the tokens change (pattern, stop words, stemmer, its version): features whose
# stored data comes from these tokens list it in their build parameters.
TEXT_VERSION = "snowball-english-3.1.1/1"

from destinai.text.tfidf import (  # noqa: E402
    TfidfSpace,
    cosine,
    grouped_max,
    pair_cosines,
    tfidf,
    top_k_neighbours,
)
from destinai.text.words import (  # noqa: E402
    STOP_WORDS,
    WORD,
    Analyser,
    char_ngrams,
    stem,
    title_stem,
    title_words,
    words,
)

__all__ = ["STOP_WORDS", "TEXT_VERSION", "WORD", "Analyser", "TfidfSpace", "char_ngrams", "cosine",
           "grouped_max", "pair_cosines", "stem", "tfidf", "title_stem", "title_words",
           "top_k_neighbours", "words"]
