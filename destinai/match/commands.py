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
Exclude = Annotated[list[str] | None, typer.Option("--exclude", help="An occupation to leave "
                                                   "out (repeatable).")]
LeaveCurrent = Annotated[bool, typer.Option("--leave-current", help="Leave out the job(s) you "
                                            "hold (from --title or the CV) and close kin.")]
MaxZone = Annotated[int | None, typer.Option("--max-job-zone", min=1, max=5,
                                             help="At most this preparation (O*NET job zone).")]
MinZone = Annotated[int | None, typer.Option("--min-job-zone", min=1, max=5)]
MinWage = Annotated[float | None, typer.Option("--min-wage", min=0,
                                               help="US median annual pay at least (USD).")]
Outlook = Annotated[str, typer.Option("--outlook", help="any | growing | not-declining.")]


def _profile(catalog, skills, cv, title, study, level, interests, as_json):
    from destinai.extract.reader import read_path
    from destinai.match.profile import build_profile

    if cv is not None and not cv.is_file():
        fail(f"no CV file at {cv}", 2, as_json=as_json)
    text = read_path(cv) if cv else None
    return build_profile(catalog, skills, text, title or [], study, level, interests)


def prefetch(catalog: Any, read: bool) -> None:
    """Start, in threads, the loads a cold ``match`` waits for one after the other: the
    O*NET task index (its stored token ids and count matrix) and, when there are phrases to
    ``read``, the extraction engine (its skill index). The
    embedder is made here first: two threads would each make the process-wide one. A failure
    is left for the command to raise where it always did; every load is made once (each is
    guarded by its owner's lock), so the answer is the same."""
    import threading

    from destinai.extract.extractor import get_extractor
    from destinai.match.data import match_data
    from destinai.match.tasks import task_index
    from destinai.search.embedder import get_embedder
    from destinai.search.index import get_index

    made = threading.Event()

    def tasks() -> None:
        try:
            data = match_data(catalog)
            made.wait()
            index = task_index(catalog, data)
            index.counts, index.tokens      # noqa: B018  (made once, kept)
        except Exception:  # raised again, in order, by the command itself
            return

    def extractor() -> None:
        try:
            made.wait()
            get_extractor(get_index(catalog))
        except Exception:  # raised again, in order, by the command itself
            return

    # the search kinds' vectors in a third thread measured slower (1.32 against 1.25 s): the
    # threads then contend for the GIL more than they overlap
    for target in (tasks, extractor) if read else (tasks,):
        threading.Thread(target=target, name="destinai-prefetch", daemon=True).start()
    try:
        get_embedder()
    finally:
        made.set()


def load_search_kinds(catalog: Any, kinds: tuple[str, ...]) -> None:
    """Load what a hybrid search of each kind reads (label vectors, trigram index, the
    occupations' centroids): numpy, Zstandard and SQLite work, mostly without the GIL, for a
    thread beside the command's Python. A failure is left for the command to raise."""
    from destinai.search.index import get_index

    try:
        index = get_index(catalog)
        for kind in kinds:
            index.kinds[kind].matrix                        # noqa: B018  (made once, kept)
            index.kinds[kind].fuzzy_choices.indices         # noqa: B018
            if kind == "occupation":
                index.kinds[kind].centroids                 # noqa: B018
    except Exception:  # raised again, in order, by the command itself
        return


def read_as_lines(profile: dict[str, Any]) -> list[str]:
    """How each phrase and title was read: used, to confirm, or not recognised."""
    lines: list[str] = []
    marks = {"used": "read as", "check": "please check — read as"}
    seen: dict[str, int] = {}        # the same words read as several skills: one line
    for r in profile.get("read_as", []):
        shown = r["input"] if isinstance(r["input"], str) else "; ".join(r["input"] or [])
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        if r.get("status") in marks and r.get("kind") != "title" and shown in seen:
            line = seen[shown]
            lines[line] += f"; also {r['label']!r}"
            continue
        if r.get("status") in marks:
            alts = [a["label"] for a in r.get("alternatives", [])[:2]]
            if r.get("kind") != "title":
                seen[shown] = len(lines)
            lines.append(f"  {shown!r} {marks[r['status']]} {r['label']!r}"
                         + (f" (or: {', '.join(alts)})" if alts and r["status"] == "check"
                            else ""))
        else:
            tips = ", ".join(s["label"] for s in r.get("suggestions", [])[:3])
            lines.append(f"  {shown!r} not recognised" + (f" (did you mean: {tips})"
                                                           if tips else ""))
    return lines


