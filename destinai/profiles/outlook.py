"""Job outlook in words from the BLS Employment Projections 2024-34.

BLS's Occupational Outlook Handbook describes projected employment change relative to the
average for all occupations (3.1 % for 2024-34, the ``00-0000`` row of the projections file)
with six phrases. The bands are on the percent change rounded to a whole number, as the
Handbook prints it; ``A`` is the rounded all-occupations average (3):

| rounded change | phrase |
|---|---|
| A + 5 or more (8 % or more) | much faster than average |
| A + 2 to A + 4 (5 to 7 %) | faster than average |
| A - 1 to A + 1 (2 to 4 %) | about as fast as average |
| 1 to A - 2 (1 %) | slower than average |
| -1 to 0 % | little or no change |
| -2 % or less | decline |

Public entry points: :func:`growth_phrase` (a number to its phrase) and :func:`outlook`
(the sentence, the phrase and the figures for SOC codes, each naming its release).
"""

from __future__ import annotations

from typing import Any

from destinai.catalog.db import Catalog

RELEASE = "BLS Employment Projections 2024-34"
PERIOD = "2024-34"
ALL_OCCUPATIONS = "00-0000"
PHRASES = ("much faster than average", "faster than average", "about as fast as average",
           "slower than average", "little or no change", "decline")


def growth_phrase(change_percent: float, average_percent: float = 3.1) -> str:
    """BLS's phrase for a projected percent change, given the all-occupations average."""
    change, avg = round(change_percent), round(average_percent)
    if change >= avg + 5:
        return PHRASES[0]
    if change >= avg + 2:
        return PHRASES[1]
    if change >= avg - 1:
        return PHRASES[2]
    if change >= 1:
        return PHRASES[3]
    if change >= -1:
        return PHRASES[4]
    return PHRASES[5]


def average_change(catalog: Catalog) -> float:
    """The all-occupations projected percent change (3.1 for 2024-34)."""
    row = catalog.row("SELECT change_percent FROM bls_projections WHERE soc_code = ?",
                      (ALL_OCCUPATIONS,))
    return float(row["change_percent"]) if row and row["change_percent"] is not None else 3.1


def _sentence(row: dict[str, Any], phrase: str, average: float) -> str:
    change, who = row["change_percent"], row["title"][:1].lower() + row["title"][1:]
    span = "from 2024 to 2034"
    if phrase == PHRASES[4]:
        text = (f"US employment of {who} is projected to show little or no change "
                f"({change:+.1f} %) {span}")
    elif phrase == PHRASES[5]:
        text = (f"US employment of {who} is projected to decline {abs(change):.1f} % {span} "
                f"(all occupations: {average:+.1f} %)")
    else:
        how = phrase.replace("average", "the average for all occupations")
        text = (f"US employment of {who} is projected to grow {change:.1f} % {span}, "
                f"{how} ({average:.1f} %)")
    openings = row["annual_openings"]
    if openings is not None:
        text += f"; about {openings * 1000:,.0f} openings a year"
    return text + "."


def outlook_row(row: dict[str, Any], average: float) -> dict[str, Any]:
    """One projections row in words: ``phrase``, ``sentence`` and the figures."""
    phrase = growth_phrase(row["change_percent"], average)
    return {"soc_code": row["soc_code"], "title": row["title"], "phrase": phrase,
            "sentence": _sentence(row, phrase, average),
            "change_percent": row["change_percent"],
            "employment_2024": _people(row["employment_2024"]),
            "employment_2034": _people(row["employment_2034"]),
            "annual_openings": _people(row["annual_openings"]),
            "typical_entry_education": row.get("education"), "release": RELEASE}


def _people(thousands: float | None) -> int | None:
    return round(thousands * 1000) if thousands is not None else None


def outlook(catalog: Catalog, soc_codes: list[str], basis: str | None = None
            ) -> dict[str, Any]:
    """The outlook for an occupation whose US series are ``soc_codes`` (best first).

    Returns ``available``, ``phrase`` (one of :data:`PHRASES`, or ``None`` when the codes
    disagree), ``sentence`` (plain English), ``rows`` (one per code with its phrase and
    figures: people, not thousands), ``average_percent``, ``release`` and ``basis``.
    """
    average = average_change(catalog)
    rows = []
    for soc in dict.fromkeys(soc_codes):
        row = catalog.row("SELECT * FROM bls_projections WHERE soc_code = ?", (soc,))
        if row and row["change_percent"] is not None:
            rows.append(outlook_row(row, average))
    if not rows:
        return {"available": False, "release": RELEASE,
                "note": "BLS publishes no projection for "
                        + (", ".join(soc_codes) if soc_codes else "an unlinked occupation")}
    phrases = {r["phrase"] for r in rows}
    if len(rows) == 1:
        sentence = rows[0]["sentence"]
    else:
        sentence = " ".join(r["sentence"] for r in rows[:3])
        if len(phrases) > 1:
            sentence = "The US series closest to this occupation disagree. " + sentence
    return {"available": True, "phrase": phrases.pop() if len(phrases) == 1 else None,
            "sentence": sentence, "rows": rows, "average_percent": average,
            "period": PERIOD, "release": RELEASE, "basis": basis}
