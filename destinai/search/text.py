"""Text normalisation shared by search, title normalisation and extraction."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+(?:[+#]+|\.(?=net\b))?|[+#]{1,2}", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents, punctuation collapsed to single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(WORD.findall(text.lower()))


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return fold(text).split()
