"""Shared pieces of the command line: options, output, errors, opening the catalog."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from destinai.catalog.db import Catalog, CatalogMissing
from destinai.config import Settings

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
         as_json: bool = False) -> NoReturn:
    """Report an error on stderr (JSON on stdout too with --json) and exit with ``code``."""
    if as_json:
        typer.echo(json.dumps({"error": message, "suggestions": suggestions or []}, indent=2))
    typer.echo(f"error: {message}", err=True)
    for s in suggestions or []:
        typer.echo(f"  did you mean: {s['label']} ({s['uri']})", err=True)
    raise typer.Exit(code)


def open_catalog(db: Path | None):
    """Open the catalog or exit with a clear message."""

    try:
        return Catalog(Settings.from_env(db=db).db)
    except CatalogMissing as exc:
        fail(str(exc))
