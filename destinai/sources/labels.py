"""Clean ESCO labels for display and search while keeping the original text.

ESCO v1.1.1 has known blemishes: non-breaking and zero-width spaces, tabs and doubled spaces
inside labels, alternative labels repeated, and preferred labels missing from their own
alternative labels. Each fix is counted so the build record can report it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_label(text: str, fixes: Counter[str] | None = None) -> str:
    """Return ``text`` NFC-normalised, without invisible characters, with single spaces.

    When ``fixes`` is given, each kind of change made is counted in it.
    """
    cleaned = unicodedata.normalize("NFC", text)
    if cleaned != text and fixes is not None:
        fixes["unicode_normalised"] += 1
    without = cleaned.translate(_INVISIBLE)
    if without != cleaned and fixes is not None:
        fixes["invisible_characters_removed"] += 1
    spaced = _SPACES.sub(" ", without).strip()
    if spaced != without and fixes is not None:
        fixes["whitespace_normalised"] += 1
    return spaced


def split_labels(raw: str) -> list[str]:
    """Split an ESCO multi-valued label cell (newline-separated; `` | `` in collections)."""
    if not raw:
        return []
    parts = raw.split("\n") if "\n" in raw else raw.split(" | ")
    return [p for p in parts if p.strip()]


def clean_alt_labels(preferred: str, raw: str, fixes: Counter[str]) -> list[str]:
    """Cleaned, de-duplicated alternative labels, always including the preferred label.

    Duplicates are compared case-insensitively after cleaning; the first spelling wins.
    """
    seen: set[str] = set()
    labels: list[str] = []
    for part in split_labels(raw):
        label = clean_label(part, fixes)
        key = label.casefold()
        if not label:
            fixes["empty_alt_label_dropped"] += 1
            continue
        if key in seen:
            fixes["duplicate_alt_label_removed"] += 1
            continue
        seen.add(key)
        labels.append(label)
    if preferred and preferred.casefold() not in seen:
        fixes["preferred_label_added_to_alt_labels"] += 1
        labels.insert(0, preferred)
    return labels
