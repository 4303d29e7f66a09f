"""The skill profile: the catalog's skill record plus the occupations that need it, each with
the US wage and employment of its best O*NET link, sortable by wage, employment or label.

Employment is the OEWS figure of the linked SOC occupation, which several ESCO occupations may
share; it says how common the US occupation is, not how many people hold the ESCO title.
"""

from __future__ import annotations

from typing import Any, Literal

from destinai.catalog.db import Catalog
from destinai.catalog.skills import get_skill
from destinai.errors import BadInput
from destinai.search.resolve import resolve_skill

SortKey = Literal["label", "wage", "employment"]
SORTS: tuple[str, ...] = ("label", "wage", "employment")

_OCCUPATIONS = """
SELECT x.relation, x.uri, x.label, x.code, x.isco_group, x.onet_code, w.soc_code,
       w.annual_median, w.hourly_median, w.employment, w.year
FROM (SELECT r.relation, o.uri, o.label, o.code, o.isco_group,
             (SELECT l.onet_code FROM occupation_onet l WHERE l.esco_uri = o.uri
              ORDER BY l.confidence DESC, l.onet_code LIMIT 1) AS onet_code
      FROM occupation_skills r JOIN occupations o ON o.uri = r.occupation_uri
      WHERE r.skill_uri = ?) x
LEFT JOIN onet_wage_link k ON k.code = x.onet_code
LEFT JOIN oews_wages w ON w.soc_code = k.soc_code AND w.o_group = k.o_group
"""


def sort_occupations(items: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """Order by ``label`` (A-Z), ``wage`` or ``employment`` (highest first, unknown last)."""
    if sort not in SORTS:
        raise BadInput(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    key = {"wage": "annual_median", "employment": "employment"}.get(sort)
    if key is None:
        return sorted(items, key=lambda o: (o["label"].casefold(), o["uri"]))
    return sorted(items, key=lambda o: (o[key] is None, -(o[key] or 0),
                                        o["label"].casefold()))


def skill_profile(catalog: Catalog, query: str, sort: str = "label") -> dict[str, Any]:
    """The profile of the skill matching ``query``; occupations ordered by ``sort``."""
    if sort not in SORTS:
        raise BadInput(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    skill = get_skill(catalog, *resolve_skill(catalog, query))
    grouped: dict[str, list[dict[str, Any]]] = {"essential": [], "optional": []}
    for row in catalog.rows(_OCCUPATIONS, (skill["uri"],)):
        grouped[row.pop("relation")].append(row)
    top_groups = [path[-1] for path in skill["groups"] if path]
    return {
        **skill,
        "essential_for": sort_occupations(grouped["essential"], sort),
        "optional_for": sort_occupations(grouped["optional"], sort),
        "sorted_by": sort,
        "hierarchy": {"paths": skill["groups"],
                      "top": list({g["uri"]: g for g in top_groups}.values())},
        "isced_f_field": _isced(skill) if skill["skill_type"] == "knowledge" else
        {"available": False, "note": "only knowledge skills have an ISCED-F field"},
        "related_count": len(skill["related_skills"]),
        "pay_note": "wage and employment: US OEWS figures of each occupation's best-confidence "
                    "O*NET link; null when the occupation has no link",
    }


def _isced(skill: dict[str, Any]) -> dict[str, Any]:
    fields = [g for path in skill["groups"] for g in path if g["isced_f"]]
    if not fields:
        return {"available": False, "note": "this knowledge skill has no ISCED-F group"}
    best = max(fields, key=lambda g: len(g["isced_f"]))
    chain = sorted({g["isced_f"]: g for g in fields
                    if best["isced_f"].startswith(g["isced_f"])}.values(),
                   key=lambda g: len(g["isced_f"]))
    return {"available": True, "code": best["isced_f"], "label": best["label"],
            "chain": [{"code": g["isced_f"], "label": g["label"]} for g in chain]}
