"""How a person's own words are read: phrases -> ESCO skills, titles -> occupations.

A small adapter over the search and extraction engines (``destinai.search``,
``destinai.extract``): it calls their public functions and only decides what to do with the
answers. Each phrase becomes a *reading* with a confidence, alternatives and the reason:

- ``used``: confident (≥ ``CONFIDENT``), counted at full strength;
- ``check``: plausible but doubtful, counted at ``DOUBTFUL_STRENGTH`` and shown for the person
  to confirm or change (the "read as" list);
- ``unrecognised``: nothing close enough; listed with suggestions, never silently dropped.
"""

from __future__ import annotations

import re
from typing import Any

from destinai.catalog.db import Catalog
from destinai.match.abbreviations import spelled_out
from destinai.match.cv import cv_name_line, cv_title_lines, cv_titles  # noqa: F401  (CV structure)
from destinai.search.text import fold

CONFIDENT = 0.80           # a reading this sure is used as it is
FLOOR = 0.45               # below this there is no reading, only suggestions
DOUBTFUL_STRENGTH = 0.5    # a doubtful reading counts at half strength until confirmed
ALTERNATIVE_SHARE = 0.85   # alternatives this close to the best reading also count (weakly)
ALTERNATIVE_STRENGTH = 0.35
DOUBTFUL_ALTERNATIVES = 3  # a doubtful reading's first alternatives count weakly too
SINGLE_ENGINE = 0.8        # a candidate only one of the two engines found is less sure
TITLE_CONFIDENT = 0.80
# The extraction engine's score is a calibrated probability for a sentence; a short phrase
# rarely reaches the sentence scale, so it is put on the search engine's closeness scale
# (p ** power, chosen on the tuning half of the Get started sets) before the two are combined.
EXTRACTION_POWER = 0.33
# Everyday titles whose usual meaning is not the engines' first answer ("nurse" means a
# registered general nurse, not an advanced practitioner; "SDE" is a software developer).
EVERYDAY_TITLES = {
    "nurse": "registered nurse", "staff nurse": "registered nurse",
    "sde": "software engineer", "swe": "software engineer", "dev": "software developer",
    "programmer": "software developer", "coder": "software developer",
    "doctor": "general practitioner", "gp": "general practitioner",
    "solicitor": "lawyer", "attorney": "lawyer", "barrister": "lawyer",
    "cop": "police officer", "police constable": "police officer",
    "checkout operator": "cashier", "till operator": "cashier",
}


def _combine(hybrid: list[dict[str, Any]], extracted: list[dict[str, Any]]
             ) -> list[dict[str, Any]]:
    """Candidates from both engines; agreeing engines raise the confidence."""
    found: dict[str, dict[str, Any]] = {}
    for source, hits in (("search", hybrid), ("extraction", extracted)):
        for rank, h in enumerate(hits):
            c = found.setdefault(h["uri"], {"uri": h["uri"], "label": h["label"], "by": {}})
            score = float(h["score"]) if source == "search" else extraction_closeness(h["score"])
            c["by"][source] = {"rank": rank + 1, "score": round(score, 3)}
            if source == "search" and h.get("matched_label"):
                c["matched_label"] = h["matched_label"]
    for c in found.values():
        scores = [v["score"] for v in c["by"].values()]
        single = SINGLE_ENGINE if len(found) and any("search" in f["by"] for f in found.values()
                                                   ) else 1.0
        c["confidence"] = round(sum(scores) / 2 if len(scores) == 2 else single * scores[0], 3)
    return sorted(found.values(), key=lambda c: -c["confidence"])


def extraction_closeness(probability: float) -> float:
    """The extraction engine's probability on the search engine's 0..1 closeness scale."""
    return float(max(probability, 0.0)) ** EXTRACTION_POWER


def _reason(best: dict[str, Any], phrase: str) -> str:
    by = best["by"]
    close = best.get("matched_label") or best["label"]
    engines = " and ".join(f"{k} (#{v['rank']})" for k, v in by.items())
    named = f"its name {close!r}" if fold(close) != fold(best["label"]) else "its label"
    return f"{named} is closest to {phrase!r}; found by {engines}"


def read_skill(catalog: Catalog, phrase: str, search: bool = True) -> dict[str, Any]:
    """One phrase -> a reading: {input, status, uri, label, confidence, alternatives, reason}.

    ``search=False`` asks the (faster) extraction engine only: used for a CV's clauses.
    """
    return read_skills(catalog, [phrase], search)[0]


def read_skills(catalog: Catalog, phrases: list[str], search: bool = True
                ) -> list[dict[str, Any]]:
    """``read_skill`` for many phrases, the engines' work batched (``destinai.match.batch``)."""
    from destinai.extract.skills import extract_skills_many
    from destinai.match.batch import search_each

    queries = [spelled_out(p) for p in phrases]
    hybrid = search_each(catalog, queries, "skill", 6) if search else [[] for _ in phrases]
    extracted = extract_skills_many(catalog, queries, 5)
    return [_reading(p, _combine(h, e)) for p, h, e in zip(phrases, hybrid, extracted,
                                                           strict=True)]


