"""The one resolver: a user's occupation or skill query -> one ESCO concept, or NotFound.

Every command and route that takes an occupation or skill (``occupation``, ``skill``,
``paths``, ``route``, ``gap``, ``jobprofile``, ``interview``, ``crosswalk``, ``match``) resolves
it here, so they all agree with ``destinai search``:

1. identifiers: an ESCO URI, an ESCO occupation code, an O*NET-SOC code;
2. exact labels: the query equal to a preferred, alternative or hidden ESCO label after
   folding case, accents, punctuation and plurals (preferred first; ties in search order);
3. the hybrid search (:func:`destinai.search.hybrid.search_hybrid`): its first result,
   accepted only when it is a real match: its closeness (the best of string similarity and
   embedding cosine between the query, typos corrected, and any of the concept's labels) is at
   least ``ACCEPT``; otherwise NotFound with the search's first results as suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from destinai.catalog.db import Catalog, NotFound
from destinai.search.hybrid import Kind, search_hybrid
from destinai.search.index import get_index
from destinai.search.text import fold

ACCEPT = 0.8            # closeness below which the best search result is not a match
TITLE_ACCEPT = 0.7      # the same for job titles, over the title's readings (docs/search.md)
SUGGESTIONS = 5
ALL_WORDS = 1000        # index.lexical adds this when every query word is in the label


@dataclass(frozen=True)
class Resolution:
    """A resolved query: the concept, how it matched, and how close the match is (0..1)."""

    uri: str
    label: str
    matched_by: str      # uri | esco_code | onet_code | preferred_label | alternative_label |
    #                      hidden_label | search
    closeness: float


def resolve(catalog: Catalog, query: str, kind: Kind) -> Resolution:
    """The ESCO occupation or skill that ``query`` names; NotFound with suggestions."""
    q = (query or "").strip()
    noun = "occupation" if kind == "occupation" else "skill"
    if not q:
        raise NotFound(f"empty {noun} query")
    identified = (_identifier(catalog, q, kind) or _label_as_typed(catalog, q, kind)
                  or _only_exact_label(catalog, q, kind))
    if identified:
        return identified
    results = search_hybrid(catalog, q, kind, limit=SUGGESTIONS)
    suggestions = [{"uri": r["uri"], "label": r["label"], "score": r["score"]}
                   for r in results]
    if not results:
        raise NotFound(f"no {noun} matches {q!r}", suggestions)
    best = results[0]
    exact = best["retrievers"].get("exact")
    if exact:
        how = {"preferred": "preferred_label", "alt": "alternative_label"}.get(
            exact["label"], "hidden_label")
        return Resolution(best["uri"], best["label"], how, 1.0)
    close = closeness(catalog, kind, q, best["uri"])
    if close < ACCEPT:
        raise NotFound(f"no {noun} matches {q!r}", suggestions)
    return Resolution(best["uri"], best["label"], "search", round(close, 4))


def _label_as_typed(catalog: Catalog, q: str, kind: Kind) -> Resolution | None:
    """The one concept whose preferred label is ``q`` as typed (case aside): answered from
    the catalog table, so a command naming an occupation exactly never loads the index."""
    table = "occupations" if kind == "occupation" else "skills"
    rows = catalog.rows(f"SELECT uri, label FROM {table} WHERE label = ? COLLATE NOCASE "
                        "LIMIT 2", (q,))
    if len(rows) != 1:
        return None
    return Resolution(rows[0]["uri"], rows[0]["label"], "preferred_label", 1.0)


def _only_exact_label(catalog: Catalog, q: str, kind: Kind) -> Resolution | None:
    """The concept when exactly one has the best kind of exact label for ``q`` (what step 2
    would pick anyway), without running the whole hybrid search (~50 ms) for it."""
    k = get_index(catalog).kinds[kind]
    exact = [(owner, rank) for owner, rank in k.exact_owners(q) if rank <= 2]
    if not exact:
        return None
    best = min(rank for _, rank in exact)
    top = [owner for owner, rank in exact if rank == best]
    if len(top) != 1:
        return None          # ties are ordered by the search (tests/search), so ask it
    how = ("preferred_label", "alternative_label", "hidden_label")[best]
    return Resolution(k.uris[top[0]], k.labels[top[0]], how, 1.0)


def closeness(catalog: Catalog, kind: Kind, query: str, uri: str) -> float:
    """Best of rapidfuzz ratio and embedding cosine between the query (as typed and with
    typos corrected) and any ESCO or O*NET label of the concept, in 0..1."""
    from destinai.search.embedder import get_embedder

    index = get_index(catalog)
    k = index.kinds[kind]
    owner = k.uris.index(uri)
    rows = np.arange(k.starts[owner], k.ends[owner])
    if not len(rows):
        return 0.0
    corrected = index.correct(kind, query)
    texts = {fold(k.texts[int(k.row_vector[r])]) for r in rows}
    folded = fold(query)
    ratio = max(max(fuzz.ratio(folded, t), fuzz.ratio(corrected, t)) for t in texts) / 100
    vector = get_embedder().encode([corrected or folded])[0]
    cosine = float((k.matrix[k.row_vector[rows]] @ vector).max())
    return min(1.0, max(ratio, cosine))


def _identifier(catalog: Catalog, q: str, kind: Kind) -> Resolution | None:
    """A URI or code: resolved exactly (NotFound when it names nothing), else None."""
    from destinai.catalog.occupations import ESCO_CODE, ONET_CODE

    table = "occupations" if kind == "occupation" else "skills"
    if q.startswith(("http://", "https://")):
        row = catalog.row(f"SELECT uri, label FROM {table} WHERE uri = ?", (q,))
        if row:
            return Resolution(row["uri"], row["label"], "uri", 1.0)
        raise NotFound(f"no ESCO {kind} with URI {q}")
    if kind != "occupation":
        return None
    if ESCO_CODE.match(q):
        row = catalog.row("SELECT uri, label FROM occupations WHERE code = ?", (q,))
        if row:
            return Resolution(row["uri"], row["label"], "esco_code", 1.0)
        raise NotFound(f"no ESCO occupation has the code {q}")
    if ONET_CODE.match(q):
        from destinai.catalog.occupations import resolve_occupation as by_code

        uri, how = by_code(catalog, q)        # O*NET-SOC code: the catalog's link lookup
        label = catalog.scalar("SELECT label FROM occupations WHERE uri = ?", (uri,))
        return Resolution(uri, str(label), how, 1.0)
    return None


def resolve_occupation(catalog: Catalog, query: str) -> tuple[str, str]:
    """(uri, how it matched) of the ESCO occupation ``query`` names (URI, ESCO or O*NET-SOC
    code, label, or free text that really matches); NotFound with suggestions otherwise."""
    found = resolve(catalog, query, "occupation")
    return found.uri, found.matched_by


def resolve_skill(catalog: Catalog, query: str) -> tuple[str, str]:
    """(uri, how it matched) of the ESCO skill ``query`` names; NotFound with suggestions."""
    found = resolve(catalog, query, "skill")
    return found.uri, found.matched_by


def suggestions_of(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first results as "did you mean" suggestions."""
    return [{"uri": r["uri"], "label": r["label"], "score": r["score"]}
            for r in results[:SUGGESTIONS]]


