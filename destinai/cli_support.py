"""Shared pieces of the command line: options, output, errors, opening the catalog."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from destinai import cli_coercion
from destinai.catalog.db import Catalog
from destinai.config import Settings
from destinai.errors import DestinaiError

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


def open_catalog(db: Path | None) -> Catalog:
    """Open the catalog; a missing or stale one is reported by :class:`DomainErrorGroup`."""
    return Catalog(Settings.from_env(db=db).db)


class DomainErrorGroup(TyperGroup):
    """The one CLI handler for domain errors: a message on stderr and an exit code.

    NotFound and BadInput exit 2 (suggestions listed as "did you mean"), Unavailable (no
    catalog) exits 1; with ``--json`` the error is also printed as JSON on stdout. Any other
    exception is a bug and keeps its traceback.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta["destinai.as_json"] = "--json" in args
        cli_coercion.install(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        # plain values converted without importing Pydantic (~0.1 s of a cold command)
        if command is not None:     # its help option too: a subcommand inherits its names
            cli_coercion.install(command.get_params(ctx))
        return name, command, rest

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except DestinaiError as exc:
            fail(exc.message, exc.exit_code, getattr(exc, "suggestions", None),
                 bool(ctx.meta.get("destinai.as_json")))
