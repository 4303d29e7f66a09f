"""CLI commands: occupation and skill profiles, job profiles and interview guides."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from destinai.cli_support import DbOption, JsonFlag, emit, fail, open_catalog
from destinai.profiles.render_text import occupation_text, skill_text

FormatOption = Annotated[str, typer.Option("--format", help="md (Markdown) or json.")]
SectorOption = Annotated[str | None, typer.Option(
    "--sector", help="Adapt wording and emphasis: public, ngo or private.")]
SortOption = Annotated[str, typer.Option(
    "--sort", help="Order the occupations by label, wage or employment.")]
QueryArg = Annotated[str, typer.Argument(help="ESCO URI, ESCO code, O*NET-SOC code or a title.")]


def register(app: typer.Typer) -> None:
    """Add this feature's commands to the ``destinai`` app."""
    app.command()(occupation)
    app.command()(skill)
    app.command()(jobprofile)
    app.command()(interview)
    app.command()(sector)


def occupation(query: QueryArg,
               paths: Annotated[bool, typer.Option(
                   "--paths", help="Include career paths (loads the paths index).")] = False,
               db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Show the full occupation profile: identity, skills, O*NET tasks and ratings, pay.

    Example: destinai occupation "diplomat" --json
    """
    from destinai.profiles.occupation_profile import occupation_profile

    catalog = open_catalog(db)
    emit(occupation_profile(catalog, query, paths), as_json,
         occupation_text)


def skill(query: Annotated[str, typer.Argument(help="ESCO skill URI or label.")],
          sort: SortOption = "label", db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Show a skill profile and the occupations for which it is essential or optional.

    Example: destinai skill "negotiate international agreements" --sort wage
    """
    from destinai.profiles.skill_profile import skill_profile

    catalog = open_catalog(db)
    emit(skill_profile(catalog, query, sort), as_json, skill_text)


def _format(fmt: str, as_json: bool) -> str:
    fmt = "json" if as_json else fmt.strip().lower()
    if fmt not in ("md", "json"):
        fail(f"--format must be md or json, not {fmt!r}", 2)
    return fmt


def jobprofile(query: QueryArg, fmt: FormatOption = "md", sector: SectorOption = None,
               db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Write a job description (Markdown or JSON) generated from ESCO, O*NET and OEWS.

    Example: destinai jobprofile "policy officer" --sector public
    """
    from destinai.profiles.jobprofile import job_profile
    from destinai.profiles.render_md import job_profile_md

    fmt = _format(fmt, as_json)
    catalog = open_catalog(db)
    sector = sector.strip().lower() if sector else None
    data = job_profile(catalog, query, sector)
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json"
               else job_profile_md(data))


def interview(query: QueryArg, fmt: FormatOption = "md", db: DbOption = None,
              as_json: JsonFlag = False) -> None:
    """Write a competency-based interview guide (Markdown or JSON).

    Example: destinai interview "welder" --format md
    """
    from destinai.profiles.interview import interview_guide
    from destinai.profiles.render_md import interview_md

    fmt = _format(fmt, as_json)
    catalog = open_catalog(db)
    data = interview_guide(catalog, query)
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json"
               else interview_md(data))


def sector(query: Annotated[str, typer.Argument(
               help="ISCO-08 group code (e.g. 22, 7) or a field (e.g. 'health').")],
           db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Overview of a sector: growth, openings, pay, entry and senior roles, skills.

    Example: destinai sector "international relations" --json
    """
    from destinai.profiles.render_text import sector_text
    from destinai.profiles.sector import sector_overview

    catalog = open_catalog(db)
    emit(sector_overview(catalog, query), as_json, sector_text)
