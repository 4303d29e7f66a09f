"""The ``destinai`` command line. Each command is a thin wrapper over one library call."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from destinai.config import Settings

app = typer.Typer(
    help="DestinAI: career intelligence from the official ESCO, O*NET and OEWS releases.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
DbOption = Annotated[Path | None, typer.Option("--db", help="Catalog path (env DESTINAI_DB).")]
SourcesOption = Annotated[
    Path | None, typer.Option("--sources", help="Release files directory (env DESTINAI_SOURCES).")
]


def emit(data: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    """Print ``data`` as stable JSON or as human-readable text."""
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False))
    else:
        typer.echo(text(data))


def fail(message: str, code: int = 1, suggestions: list[dict[str, Any]] | None = None,
         as_json: bool = False) -> None:
    """Report an error on stderr (JSON on stdout too with --json) and exit with ``code``."""
    if as_json:
        typer.echo(json.dumps({"error": message, "suggestions": suggestions or []}, indent=2))
    typer.echo(f"error: {message}", err=True)
    for s in suggestions or []:
        typer.echo(f"  did you mean: {s['label']} ({s['uri']})", err=True)
    raise typer.Exit(code)


def open_catalog(db: Path | None):
    """Open the catalog or exit with a clear message."""
    from destinai.catalog.db import Catalog, CatalogMissing

    try:
        return Catalog(Settings.from_env(db=db).db)
    except CatalogMissing as exc:
        fail(str(exc))


@app.command()
def sources(sources_dir: SourcesOption = None, as_json: JsonFlag = False) -> None:
    """List every release file the build expects: present?, SHA-256, release, download page.

    Example: destinai sources --sources ../shared/data
    """
    from destinai.sources.manifest import expected_sources

    root = Settings.from_env(sources=sources_dir).sources
    files = [f.describe() for f in expected_sources(root)]
    emit({"sources_dir": str(root), "files": files}, as_json, _sources_text)
    if any(f["required"] and not f["present"] for f in files):
        raise typer.Exit(1)


def _sources_text(data: dict[str, Any]) -> str:
    lines = [f"Sources directory: {data['sources_dir']}"]
    for f in data["files"]:
        mark = "ok     " if f["present"] else ("MISSING" if f["required"] else "absent ")
        lines.append(f"{mark} {f['release']}: {f['path']}")
        lines.append(f"        sha256 {f['sha256'] or '-'}  download: {f['download']}")
    return "\n".join(lines)


@app.command()
def build(sources_dir: SourcesOption = None, db: DbOption = None,
          if_stale: Annotated[bool, typer.Option(
              "--if-stale", help="Only build when the catalog is missing or its sources changed."
          )] = False,
          as_json: JsonFlag = False) -> None:
    """Import, validate and load every release into one SQLite catalog (atomically).

    Example: destinai build --sources ../shared/data --db data/catalog.sqlite
    """
    from destinai.catalog.build import BuildError, build_catalog, is_stale
    from destinai.sources.errors import SourceError

    settings = Settings.from_env(sources=sources_dir, db=db)
    if if_stale and not is_stale(settings.sources, settings.db):
        emit({"db": str(settings.db), "built": False}, as_json,
             lambda d: f"Catalog {d['db']} is up to date.")
        return
    say = (lambda _m: None) if as_json else (lambda m: typer.echo(f"… {m}", err=True))
    try:
        result = build_catalog(settings.sources, settings.db, say)
    except (SourceError, BuildError) as exc:
        fail(f"build failed, previous catalog (if any) left unchanged: {exc}", as_json=as_json)
        return
    record = result.record
    summary = {"db": str(result.db), "built": True, "duration_s": record["duration_s"],
               "row_counts": record["row_counts"], "import": record["import"],
               "crosswalk_coverage": record["crosswalk_coverage"]}
    emit(summary, as_json, _build_text)


def _build_text(d: dict[str, Any]) -> str:
    cov = d["crosswalk_coverage"]
    counts = d["row_counts"]
    skipped = d["import"]["skipped"]
    fixes = d["import"]["label_fixes"]
    lines = [
        f"Built {d['db']} in {d['duration_s']} s",
        f"  {counts['occupations']} ESCO occupations, {counts['skills']} skills, "
        f"{counts['occupation_skills']} occupation-skill relations",
        f"  {counts['onet_occupations']} O*NET occupations, {counts['oews_wages']} OEWS wage rows",
        f"  ESCO occupations with an O*NET code: {cov['onet_any']['count']} "
        f"({cov['onet_any']['share']:.1%}); with a US wage: {cov['wage_any']['count']} "
        f"({cov['wage_any']['share']:.1%})",
        "  skipped rows: " + (", ".join(f"{k} = {v}" for k, v in skipped.items()) or "none"),
        "  label fixes: " + (", ".join(f"{k} = {v}" for k, v in fixes.items()) or "none"),
    ]
    return "\n".join(lines)


@app.command()
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


@app.command()
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


@app.command("search")
def search_command(query: str,
                   type_: Annotated[str, typer.Option(
                       "--type", help="occupation or skill")] = "occupation",
                   limit: Annotated[int, typer.Option("--limit", min=1, max=200)] = 10,
                   db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Search occupations or skills by title, alternative titles and description.

    Example: destinai search "data scientist" --type occupation --limit 5
    """
    from destinai.catalog.search import search

    if type_ not in {"occupation", "skill"}:
        fail(f"--type must be occupation or skill, not {type_!r}", 2)
    catalog = open_catalog(db)
    results = search(catalog, query, type_, limit)  # type: ignore[arg-type]
    emit({"query": query, "type": type_, "data": results, "count": len(results)}, as_json,
         lambda d: "\n".join(f"{r['score']:8.2f}  {r['label']}  {r['uri']}" for r in d["data"])
         or "no results")


@app.command()
def stats(db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Show the build record: sources and checksums, row counts, fixes, coverage.

    Example: destinai stats --json
    """
    catalog = open_catalog(db)
    record = catalog.build_record()
    emit(record, as_json, _stats_text)


def _stats_text(r: dict[str, Any]) -> str:
    lines = [f"Catalog built {r['built_at']} by DestinAI {r['code_version']} in "
             f"{r['duration_s']} s from {r['sources_dir']}"]
    lines += [f"  {s['release']}: {Path(s['path']).name} sha256 {s['sha256'][:16]}…"
              for s in r["sources"]]
    lines.append("Rows: " + ", ".join(f"{k} {v}" for k, v in r["row_counts"].items()))
    cov = r["crosswalk_coverage"]
    lines.append(f"O*NET coverage {cov['onet_any']['share']:.1%}, "
                 f"wage coverage {cov['wage_any']['share']:.1%}")
    return "\n".join(lines)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, db: DbOption = None) -> None:
    """Serve the web app and JSON API (OpenAPI at /docs).

    Example: destinai serve --port 8000
    """
    import uvicorn

    from destinai.web.app import create_app

    settings = Settings.from_env(db=db)
    uvicorn.run(create_app(settings), host=host, port=port)


def main() -> None:
    """Entry point for the ``destinai`` script."""
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()


if __name__ == "__main__":
    main()
