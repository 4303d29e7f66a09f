"""CLI commands for the match feature: ``match``, ``gap`` and ``study``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from destinai.cli_support import DbOption, JsonFlag, emit, fail, open_catalog

Skills = Annotated[str | None, typer.Option("--skills", help='Skills: "a; b; c" (labels, URIs).')]
Cv = Annotated[Path | None, typer.Option(
    "--cv", help="A CV: PDF, DOCX or text file (skills extracted).")]
Title = Annotated[list[str] | None, typer.Option("--title", help="A job held (repeatable).")]
Study = Annotated[str | None, typer.Option("--study", help="Field of education or ISCED-F code.")]
Level = Annotated[int | None, typer.Option("--level", help="ISCED 2011 level 0..8.")]
Interests = Annotated[str | None, typer.Option("--interests", help="RIASEC letters, e.g. SAE.")]


def _profile(catalog, skills, cv, title, study, level, interests, as_json):
    from destinai.match.profile import build_profile, read_cv

    if cv is not None and not cv.is_file():
        fail(f"no CV file at {cv}", 2, as_json=as_json)
    return build_profile(catalog, skills, read_cv(cv) if cv else None, title or [], study,
                         level, interests)


def _unrecognised_lines(profile: dict[str, Any]) -> list[str]:
    lines = []
    for u in profile["unrecognised"]:
        tips = ", ".join(s["label"] for s in u.get("suggestions", [])[:3])
        lines.append(f"  not recognised: {u['input']!r}" + (f" (did you mean: {tips})" if tips
                                                             else ""))
    return lines


def _match_text(d: dict[str, Any]) -> str:
    lines = [f"Profile: {d['profile']['skills']} skills", *_unrecognised_lines(d["profile"])]
    for r in d["results"]:
        o = r["occupation"]
        wage = f", US median ${o['wage_annual_median']:,.0f}" if o["wage_annual_median"] else ""
        lines.append(f"{r['rank']:>2}. {o['label']} — score {r['score']:.2f} "
                     f"(job zone {o['job_zone']}{wage})")
        lines.append(f"    {r['why']}")
    return "\n".join(lines)


def _gap_text(d: dict[str, Any]) -> str:
    head = (f"Gap to {d['target']['label']}: {d['essential_covered']} of "
            f"{d['essential_count']} essential skills covered")
    lines = [head, *_unrecognised_lines(d["profile"])]
    for group, items in d["gap"].items():
        lines.append(f"{group} ({len(items)}):")
        lines += [f"  [{i['relation']}] {i['label']} (opens {i['opens_occupations']})"
                  for i in items[:10]]
    return "\n".join(lines)


def _study_text(d: dict[str, Any]) -> str:
    fields = ", ".join(f"{g['label']} ({g['code']})" for g in d["isced_f"])
    lines = [f"Field: {fields}", "Core knowledge: " + ", ".join(
        k["label"] for k in d["core_knowledge"][:8])]
    for s in d["sectors"]:
        lines.append(f"{s['isco_sub_major']['label']}:")
        for o in s["occupations"]:
            lines.append(f"  {o['label']} (score {o['score']:.2f}, typical education "
                         f"{o['typical_education']['label']})")
    lines.append(d["explanation"])
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``match``, ``gap`` and ``study`` to the ``destinai`` app."""

    @app.command(name="match")
    def match_command(skills: Skills = None, cv: Cv = None, title: Title = None,
                      study: Study = None, level: Level = None, interests: Interests = None,
                      limit: Annotated[int, typer.Option("--limit", min=1, max=200)] = 10,
                      db: DbOption = None, as_json: JsonFlag = False) -> None:
        """Rank every occupation for a profile, with the parts of the score and why.

        Example: destinai match --skills "use welding equipment; read engineering drawings"
        """
        from destinai.match.engine import match

        catalog = open_catalog(db)
        profile = _profile(catalog, skills, cv, title, study, level, interests, as_json)
        emit(match(catalog, profile, limit), as_json, _match_text)

    @app.command(name="gap")
    def gap_command(to: Annotated[str, typer.Option("--to", help="Target occupation.")],
                    skills: Skills = None, cv: Cv = None, title: Title = None,
                    study: Study = None, level: Level = None, interests: Interests = None,
                    db: DbOption = None, as_json: JsonFlag = False) -> None:
        """The skills a profile lacks for one occupation, grouped, most useful first.

        Example: destinai gap --skills "use welding equipment" --to boilermaker
        """
        from destinai.match.gap import gap

        catalog = open_catalog(db)
        profile = _profile(catalog, skills, cv, title, study, level, interests, as_json)
        emit(gap(catalog, profile, to), as_json, _gap_text)

    @app.command(name="study")
    def study_command(field: str, level: Level = None,
                      limit: Annotated[int, typer.Option("--limit", min=1, max=200)] = 30,
                      db: DbOption = None, as_json: JsonFlag = False) -> None:
        """Occupations that draw on a field of study, grouped by sector.

        Example: destinai study "international relations" --level 6
        """
        from destinai.match.study import study

        catalog = open_catalog(db)
        if level is not None and not 0 <= level <= 8:
            fail(f"--level must be an ISCED 2011 level 0..8, got {level}", 2, as_json=as_json)
        emit(study(catalog, field, level, limit), as_json, _study_text)