def is_real_search_match(catalog: Catalog, kind: Kind, query: str,
                         results: list[dict[str, Any]]) -> bool:
    """Whether a search's first result really matches ``query``: an exact label, every word
    of the query in one of its labels (a keyword search: "data", "sales", "manag"), or a
    close label (``closeness`` >= ``ACCEPT``: typos, synonyms)."""
    if not results:
        return False
    best = results[0]
    if "exact" in best["retrievers"]:
        return True
    if best["retrievers"].get("lexical", {}).get("score", 0.0) >= ALL_WORDS:
        return True
    return closeness(catalog, kind, query, best["uri"]) >= ACCEPT


def search_or_refuse(catalog: Catalog, query: str, kind: Kind, limit: int
                     ) -> list[dict[str, Any]]:
    """``search_hybrid``'s results, or NotFound with them as suggestions when the first one
    is no real match (:func:`is_real_search_match`; for occupations also read as a job
    title, :func:`is_real_title_match`): "lorem ipsum", "<script>…"."""
    results = search_hybrid(catalog, query, kind, limit=max(limit, SUGGESTIONS))
    if not is_real_search_match(catalog, kind, query, results) and not (
            kind == "occupation" and results and _reads_as_title(catalog, query, results[0])):
        noun = "occupation" if kind == "occupation" else "skill"
        raise NotFound(f"no {noun} matches {query.strip()!r}", suggestions_of(results))
    return results[:limit]


def _reads_as_title(catalog: Catalog, query: str, result: dict[str, Any]) -> bool:
    """An occupation query written as a job-ad title ("Data Analyst - Remote", "RN - ICU")
    whose readings really match the first result."""
    from destinai.search.titles import TAGS, title_variants

    acronyms = get_index(catalog).kinds["occupation"].acronyms
    readings = [v for v, _ in title_variants(TAGS.sub(" ", query), acronyms)]
    return is_real_title_match(catalog, readings, result)


def is_real_title_match(catalog: Catalog, readings: list[str], result: dict[str, Any]
                        ) -> bool:
    """Whether a title's first occupation really matches: an exact label, or a label close
    to one of the title's readings (cleaned, its main part, acronyms spelled out;
    ``closeness`` >= ``TITLE_ACCEPT``)."""
    if "exact" in result["retrievers"]:
        return True
    return any(closeness(catalog, "occupation", r, result["uri"]) >= TITLE_ACCEPT
               for r in readings if r)
