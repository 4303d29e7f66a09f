"""Joins saved items to the current catalog: labels, links, and 'no longer in this release'."""

from __future__ import annotations

from typing import Any

from destinai.catalog.db import Catalog
from destinai.catalog.occupations import occupation_skills
from destinai.web.templating import occupation_url


def occupation_href(uri: str) -> str:
    """The occupation page of ``uri`` (pages are addressed by the URI's last segment)."""
    return occupation_url(uri)


def job_profile_href(uri: str) -> str:
    """The job profile page of ``uri``."""
    return occupation_url(uri) + "/job-profile"


def _labels(catalog: Catalog, table: str, uris: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(uris), 500):
        chunk = uris[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in catalog.rows(f"SELECT uri, label FROM {table} WHERE uri IN ({marks})", chunk):
            found[row["uri"]] = row["label"]
    return found


def occupation_label(catalog: Catalog, uri: str) -> str | None:
    """The current label of an ESCO occupation, None when it is not in this catalog."""
    return _labels(catalog, "occupations", [uri]).get(uri) if uri else None


def skill_labels(catalog: Catalog, uris: list[str]) -> dict[str, str]:
    """Current labels of the ESCO skills in ``uris`` that this catalog has."""
    return _labels(catalog, "skills", list(dict.fromkeys(uris)))


def annotate_occupations(catalog: Catalog, items: list[dict[str, Any]],
                         key: str = "occupation_uri") -> list[dict[str, Any]]:
    """Add ``in_catalog``, ``current_label`` and ``href`` to items that name an occupation."""
    labels = _labels(catalog, "occupations", [i[key] for i in items if i.get(key)])
    for item in items:
        uri = item.get(key)
        item["in_catalog"] = uri in labels
        item["current_label"] = labels.get(uri) if uri else None
        item["href"] = occupation_href(uri) if uri in labels else None
        item["job_profile_href"] = job_profile_href(uri) if uri in labels else None
    return items


def annotate_plan(catalog: Catalog, plan: dict[str, Any]) -> dict[str, Any]:
    """Mark a plan's occupations and skills that left the catalog."""
    labels = _labels(catalog, "occupations", [u for u in (plan["from_uri"], plan["to_uri"]) if u])
    plan["to_in_catalog"] = plan["to_uri"] in labels
    plan["from_in_catalog"] = plan["from_uri"] in labels if plan["from_uri"] else None
    plan["to_href"] = occupation_href(plan["to_uri"]) if plan["to_in_catalog"] else None
    skills = skill_labels(catalog, [s["uri"] for s in plan["skills"]])
    for skill in plan["skills"]:
        skill["in_catalog"] = skill["uri"] in skills
    return plan


def annotate_profile(catalog: Catalog, profile: dict[str, Any]) -> dict[str, Any]:
    """Mark a profile's skills that left the catalog."""
    labels = skill_labels(catalog, [s["uri"] for s in profile["skills"]])
    for skill in profile["skills"]:
        skill["in_catalog"] = skill["uri"] in labels
    profile["missing_skills"] = sum(not s["in_catalog"] for s in profile["skills"])
    return profile


def skills_to_learn(catalog: Catalog, to_uri: str, from_uri: str | None,
                    known: set[str] = frozenset()) -> list[dict[str, str]]:  # type: ignore[assignment]
    """The target's essential skills that the current occupation and ``known`` lack."""
    have = set(known)
    if from_uri:
        current = occupation_skills(catalog, from_uri)
        have |= {s["uri"] for s in current["essential"] + current["optional"]}
    target = occupation_skills(catalog, to_uri)["essential"]
    return [{"uri": s["uri"], "label": s["label"]} for s in target if s["uri"] not in have]
