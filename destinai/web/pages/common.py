"""What every page router shares: ids in URLs, the not-found page, relevant search hits."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from destinai.catalog.db import Catalog, NotFound
from destinai.catalog.occupations import resolve_occupation
from destinai.catalog.skills import resolve_skill
from destinai.web.templating import render, uuid_of

OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# A semantic-only hit must be at least this close (cosine) to count as a match: below it the
# nearest neighbour of a nonsense query is junk, and the page says that nothing matched.
SEMANTIC_ONLY_MIN = 0.6
TEXT_RETRIEVERS = ("lexical", "lexical_corrected", "fuzzy")


class PageNotFound(Exception):
    """Nothing for this page: rendered as the friendly 404 with suggestions."""

    def __init__(self, message: str, suggestions: list[dict[str, Any]] | None = None,
                 kind: str = "occupation") -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
        self.kind = kind


def occupation_uri(catalog: Catalog, ident: str) -> tuple[str, bool]:
    """(ESCO URI, canonical?) for a page id: the URI's UUID, else an ESCO or O*NET-SOC code
    or an exact preferred or alternative title. A title that only search finds raises
    PageNotFound with the search hits as suggestions."""
    if UUID.match(ident):
        uri = OCCUPATION_PREFIX + ident
        if catalog.scalar("SELECT 1 FROM occupations WHERE uri = ?", (uri,)):
            return uri, True
        raise PageNotFound(f"There is no ESCO occupation with id {ident}.")
    try:
        uri, how = resolve_occupation(catalog, ident)
    except NotFound as exc:
        raise PageNotFound(str(exc), close_suggestions(exc.suggestions)) from exc
    if how == "search":  # only a search hit: offer the candidates, do not pick one
        raise PageNotFound(f"No occupation is called {ident!r}.",
                           relevant_hits(catalog, ident, "occupation", 6))
    return uri, False


def skill_uri(catalog: Catalog, ident: str) -> tuple[str, bool]:
    """(ESCO skill URI, canonical?) for a page id: the URI's UUID, else an exact preferred or
    alternative label (a search-only match raises PageNotFound with suggestions)."""
    if UUID.match(ident):
        uri = SKILL_PREFIX + ident
        if catalog.scalar("SELECT 1 FROM skills WHERE uri = ?", (uri,)):
            return uri, True
        raise PageNotFound(f"There is no ESCO skill with id {ident}.", kind="skill")
    try:
        uri, how = resolve_skill(catalog, ident)
    except NotFound as exc:
        raise PageNotFound(str(exc), relevant_hits(catalog, ident, "skill", 5),
                           kind="skill") from exc
    if how == "search":
        raise PageNotFound(f"No skill is called {ident!r}.",
                           relevant_hits(catalog, ident, "skill", 6), kind="skill")
    return uri, False


def close_suggestions(items: list[dict[str, Any]], floor: float = 0.75) -> list[dict[str, Any]]:
    """Fuzzy suggestions worth showing: the best one, and any others scoring ``floor`` or more."""
    return [s for i, s in enumerate(items) if i == 0 or s.get("score", 1.0) >= floor]


def redirect_to(uri: str, suffix: str = "", kind: str = "occupations") -> RedirectResponse:
    """A permanent redirect to the canonical page of ``uri``."""
    return RedirectResponse(f"/{kind}/{uuid_of(uri)}{suffix}", status_code=301)


def is_relevant(hit: dict[str, Any]) -> bool:
    """A hit found by a text retriever, or semantically close enough to be meant."""
    why = hit.get("retrievers", {})
    if any(name in why for name in TEXT_RETRIEVERS):
        return True
    return float(why.get("semantic", {}).get("score", 0.0)) >= SEMANTIC_ONLY_MIN


def relevant_hits(catalog: Catalog, text: str, kind: str, limit: int) -> list[dict[str, Any]]:
    """Hybrid-search hits that really match ``text`` (none for a query matching nothing)."""
    from destinai.search.hybrid import search_hybrid

    return [h for h in search_hybrid(catalog, text, kind, limit)  # type: ignore[arg-type]
            if is_relevant(h)]


def not_found_page(request: Request, exc: PageNotFound) -> HTMLResponse:
    """The friendly 404: what was not found and close matches."""
    return render(request, "404.html", {"message": str(exc), "suggestions": exc.suggestions,
                                        "kind": exc.kind}, status_code=404)
