"""The Skills directory (ESCO skills hierarchy and knowledge fields) and the skill pages."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from destinai.catalog.db import Catalog
from destinai.profiles.skill_profile import skill_profile
from destinai.web.deps import CatalogDep
from destinai.web.pages.common import PageNotFound, redirect_to, relevant_hits, skill_uri
from destinai.web.pages.releases import releases
from destinai.web.templating import render

router = APIRouter(include_in_schema=False)
GROUP_PAGE = 100
# Knowledge groups are ISCED-F fields: their hierarchy rows carry no code, the group its field.
NODE = ("SELECT h.uri, h.level, COALESCE(NULLIF(h.code, ''), g.isced_f) AS code, h.label, "
        "h.parent_uri, h.description, g.isced_f FROM skill_hierarchy h "
        "LEFT JOIN skill_groups g ON g.uri = h.uri")
NODE_CODE = "COALESCE(NULLIF(h.code, ''), g.isced_f)"
TOP_NAMES = {"S": "Skills", "K": "Knowledge (by field of education, ISCED-F)",
             "T": "Transversal skills and competences", "L": "Language skills and knowledge"}


def hierarchy_node(catalog: Catalog, code: str) -> dict[str, Any] | None:
    """A node of the ESCO skills hierarchy by code, with its chain, children and skills."""
    node = catalog.row(f"{NODE} WHERE {NODE_CODE} = ?", (code,))
    if node is None:
        return None
    chain, parent = [node], node["parent_uri"]
    while parent:
        up = catalog.row(f"{NODE} WHERE h.uri = ?", (parent,))
        if up is None:
            break
        chain.insert(0, up)
        parent = up["parent_uri"]
    children = catalog.rows(f"{NODE} WHERE h.parent_uri = ? ORDER BY 3", (node["uri"],))
    skills = catalog.rows(
        "SELECT s.uri, s.label, s.skill_type FROM skill_broader b JOIN skills s "
        "ON s.uri = b.uri WHERE b.broader_uri = ? ORDER BY s.label", (node["uri"],))
    return {**node, "chain": chain, "children": children, "skills": skills}


def hierarchy_top(catalog: Catalog) -> list[dict[str, Any]]:
    """The four pillars of the ESCO skills hierarchy, each with its first level."""
    tops = catalog.rows(f"{NODE} WHERE h.level = 0")
    order = {"S": 0, "K": 1, "T": 2, "L": 3}
    tops.sort(key=lambda t: order.get(t["code"], 9))
    for top in tops:
        top["name"] = TOP_NAMES.get(top["code"], top["label"])
        top["children"] = catalog.rows(f"{NODE} WHERE h.parent_uri = ? ORDER BY 3",
                                       (top["uri"],))
    return tops


@router.get("/skills", response_class=HTMLResponse)
def skills_page(request: Request, catalog: CatalogDep, q: str = "", group: str = "",
                page: int = 1) -> Response:
    """Browse the hierarchy (``group`` = a hierarchy code such as S1 or K03) or search."""
    q = q.strip()[:200]
    if group:
        node = hierarchy_node(catalog, group)
        if node is None:
            raise PageNotFound(f"There is no ESCO skill group with code {group}.", kind="skill")
        pages = max(1, -(-len(node["skills"]) // GROUP_PAGE))
        page = min(max(page, 1), pages)
        return render(request, "skills_group.html", {
            "node": node, "page": page, "pages": pages,
            "items": node["skills"][(page - 1) * GROUP_PAGE: page * GROUP_PAGE],
            "page_url": lambda n: f"/skills?group={group}&page={n}",
            "releases": releases(catalog)})
    hits = relevant_hits(catalog, q, "skill", 30) if q else []
    return render(request, "skills.html", {"q": q, "hits": hits, "tops": hierarchy_top(catalog),
                                           "releases": releases(catalog)})


@router.get("/skills/{ident}", response_class=HTMLResponse, name="skill_page")
def skill_page(ident: str, request: Request, catalog: CatalogDep,
               sort: Literal["label", "wage", "employment"] = "label") -> Response:
    """A skill: what it is, where it sits, which occupations need it (essential / optional)."""
    uri, canonical = skill_uri(catalog, ident)
    if not canonical:
        return redirect_to(uri, kind="skills")
    s = skill_profile(catalog, uri, sort)
    codes = {r["uri"]: r["code"] for r in catalog.rows(NODE) if r["code"]}
    return render(request, "skill.html", {"s": s, "codes": codes, "sort": sort,
                                          "releases": releases(catalog)})
