"""Plain words for a link's method and confidence, shared by pages, profiles and the CLI."""

from __future__ import annotations

# Held-out agreement with Nesta's reviewed links is about 92% above 0.8 and about 50% or less
# below 0.5 (docs/benchmarks.md, crosswalk section), hence these bands.
HIGH_CONFIDENCE = 0.8
LOW_CONFIDENCE = 0.5


def confidence_band(method: str, confidence: float | None) -> str:
    """``reviewed``, ``high``, ``medium`` or ``low``."""
    if method == "reviewed":
        return "reviewed"
    value = confidence or 0.0
    if value >= HIGH_CONFIDENCE:
        return "high"
    return "medium" if value >= LOW_CONFIDENCE else "low"


def confidence_words(method: str, confidence: float | None) -> str:
    """How a page should label a link, e.g. ``derived, low confidence — check``."""
    band = confidence_band(method, confidence)
    if band == "reviewed":
        return "reviewed link"
    if band == "low":
        return "derived, low confidence — check"
    return f"derived, {band} confidence"
