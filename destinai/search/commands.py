"""CLI commands: ``search`` (hybrid), ``normalize-title`` and ``extract``."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from destinai.cli_support import DbOption, JsonFlag, emit, fail, open_catalog


def register(app: typer.Typer) -> None:
    """Add this feature's commands to the ``destinai`` app."""
    from destinai.extract.commands import extract_command

    app.command("search")(search_command)
    app.command("normalize-title")(normalize_title_command)
    app.command("extract")(extract_command)


def search_command(query: str,
                   type_: Annotated[str, typer.Option(
                       "--type", help="occupation or skill")] = "occupation",
                   limit: Annotated[int, typer.Option("--limit", min=1, max=200)] = 10,
                   db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Search occupations or skills: lexical, typo-tolerant and semantic, fused.

    Example: destinai search "data scientst" --type occupation --limit 5
    """
    from destinai.search.resolve import search_or_refuse

    if type_ not in {"occupation", "skill"}:
        fail(f"--type must be occupation or skill, not {type_!r}", 2)
    if not query.strip():
        fail("the query is empty", 2, as_json=as_json)
    catalog = open_catalog(db)
    results = search_or_refuse(catalog, query, type_, limit)  # type: ignore[arg-type]
    emit({"query": query, "type": type_, "data": results, "count": len(results)}, as_json,
         lambda d: "\n".join(f"{r['score']:.3f}  {r['label']}  {r['uri']}" for r in d["data"])
         or "no results")


def normalize_title_command(
        title: Annotated[str | None, typer.Argument(help="A job title, e.g. 'Snr. Diplomat'")]
        = None,
        text: Annotated[str | None, typer.Option(
            "--text", help="The job ad's text, used with the title.")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=50)] = 5,
        jsonl: Annotated[bool, typer.Option(
            "--jsonl", help='Batch: one title per stdin line (JSON string or {"title": ..., '
            '"text": ...}); one JSON object per output line.')] = False,
        progress: Annotated[bool | None, typer.Option(
            "--progress/--no-progress", help="With --jsonl: documents done, rate and time "
            "left on stderr (default: only when stderr is a terminal).")] = None,
        db: DbOption = None, as_json: JsonFlag = False) -> None:
    """Map a free-text job title to ranked ESCO occupations with O*NET codes.

    Example: destinai normalize-title "Senior Software Engineer (m/f/d)" --limit 3 --json
    """
    from destinai.search.titles import normalize_title

    catalog = open_catalog(db)
    if jsonl:
        from destinai.errors import NotFound
        from destinai.extract.batch import run_batch
        from destinai.extract.reader import DocumentError

        def handle(item: dict[str, Any]) -> list[dict[str, Any]]:
            context = item.get("text") if isinstance(item.get("text"), str) else None
            try:
                found = normalize_title(catalog, item["title"], context, limit, refuse=True)
            except NotFound as exc:    # one line's answer, the batch goes on
                guesses = ", ".join(s["label"] for s in exc.suggestions[:3])
                raise DocumentError(f"{exc.message}" + (f"; did you mean: {guesses}"
                                                        if guesses else "")) from exc
            return [{k: r[k] for k in ("uri", "label", "code", "score", "onet")}
                    for r in found]

        done, failed = run_batch(sys.stdin, "title", "occupations", handle, sys.stdout,
                                 progress, "titles")
        typer.echo(f"{done} titles, {failed} with errors", err=True)
        return
    if title is None or not title.strip():
        fail("give a job title (or --jsonl with titles on standard input)", 2, as_json=as_json)
    results = normalize_title(catalog, title, text, limit, refuse=True)  # NotFound: exit 2
    emit({"title": title, "data": results, "count": len(results)}, as_json, _titles_text)


def _titles_text(d: dict[str, Any]) -> str:
    return "\n".join(
        f"{r['score']:.3f}  {r['label']}  ESCO {r['code']}  O*NET "
        f"{', '.join(o['code'] for o in r['onet']) or '-'}" for r in d["data"])
