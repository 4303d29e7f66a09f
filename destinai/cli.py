"""The ``destinai`` command line. Each command is a thin wrapper over one library call."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated, Any

_COLLECTING = gc.isenabled()
gc.disable()        # no collector passes while the CLI is imported (destinai.collector)

import typer  # noqa: E402

from destinai import collector  # noqa: E402
from destinai.cli_support import (  # noqa: E402
    DbOption,
    DomainErrorGroup,
    JsonFlag,
    SourcesOption,
    emit,
    fail,
    open_catalog,
)
from destinai.config import Settings  # noqa: E402

app = typer.Typer(
    help="DestinAI: career intelligence from the official ESCO, O*NET and OEWS releases.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    cls=DomainErrorGroup,
)

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

    collector.long_running()

    settings = Settings.from_env(sources=sources_dir, db=db)
    if if_stale and not is_stale(settings.sources, settings.db):
        emit({"db": str(settings.db), "built": False}, as_json,
             lambda d: f"Catalog {d['db']} is up to date.")
        return
    from destinai.build_progress import build_reporter

    try:
        result = build_catalog(settings.sources, settings.db, build_reporter(plain=as_json))
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
def stats(db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Show the build record: sources and checksums, row counts, fixes, coverage.

    Example: destinai stats --json
    """
    catalog = open_catalog(db)
    record = catalog.build_record()
    record["parameters_current"] = catalog.parameters_current()
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
    if not r.get("parameters_current", True):
        lines.append("Built with other weights or thresholds than this version: "
                     "run `destinai build` to refresh it.")
    return "\n".join(lines)


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, db: DbOption = None,
          workers: Annotated[int, typer.Option(
              "--workers", min=1, max=64, help="Worker processes (one per core is typical).")] = 1,
          access_log: Annotated[bool, typer.Option(
              "--access-log/--no-access-log", help="Log every request (costs throughput).")
          ] = False) -> None:
    """Serve the web app and JSON API (OpenAPI at /docs).

    Example: destinai serve --port 8000 --workers 2
    """
    import os

    import uvicorn

    collector.long_running()
    settings = Settings.from_env(db=db)
    open_catalog(settings.db)                 # fail here, clearly, not in every worker
    os.environ["DESTINAI_DB"] = str(settings.db)   # the workers build the app from the env
    uvicorn.run("destinai.web.app:create_app", factory=True, host=host, port=port,
                workers=workers, access_log=access_log)


def _register_feature_commands() -> None:
    from destinai.features import command_modules, load

    for module in command_modules():
        load(module).register(app)


_register_feature_commands()


def _register_account_commands() -> None:
    from destinai.accounts.commands import register

    register(app)


_register_account_commands()
if _COLLECTING:
    gc.enable()


def main() -> None:
    """Entry point for the ``destinai`` script."""
    collector.one_shot()        # a long-running command turns the collector back on
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()


if __name__ == "__main__":
    main()