def _match_text(d: dict[str, Any]) -> str:
    p = d["profile"]
    checks = len(p.get("to_confirm", []))
    said = len(p.get("read_as", []))
    lines = [f"Your profile: {said} things read as {p['skills']} ESCO skills"
             + (f", {checks} reading(s) to check" if checks else ""), "How we read you:",
             *read_as_lines(p)]
    lines += [f"Filter: {f}" for f in d.get("filters", [])]
    for r in d["results"]:
        o = r["occupation"]
        wage = f", US median ${o['wage_annual_median']:,.0f}" if o["wage_annual_median"] else ""
        lines.append(f"{r['rank']:>2}. {o['label']} (job zone {o['job_zone']}{wage})")
        lines.append(f"    {r['why']}")
    if not d["results"]:
        lines.append("No occupation passes the filters.")
    return "\n".join(lines)


def _gap_text(d: dict[str, Any]) -> str:
    head = (f"Gap to {d['target']['label']}: you have {d['essential_covered']} of its "
            f"{d['essential_count']} essential skills")
    lines = [head, "How we read you:", *read_as_lines(d["profile"])]
    names = {"knowledge": "Knowledge to gain", "skills": "Skills to learn",
             "transversal": "General skills"}
    for group, items in d["gap"].items():
        lines.append(f"{names.get(group, group)} ({len(items)}, most important first):")
        for i in items[:10]:
            close = (f" — your {i['closest_held']['label']} is a start"
                     if i.get("closest_held") else "")
            lines.append(f"  {i['label']} ({i['relation']}){close}")
    return "\n".join(lines)


def _study_text(d: dict[str, Any]) -> str:
    used = d["field_used"]
    related = [g for g in d["isced_f"] if g.get("related")]
    lines = [f"Field used: {used['label']} (ISCED-F {used['code']})"
             + (f", read from {used['programme']!r}" if used.get("programme") else "")]
    if related:
        lines.append("Other readings (run `destinai study CODE` to switch): " + ", ".join(
            f"{g['label']} ({g['code']})" for g in related))
    if d["core_knowledge"]:
        lines.append("Core knowledge: " + ", ".join(k["label"] for k in d["core_knowledge"][:8]))
    for heading, kind in (("Prepares you directly for", "directly"), ("Also helps with",
                                                                       "helps")):
        items = [o for o in d["ranked"] if o["prepares"] == kind]
        if items:
            lines.append(f"{heading}:")
        for o in items:
            edu = o["typical_education"]
            extra = [f"usually {edu['label']} level"]
            if edu.get("us_entry_education"):
                extra.append(f"US entry: {edu['us_entry_education']}")
            if o["regulated"]:
                extra.append("a regulated profession in the EU")
            if o.get("prepares_by") == "name":
                extra.append("named after the field (ESCO files little of its knowledge "
                             "under it)")
            elif o.get("prepares_by") == "knowledge_profile":
                extra.append("draws on the same knowledge as the field's own occupations")
            lines.append(f"  {o['rank']:>2}. {o['label']} — {'; '.join(extra)}")
    lines.append(d["explanation"])
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``match``, ``gap`` and ``study`` to the ``destinai`` app."""

    @app.command(name="match")
    def match_command(skills: Skills = None, cv: Cv = None, title: Title = None,
                      study: Study = None, level: Level = None, interests: Interests = None,
                      exclude: Exclude = None, leave_current: LeaveCurrent = False,
                      max_job_zone: MaxZone = None, min_job_zone: MinZone = None,
                      min_wage: MinWage = None, outlook: Outlook = "any",
                      limit: Annotated[int, typer.Option("--limit", min=1, max=200)] = 10,
                      db: DbOption = None, as_json: JsonFlag = False) -> None:
        """Rank every occupation for a profile, say how your words were read and why.

        Example: destinai match --skills "wound dressing; giving medication; care plans"
        """
        from destinai.match.engine import match
        from destinai.match.filters import OUTLOOKS, Filters

        if outlook not in OUTLOOKS:
            fail(f"--outlook must be one of {', '.join(OUTLOOKS)}, got {outlook!r}", 2,
                 as_json=as_json)
        catalog = open_catalog(db)
        prefetch(catalog, bool(skills or cv))
        profile = _profile(catalog, skills, cv, title, study, level, interests, as_json)
        filters = Filters(exclude=exclude or [], exclude_current=leave_current,
                          max_job_zone=max_job_zone, min_job_zone=min_job_zone,
                          min_wage=min_wage, outlook=outlook)
        emit(match(catalog, profile, limit, filters), as_json, _match_text)

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
        import threading

        from destinai.match.study import ISCED_CODE, study
        from destinai.search.embedder import get_embedder

        catalog = open_catalog(db)
        if level is not None and not 0 <= level <= 8:
            fail(f"--level must be an ISCED 2011 level 0..8, got {level}", 2, as_json=as_json)
        if field.strip() and not ISCED_CODE.match(field.strip()):
            # free text is searched among occupations: their index loads beside the
            # embedder (made here, once) and the paths index
            threading.Thread(target=load_search_kinds, args=(catalog, ("occupation",)),
                             name="destinai-prefetch", daemon=True).start()
            get_embedder()
        emit(study(catalog, field, level, limit), as_json, _study_text)
