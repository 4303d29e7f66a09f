"""CLI commands for search (title normalisation and skill extraction to come)."""

from __future__ import annotations

from typing import Annotated

import typer

from destinai.cli_support import DbOption, JsonFlag, emit, fail, open_catalog


def register(app: typer.Typer) -> None:
    """Add this feature's commands to the ``destinai`` app."""
    app.command("search")(search_command)


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
