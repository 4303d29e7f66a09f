"""Job-title normalisation: a messy title (and optionally the ad's text) -> ESCO occupations.

The title is cleaned first (gender markers such as "(m/f/d)", seniority words, common
abbreviations, plural last words); the cleaned title then goes through the hybrid retrievers.
With an ad text, its embedding is compared with occupation descriptions as one more retriever.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog
from destinai.search.embedder import get_embedder, single_threaded_blas
from destinai.search.hybrid import MAX_QUERY_CHARS, describe, fuse, retrieve
from destinai.search.index import SearchIndex, get_index
from destinai.search.text import fold

GENDER = re.compile(r"\(\s*[mwfdhx](\s*[/|,]\s*[mwfdhx]){1,3}\s*\)|\b[mwfh]\s*/\s*[mwfdhx]"
                    r"(\s*/\s*[mwfdhx])?\b|\*in\b|/in\b|:in\b|\(in\)", re.IGNORECASE)
SENIORITY = {"senior", "snr", "sr", "junior", "jnr", "jr", "lead", "principal", "trainee",
             "intern", "entry", "level", "experienced", "graduate", "i", "ii", "iii", "iv",
             "mid", "staff", "associate", "chief"}
ABBREVIATIONS = {
    "mgr": "manager", "mngr": "manager", "eng": "engineer", "engr": "engineer",
    "dev": "developer", "devs": "developers", "admin": "administrator", "asst": "assistant",
    "assoc": "associate", "exec": "executive", "coord": "coordinator", "tech": "technician",
    "spec": "specialist", "dir": "director", "rep": "representative", "acct": "accountant",
    "hr": "human resources", "qa": "quality assurance", "ux": "user experience",
    "ui": "user interface", "it": "ict", "swe": "software engineer", "sw": "software",
    "pm": "project manager", "cto": "chief technology officer", "ceo": "chief executive officer",
    "cfo": "chief financial officer", "rn": "registered nurse", "hgv": "heavy goods vehicle",
    "ml": "machine learning", "ai": "artificial intelligence", "bi": "business intelligence",
    "vp": "vice president", "svp": "senior vice president", "ops": "operations",
}
KEEP_WHEN_ALONE = {"chief", "associate", "lead"}


def clean_title(title: str) -> str:
    """The title without gender markers and seniority words, abbreviations expanded."""
    text = GENDER.sub(" ", title)
    words = fold(text).split()
    expanded = [ABBREVIATIONS.get(w, w) for w in words]
    kept = [w for w in expanded if w not in SENIORITY]
    if not kept:
        kept = [w for w in expanded if w in KEEP_WHEN_ALONE] or expanded
    if kept and len(kept[-1]) > 4 and kept[-1].endswith("s") and not kept[-1].endswith("ss"):
        kept[-1] = kept[-1][:-1]     # plural job titles: "nurses" -> "nurse"
    return " ".join(kept)


def normalize_title(catalog: Catalog, title: str, text: str | None = None,
                    limit: int = 5) -> list[dict[str, Any]]:
    """Ranked ESCO occupations for a free-text job title, optionally with the ad's text.

    Each result: ``uri``, ``label``, ``code`` (ESCO), ``score`` (0..1 confidence),
    ``onet`` (linked O*NET-SOC codes with titles), ``cleaned_title``, ``retrievers``.
    """
    cleaned = clean_title((title or "")[:MAX_QUERY_CHARS])
    if not cleaned:
        return []
    results = rank_title(get_index(catalog), cleaned, text, limit)
    return [_with_codes(catalog, r, cleaned) for r in results]


def rank_title(index: SearchIndex, cleaned: str, text: str | None = None,
               limit: int = 5) -> list[dict[str, Any]]:
    """Fused, confidence-scored occupations for an already cleaned title."""
    context = get_embedder().encode([text[:20000]]) if text and text.strip() else None
    with single_threaded_blas():
        fused = fuse(retrieve(index, "occupation", cleaned, context))[:limit]
        return _confidence(describe(index, "occupation", cleaned, fused), cleaned)


def _confidence(results: list[dict[str, Any]], cleaned: str) -> list[dict[str, Any]]:
    """Score = how closely the best label matches times the fused share, in 0..1."""
    from rapidfuzz import fuzz

    query = get_embedder().encode([cleaned])[0]
    for r in results:
        close = fuzz.ratio(cleaned, fold(r["matched_label"])) / 100.0
        cosine = float(np.dot(get_embedder().encode([r["matched_label"]])[0], query))
        r["score"] = round(max(close, cosine) * r["score"] ** 0.5, 4)
    return sorted(results, key=lambda r: -r["score"])


def _with_codes(catalog: Catalog, result: dict[str, Any], cleaned: str) -> dict[str, Any]:
    occupation = catalog.row("SELECT code FROM occupations WHERE uri = ?", (result["uri"],))
    onet = catalog.rows(
        "SELECT l.onet_code AS code, o.title, l.method, l.confidence FROM occupation_onet l "
        "JOIN onet_occupations o ON o.code = l.onet_code WHERE l.esco_uri = ? "
        "ORDER BY l.confidence DESC, l.onet_code", (result["uri"],))
    return {"uri": result["uri"], "label": result["label"],
            "code": occupation["code"] if occupation else None, "score": result["score"],
            "onet": onet, "matched_label": result["matched_label"], "cleaned_title": cleaned,
            "retrievers": result["retrievers"]}