def _reading(phrase: str, candidates: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"input": phrase}
    if not candidates or candidates[0]["confidence"] < FLOOR:
        return out | {"status": "unrecognised", "confidence": 0.0,
                      "suggestions": [{"uri": c["uri"], "label": c["label"]}
                                      for c in candidates[:5]]}
    best = candidates[0]
    alternatives = [{"uri": c["uri"], "label": c["label"], "confidence": c["confidence"]}
                    for c in candidates[1:5]]
    status = "used" if best["confidence"] >= CONFIDENT else "check"
    return out | {"status": status, "uri": best["uri"], "label": best["label"],
                  "confidence": best["confidence"], "alternatives": alternatives,
                  "reason": _reason(best, phrase)}


def read_cv_skills(catalog: Catalog, text: str) -> list[dict[str, Any]]:
    """Skills the extraction engine finds in a CV, as readings with their evidence."""
    from destinai.extract import extract_skills

    out = []
    for item in extract_skills(catalog, text):
        evidence = "; ".join(e["text"] for e in item.get("evidence", [])[:2])
        sure = extraction_closeness(item["score"]) >= CONFIDENT
        status = "used" if sure or item["explicit"] else "check"
        out.append({"input": evidence, "status": status, "uri": item["uri"],
                    "label": item["label"], "confidence": item["score"],
                    "reason": ("named in the CV" if item["explicit"] else
                               "implied by the CV's words") + f": {evidence!r}"})
    return out


CLAUSE = re.compile(r"[,;:.\n\u2022\u00b7()]|\band\b|\bincluding\b")


def cv_clauses(text: str, limit: int = 40) -> list[str]:
    """A CV cut into short clauses ("rewired houses", "traced faults"), read like phrases."""
    out: list[str] = []
    for part in CLAUSE.split(text):
        words = part.split()
        if 2 <= len(words) <= 12 and part.strip().lower() not in {o.lower() for o in out}:
            out.append(" ".join(words))
    return out[:limit]


def is_vague(reading: dict[str, Any]) -> bool:
    """A title reading whose best candidates tie ("General manager": business, gambling,
    lottery manager ...): the title alone does not say which occupation is meant."""
    alternatives = reading.get("alternatives", [])
    return ("uri" in reading and not reading.get("known_meaning") and bool(alternatives)
            and alternatives[0]["confidence"] >= reading["confidence"] - 0.01)


# A doubtful title's candidates are re-ranked by confidence + this × how well each
# occupation's description fits the rest of what the person wrote (0 = the median occupation,
# 1 = the top 1%): "Médico general" reads as army general (0.65) before general practitioner
# (0.38) in English, but a CV that consults, diagnoses and prescribes is a doctor's.
CONTEXT_TITLE = 0.4
# ... and the new reading is used when its occupation is among the top 1% for the CV (as a
# doubtful skill reading the context supports well is): "Qualified electrician" -> electrician
TITLE_SUPPORTED = 1.0


def doubtful_title_in_context(catalog: Catalog, reading: dict[str, Any], context: str
                              ) -> dict[str, Any]:
    """A doubtful (``check``) title reading re-read with the rest of the CV; the reason says
    when that changed it, and a new reading the CV supports best is ``used``. ESCO names and
    everyday titles are known and kept."""
    import numpy as np

    from destinai.match.context import positions
    from destinai.search.embedder import get_embedder
    from destinai.search.index import get_index

    cands = [reading, *reading.get("alternatives", [])]
    if "uri" not in reading or reading.get("known_meaning") or len(cands) < 2 or \
            not context.strip():
        return reading
    index = get_index(catalog)
    position = positions(catalog, index, "occupation")
    scores = index.description_scores("occupation", get_embedder().encode([context[:2000]]))[0]
    low, high = np.percentile(scores, [50, 99])
    fit = [float(np.clip((scores[position[c["uri"]]] - low) / max(high - low, 1e-6), 0, 1))
           if c["uri"] in position else 0.0 for c in cands]
    value = [c["confidence"] + CONTEXT_TITLE * f for c, f in zip(cands, fit, strict=True)]
    best = cands[int(np.argmax(value))]
    if best["uri"] == reading["uri"]:
        return reading
    old = {k: reading[k] for k in ("uri", "label", "confidence")}
    top = fit[cands.index(best)] >= TITLE_SUPPORTED    # the CV supports it as well as any
    return reading | {"uri": best["uri"], "label": best["label"],
                      "confidence": best["confidence"], **({"status": "used"} if top else {}),
                      "alternatives": [old] + [a for a in reading["alternatives"]
                                               if a["uri"] != best["uri"]],
                      "reason": f"read as {best['label']!r} rather than {old['label']!r}: "
                                "it fits the rest of what you wrote"}


