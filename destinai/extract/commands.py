"""CLI command ``destinai extract`` (registered by destinai.search.commands)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from destinai.cli_support import DbOption, JsonFlag, emit, fail, open_catalog

FileArgument = Annotated[str, typer.Argument(
    help="A text, PDF or DOCX file, or - for standard input.")]


def extract_command(file: FileArgument = "-",
                    limit: Annotated[int | None, typer.Option(
                        "--limit", min=1, help="At most this many skills, best first.")] = None,
                    min_score: Annotated[float | None, typer.Option(
                        "--min-score", min=0.0, max=1.0,
                        help="Report skills whose probability is at least this (0..1; default: "
                        "the cross-validated threshold, about 5 per sentence; "
                        "0 = every ranked candidate).")] = None,
                    jsonl: Annotated[bool, typer.Option(
                        "--jsonl", help="Batch: one document per input line (JSON string "
                        'or {"text": ...}); one JSON object per output line.')] = False,
                    progress: Annotated[bool | None, typer.Option(
                        "--progress/--no-progress", help="With --jsonl: documents done, rate "
                        "and time left on stderr (default: only when stderr is a terminal).")
                    ] = None,
                    db: DbOption = None, as_json: JsonFlag = False) -> None:
    """ESCO skills in a CV or job ad, with evidence spans (explicit or implied).

    Example: destinai extract cv.pdf --json ; cat ads.jsonl | destinai extract --jsonl
    """
    from destinai.extract.reader import check_text, read_bytes, read_path
    from destinai.extract.skills import extract_skills

    catalog = open_catalog(db)
    if jsonl:
        from destinai.extract.batch import run_batch

        stream = sys.stdin if file == "-" else _open_lines(file)

        def handle(item: dict[str, Any]) -> list[dict[str, Any]]:
            found = extract_skills(catalog, check_text(item["text"]), limit, min_score)
            return [{k: s[k] for k in ("uri", "label", "score", "skill_type", "explicit")}
                    for s in found]

        done, failed = run_batch(stream, "text", "skills", handle, sys.stdout,
                                 progress)
        typer.echo(f"{done} documents, {failed} with errors", err=True)
        return
    if file == "-":
        data = sys.stdin.buffer.read(_limit() + 1)
        text = read_bytes(data, "standard input")
    else:
        text = read_path(Path(file))
    skills = extract_skills(catalog, text, limit, min_score)
    emit({"data": skills, "count": len(skills)}, as_json, _text)


def _limit() -> int:
    from destinai.extract.reader import MAX_BYTES

    return MAX_BYTES


def _open_lines(file: str):  # type: ignore[no-untyped-def, unused-ignore]
    from destinai.extract.reader import MAX_BYTES

    path = Path(file)
    if not path.is_file():
        fail(f"no such file: {file}", 2)
    if path.stat().st_size > 50 * MAX_BYTES:
        fail(f"{file} is over the batch limit of {50 * MAX_BYTES // 2**20} MB", 2)
    return path.open(encoding="utf-8", errors="replace")


def _text(d: dict[str, Any]) -> str:
    if not d["data"]:
        return "no skills found"
    lines = []
    for s in d["data"]:
        how = "explicit" if s["explicit"] else "implied"
        evidence = "; ".join(e["text"] for e in s["evidence"])
        lines.append(f"{s['score']:.2f}  {s['label']}  ({how}: {evidence})")
    return "\n".join(lines)
