"""Job-title normalisation: a messy title (and optionally the ad's text) -> ESCO occupations.

The title is cleaned first (gender markers such as "(m/f/d)", seniority words, common
abbreviations, plural last words); the cleaned title then goes through the hybrid retrievers.
With an ad text, its embedding is compared with occupation descriptions as one more retriever.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import numpy as np

from destinai.catalog.db import Catalog, NotFound
from destinai.search import rerank as rerank_model
from destinai.search.acronyms import expand, expand_job_ad
from destinai.search.embedder import get_embedder, single_threaded_blas
from destinai.search.hybrid import (
    MAX_QUERY_CHARS,
    WEIGHTS,
    describe,
    exact_first,
    fuse,
    retrieve,
)
from destinai.search.index import SearchIndex, get_index
from destinai.search.rerank import rerank
from destinai.search.text import fold, singular

GENDER = re.compile(r"\(\s*[mwfdhx](\s*[/|,]\s*[mwfdhx]){1,3}\s*\)|\b[mwfh]\s*/\s*[mwfdhx]"
                    r"(\s*/\s*[mwfdhx])?\b|\*in\b|/in\b|:in\b|\(in\)", re.IGNORECASE)
SENIORITY = {"senior", "snr", "sr", "junior", "jnr", "jr", "lead", "principal", "trainee",
             "intern", "entry", "level", "experienced", "graduate", "i", "ii", "iii", "iv",
             "mid", "staff", "associate", "chief", "apprentice", "grade", "bsc", "msc", "phd"}
# grades ("Officer 2", UN "P3"/"G5") and terms of employment ("Part-Time", "Contractual")
GRADE = re.compile(r"^(?:\d{1,2}|[pg]\d)$")
TERMS = re.compile(r"\b(?:part|full)[\s-]?time\b|\b(?:temporary|permanent|contractual)\b",
                   re.IGNORECASE)
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
    # job-ad abbreviations that no label spells out
    "meal": "monitoring and evaluation", "sde": "software developer",
    "sdet": "software test engineer", "ngo": "non governmental organisation",
    "pos": "point of sale",
}
TAGS = re.compile(r"<[^<>]*>")   # HTML tags pasted with a title
M_AND_E = re.compile(r"\bM\s*&\s*E\b", re.IGNORECASE)
QUALIFIER = re.compile(r"\s+[-–—|:]\s+|\s*[(\[].*?[)\]]\s*|,\s+|\s+to\s+the\s+",
                       re.IGNORECASE)   # "Assistant to the Director": the part before
HEAD_OF = re.compile(r"^head\s+of\s+(.+)$|^(.+?)\s+head$")
# "Lecturer in Economics", "Director of Nursing", "Assistant to the CEO": the head noun is the
# last word before the preposition; what follows only qualifies it
TO_THE = re.compile(r"\s+to\s+the\s+", re.IGNORECASE)   # whom the job serves, not the job
PREPOSITION = re.compile(r"\s(?:to|of|for|in|at|with|on|within)\s")
VARIANT_WEIGHT = 0.7     # a part of the title or its acronyms spelled out, vs the whole title
KEEP_WHEN_ALONE = {"chief", "associate", "lead"}


def clean_title(title: str) -> str:
    """The title without gender markers and seniority words, abbreviations expanded."""
    text = M_AND_E.sub(" monitoring and evaluation ", TERMS.sub(" ", GENDER.sub(" ", title)))
    head = HEAD_OF.match(fold(text))
    if head:                             # "head of procurement", "procurement head"
        text = f"{head.group(1) or head.group(2)} manager"
    words = fold(text).split()
    expanded = [ABBREVIATIONS.get(w, w) for w in words]
    kept = [w for w in expanded if w not in SENIORITY and not GRADE.match(w)]
    if not kept:
        kept = [w for w in expanded if w in KEEP_WHEN_ALONE] or expanded
    if kept and len(kept[-1]) > 4:
        kept[-1] = singular(kept[-1])    # plural job titles: "nurses" -> "nurse"
    return " ".join(kept)


def title_reading(title: str) -> str:
    """The cleaned title the ranking is about: the whole title, except that "X to the Y"
    ("Executive Assistant to the CEO") is read as X (Y is whom X serves)."""
    main = TO_THE.split(GENDER.sub(" ", title))[0]
    return clean_title(main) or clean_title(title)


def title_head(title: str) -> str:
    """The head noun of a job title: the last word of its main part (before a dash, bracket,
    comma, colon or "to the" qualifier, then before a preposition), once cleaned
    ("Procurement Head – Packaging Materials" -> "manager", "Executive Assistant to the CEO" ->
    "assistant", "Lecturer in Economics" -> "lecturer")."""
    title = GENDER.sub(" ", title)
    main = next((p for p in QUALIFIER.split(title) if p and p.strip()), title)
    cleaned = clean_title(main)
    words = (PREPOSITION.split(f" {cleaned} ")[0].strip() or cleaned).split()
    return singular(words[-1]) if words else ""


def title_variants(title: str, acronyms: dict[str, str]) -> list[tuple[str, float]]:
    """(cleaned text, weight) to search for: the whole title first, then its acronyms spelled
    out, the part before a dash, bracket or comma, and each side of an "X/Y" double title."""
    title = GENDER.sub(" ", title)
    out: list[tuple[str, float]] = []

    def add(text: str, weight: float) -> None:
        cleaned = clean_title(text)
        if cleaned and cleaned not in {v for v, _ in out}:
            out.append((cleaned, weight))

    if TO_THE.search(title):       # "X to the Y": X first, the whole title as a variant
        add(TO_THE.split(title)[0], 1.0)
    add(title, 1.0 if not out else VARIANT_WEIGHT)
    main = QUALIFIER.split(title)[0].strip()
    for part in dict.fromkeys([main, *re.split(r"\s*/\s*", main)]):
        if part and part != title:
            add(part, VARIANT_WEIGHT)
    for text, weight in list(out):
        spelled = expand(text, acronyms)
        if spelled:
            add(spelled, weight)
    spelled = expand_job_ad(title)
    if spelled:                    # "WASH Officer": capitals only, "wash" is a word too
        for text, weight in title_variants(spelled, acronyms):
            add(text, weight)
    return out


def normalize_title(catalog: Catalog, title: str, text: str | None = None,
                    limit: int = 5, refuse: bool = False) -> list[dict[str, Any]]:
    """Ranked ESCO occupations for a free-text job title, optionally with the ad's text.

    Each result: ``uri``, ``label``, ``code`` (ESCO), ``score`` (0..1 confidence),
    ``onet`` (linked O*NET-SOC codes with titles), ``cleaned_title``, ``retrievers``.
    With ``refuse``, a title that nothing really matches ("lorem ipsum") raises NotFound with
    the first results as suggestions (``resolve.is_real_title_match``).
    """
    title = TAGS.sub(" ", (title or "")[:MAX_QUERY_CHARS])
    cleaned = title_reading(title)
    if not cleaned:
        if refuse:
            raise NotFound("no occupation matches an empty title")
        return []
    index = get_index(catalog)
    results = rank_raw_title(index, title, text, max(limit, 5) if refuse else limit)
    if refuse:
        from destinai.search.resolve import is_real_title_match, suggestions_of

        readings = [v for v, _ in title_variants(title, index.kinds["occupation"].acronyms)]
        if not results or not is_real_title_match(catalog, readings, results[0]):
            raise NotFound(f"no occupation matches {title.strip()!r}",
                           suggestions_of(results))
        results = results[:limit]
    return [_with_codes(catalog, r, cleaned) for r in results]


def rank_raw_title(index: SearchIndex, title: str, text: str | None = None,
                   limit: int = 5) -> list[dict[str, Any]]:
    """The whole title pipeline (cleaning, variants, fusion, re-ranking, exact labels first)
    on ``index`` (the catalog's, or a held-out evaluation index)."""
    cleaned = title_reading(title) or fold(title)
    variants = title_variants(title, index.kinds["occupation"].acronyms)
    return rank_title(index, cleaned, text, limit, variants, raw=GENDER.sub(" ", title),
                      head=title_head(title))


def title_lists(index: SearchIndex, cleaned: str, text: str | None = None,
                variants: list[tuple[str, float]] | None = None
                ) -> tuple[dict[str, list[tuple[int, float]]], dict[str, float]]:
    """Every retriever's ranked list for each variant ("name@n" for the n-th variant) and
    its fusion weight (the retriever's times the variant's)."""
    context = get_embedder().encode([text[:20000]]) if text and text.strip() else None
    variants = variants or [(cleaned, 1.0)]
    lists: dict[str, list[tuple[int, float]]] = {}
    weights: dict[str, float] = {}
    for n, (variant, weight) in enumerate(variants):
        found = retrieve(index, "occupation", variant, context if n == 0 else None)
        for name, ranked in found.items():
            lists[f"{name}@{n}" if n else name] = ranked
            weights[f"{name}@{n}" if n else name] = WEIGHTS[name] * weight
    return lists, weights


def title_candidates(index: SearchIndex, cleaned: str, text: str | None = None,
                     variants: list[tuple[str, float]] | None = None
                     ) -> list[tuple[int, float, dict[str, Any]]]:
    """Every retriever's list for each variant, fused (each weighted by its variant's weight):
    (owner, fused score, {retriever@variant: {rank, score}}), best first."""
    return fuse(*title_lists(index, cleaned, text, variants))


def ad_scores(index: SearchIndex, text: str | None) -> np.ndarray | None:
    """The ad text's cosine with every occupation's "label. description" (None without text)."""
    if not (text and text.strip()):
        return None
    return index.description_scores("occupation", get_embedder().encode([text[:20000]]))[0]


def rank_title(index: SearchIndex, cleaned: str, text: str | None = None,
               limit: int = 5, variants: list[tuple[str, float]] | None = None,
               raw: str | None = None, head: str | None = None) -> list[dict[str, Any]]:
    """Fused, re-ranked, confidence-scored occupations for a cleaned title. A title equal to
    an ESCO label as written (``raw``: "Chief Executive Officer", which cleaning would cut)
    or once cleaned ranks that label's occupation first."""
    variants = variants or [(cleaned, 1.0)]
    with single_threaded_blas():
        lists, weights = title_lists(index, cleaned, text, variants)
        fused = fuse(lists, weights)
        vector = get_embedder().encode([cleaned])[0]
        fused = rerank(index.kinds["occupation"], cleaned, vector, fused, head=head,
                       context=ad_scores(index, text))
        if "context" in lists:
            # the ad decides the order; the confidence stays how well the *title* matches, on
            # the scale of a title given alone (the ad's list would lower every share)
            alone = {o: s for o, s, _ in fuse({n: v for n, v in lists.items() if n != "context"},
                                              weights)}
            fused = [(o, alone.get(o, 0.0), why) for o, _, why in fused]
        whole = [v for v, weight in variants if weight >= 1.0]
        for variant in ([raw] if raw and fold(raw) else []) + whole:
            ordered = exact_first(index, "occupation", variant, fused)
            if ordered is not fused:   # the first whole-title reading with an exact label
                fused = ordered
                break
        fused = fused[:limit]
        return _confidence(describe(index, "occupation", cleaned, fused), cleaned)


def _confidence(results: list[dict[str, Any]], cleaned: str) -> list[dict[str, Any]]:
    """Score = how closely the best label matches times the fused share, in 0..1."""
    from rapidfuzz import fuzz

    query = get_embedder().encode([cleaned])[0]
    for r in results:
        close = fuzz.ratio(cleaned, fold(r["matched_label"])) / 100.0
        cosine = float(np.dot(get_embedder().encode([r["matched_label"]])[0], query))
        r["score"] = round(max(close, cosine) * r["score"] ** 0.5, 4)
    # exact labels stay first (hybrid.exact_first); the rest in the re-ranker's order when it
    # has weights, else by confidence (within 0.01: fused order); kept non-increasing
    ordered = results if rerank_model.WEIGHTS is not None else [
        r for _, r in sorted(enumerate(results), key=lambda p: (
            p[1]["retrievers"].get("exact", {}).get("rank", 1e9), -round(p[1]["score"], 2),
            p[0]))]
    for before, after in pairwise(ordered):
        after["score"] = min(after["score"], before["score"])
    return ordered


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
