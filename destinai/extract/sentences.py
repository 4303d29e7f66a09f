"""Split a document into sentences and words, keeping character offsets into the original."""

from __future__ import annotations

import re
from dataclasses import dataclass

# a sentence ends at . ! ? ; followed by space, at a line break, or before a bullet
BOUNDARY = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z0-9•\-*])|\s*[\r\n]+\s*|\s+(?=[•▪●◦■]\s)")
WORD = re.compile(r"[^\W_]+(?:[+#]+|\.(?=net\b))?|[+#]{2}", re.UNICODE)
MAX_WORDS = 60          # longer "sentences" (tables, run-on lists) are cut into pieces


@dataclass(frozen=True)
class Sentence:
    """A sentence: its text, where it starts in the document, and its words' spans."""

    text: str
    start: int
    words: tuple[tuple[int, int], ...]    # (start, end) of each word, relative to ``text``

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Document offsets of words ``first``..``last`` (inclusive)."""
        return self.start + self.words[first][0], self.start + self.words[last][1]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with at least one word, in document order."""
    out: list[Sentence] = []
    position = 0
    for boundary in [*BOUNDARY.finditer(text), None]:
        end = boundary.start() if boundary else len(text)
        out.extend(_pieces(text, position, end))
        if boundary:
            position = boundary.end()
    return out


def _pieces(text: str, start: int, end: int) -> list[Sentence]:
    chunk = text[start:end]
    words = [(m.start(), m.end()) for m in WORD.finditer(chunk)]
    out = []
    for first in range(0, len(words), MAX_WORDS):
        part = words[first:first + MAX_WORDS]
        if not part:
            continue
        lo, hi = part[0][0], part[-1][1]
        out.append(Sentence(chunk[lo:hi], start + lo,
                            tuple((a - lo, b - lo) for a, b in part)))
    return out
