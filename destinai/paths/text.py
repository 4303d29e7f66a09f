"""The paths feature's text tools: the shared text layer (``destinai.text``), re-exported."""

from __future__ import annotations

from destinai.text import STOP_WORDS as STOP
from destinai.text import WORD, stem, tfidf, top_k_neighbours
from destinai.text import words as tokens

__all__ = ["STOP", "WORD", "stem", "tfidf", "tokens", "top_k_neighbours"]
