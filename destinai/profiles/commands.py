"""CLI commands for occupation and skill profiles (job profiles and interview guides to come)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from destinai.cli_support import DbOption, JsonFlag, emit, fail, open_catalog


def register(app: typer.Typer) -> None:
    """Add this feature's commands to the ``destinai`` app."""
    app.command()(occupation)
    app.command()(skill)


def occupation(query: Annotated[str, typer.Argument(
                   help="ESCO URI, ESCO code, O*NET-SOC code or a title.")],
               db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Show an occupation: ISCO chain, essential/optional skills, O*NET codes, US wages.

    Example: destinai occupation "diplomat" --json
    """
    from destinai.catalog.db import NotFound
    from destinai.catalog.occupations import get_occupation

    catalog = open_catalog(db)
    try:
        data = get_occupation(catalog, query)
    except NotFound as exc:
        fail(str(exc), 2, exc.suggestions, as_json)
        return
    emit(data, as_json, _occupation_text)


def _skill_lines(title: str, skills: list[dict[str, Any]]) -> list[str]:
    lines = []
    for kind in ("knowledge", "skill/competence"):
        chosen = [s["label"] for s in skills if s["skill_type"] == kind]
        if chosen:
            lines.append(f"  {title} {kind} ({len(chosen)}): " + "; ".join(chosen))
    return lines


def _money(value: float | None) -> str:
    return f"${value:,.0f}" if value is not None else "n/a"


def _occupation_text(d: dict[str, Any]) -> str:
    c = d["counts"]
    chain = " > ".join(f"{g['code']} {g['label']}" for g in d["isco_chain"])
    lines = [f"{d['label']}  [ESCO {d['code']}]", f"  {d['uri']}", f"  ISCO-08: {chain}"]
    if d["description"]:
        lines.append(f"  {d['description'].strip()}")
    lines.append(f"  Skills: {c['total']} total · {c['essential']} essential · "
                 f"{c['optional']} optional")
    lines += _skill_lines("essential", d["essential_skills"])
    lines += _skill_lines("optional", d["optional_skills"])
    for link in d["onet"]:
        lines.append(f"  O*NET {link['code']} {link['title']} ({link['method']}, "
                     f"confidence {link['confidence']:.2f}, job zone {link['job_zone']})")
    if not d["onet"]:
        lines.append("  O*NET: no linked occupation")
    for w in d["wages"]:
        approx = " (broad group, approximate)" if w["approximate"] else ""
        lines.append(f"  US wages {w['year']} SOC {w['soc_code']}{approx}: median "
                     f"{_money(w['annual_median'])}, p10 {_money(w['annual_p10'])}, "
                     f"p90 {_money(w['annual_p90'])}")
    return "\n".join(lines)


def skill(query: Annotated[str, typer.Argument(help="ESCO skill URI or label.")],
          db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Show a skill, its groups and the occupations for which it is essential or optional.

    Example: destinai skill "negotiate international agreements"
    """
    from destinai.catalog.db import NotFound
    from destinai.catalog.skills import get_skill

    catalog = open_catalog(db)
    try:
        data = get_skill(catalog, query)
    except NotFound as exc:
        fail(str(exc), 2, exc.suggestions, as_json)
        return
    emit(data, as_json, _skill_text)


def _skill_text(d: dict[str, Any]) -> str:
    c = d["counts"]
    lines = [f"{d['label']}  [{d['skill_type'] or 'untyped'}, {d['reuse_level']}]",
             f"  {d['uri']}"]
    if d["description"]:
        lines.append(f"  {d['description'].strip()}")
    for path in d["groups"]:
        lines.append("  group: " + " < ".join(g["label"] for g in path))
    if d["collections"]:
        lines.append("  collections: " + ", ".join(d["collections"]))
    lines.append(f"  Occupations: {c['total']} total · {c['essential']} essential · "
                 f"{c['optional']} optional")
    for title, key in (("essential for", "essential_for"), ("optional for", "optional_for")):
        names = [o["label"] for o in d[key]]
        if names:
            more = f" … and {len(names) - 25} more" if len(names) > 25 else ""
            lines.append(f"  {title}: " + "; ".join(names[:25]) + more)
    return "\n".join(lines)