TITLE_JOINS = re.compile(r"\s*(?:/|&|\+|\band\b)\s*", re.IGNORECASE)


def read_title(catalog: Catalog, title: str) -> dict[str, Any]:
    """A job title -> {input, status, uri, label, confidence, alternatives, reason}.

    A title joining titles ("Carpenter/joiner", "Welder and fabricator") is read whole and
    part by part; the surest reading wins, and parts that agree make it surer.
    """
    whole = _read_one_title(catalog, title)
    # a bracketed qualifier qualifies every part: "Machine Setter/Operator (Blow moulding)"
    joined, bracket, qualifier = title.partition(" (")
    qualifier = f" ({qualifier}" if bracket and qualifier.endswith(")") else ""
    parts = [p.strip() + qualifier for p in TITLE_JOINS.split(joined if qualifier else title)
             if p.strip()]
    if len(parts) < 2 or len(parts) > 3 or any(len(p.removesuffix(qualifier).split()) > 4
                                                   for p in parts):
        return whole
    readings = [_read_one_title(catalog, p) for p in parts]
    found = [r for r in readings if "uri" in r and r["confidence"] >= TITLE_CONFIDENT]
    if not found:
        return whole
    best = max(found, key=lambda r: (r["confidence"], -found.index(r)))
    if "uri" in whole and whole["confidence"] >= best["confidence"]:
        return whole
    agree = sum(r.get("uri") == best["uri"] for r in readings) + (whole.get("uri") == best["uri"])
    status = "used" if best["status"] == "used" or agree >= 2 else "check"
    alternatives = [a for a in [*(({k: whole[k] for k in ("uri", "label", "confidence")},)
                                  if "uri" in whole else ()), *best.get("alternatives", [])]
                    if a["uri"] != best["uri"]][:3]
    return best | {"input": title, "status": status, "alternatives": alternatives,
                   "reason": f"read from {best['input']!r}, one of the titles in {title!r}; "
                             + best.get("reason", "")}


def _read_one_title(catalog: Catalog, title: str) -> dict[str, Any]:
    from destinai.search.titles import clean_title, normalize_title

    cleaned = clean_title(title)
    meant = EVERYDAY_TITLES.get(cleaned) or EVERYDAY_TITLES.get(fold(title))
    out: dict[str, Any] = {"input": title}
    exact = catalog.row("SELECT uri, label FROM occupations WHERE label = ? COLLATE NOCASE",
                        (meant or cleaned,))
    hits = normalize_title(catalog, meant or title, limit=5)
    if exact:
        return out | {"status": "used", "uri": exact["uri"], "label": exact["label"],
                      "confidence": 1.0, "reason": "an ESCO occupation name",
                      "known_meaning": True,
                      "alternatives": [{"uri": h["uri"], "label": h["label"],
                                        "confidence": h["score"]} for h in hits
                                       if h["uri"] != exact["uri"]][:3]}
    if not hits or hits[0]["score"] < FLOOR:
        return out | {"status": "unrecognised", "confidence": 0.0,
                      "suggestions": [{"uri": h["uri"], "label": h["label"]} for h in hits]}
    best = hits[0]
    reason = (f"read as {meant!r}, its everyday meaning; " if meant else "") + (
        f"closest occupation name {best['matched_label']!r}")
    return out | {"status": "used" if best["score"] >= TITLE_CONFIDENT else "check",
                  "known_meaning": bool(meant), "uri": best["uri"], "label": best["label"],
                  "confidence": best["score"], "reason": reason,
                  "alternatives": [{"uri": h["uri"], "label": h["label"],
                                    "confidence": h["score"]} for h in hits[1:4]]}


def first_line_is_name(named: tuple[str, str, bool], in_cv: list[tuple[str, str]],
             readings: list[dict[str, Any]]) -> bool:
    """Whether a first line's part before the dash names the person: it opens with an
    honorific, or it reads as no occupation (it was read as a title candidate)."""
    name, _, honorific = named
    same = [r for (t, _), r in zip(in_cv, readings, strict=True) if fold(t) == fold(name)]
    return honorific or all("uri" not in r for r in same)


def title_with_line(catalog: Catalog, reading: dict[str, Any], line: str) -> dict[str, Any]:
    """A vague CV title re-read with the rest of its line ("General manager, 80-room city
    hotel" -> accommodation manager); kept as it was when the line reads as nothing better."""
    if fold(line) == fold(reading["input"]):
        return reading
    wider = read_title(catalog, line)
    if "uri" not in wider or wider["uri"] == reading["uri"]:
        return reading
    return wider | {"input": reading["input"], "line": line,
                    "reason": f"read with the rest of its line ({line!r}): "
                              + wider.get("reason", "")}
