"""Get started: CV or skills → review the extracted skills → ranked matches → gap and route.

Nothing is stored: each step carries what the user kept in hidden form fields (POST bodies,
never the address bar). The steps call the engines the API calls: ``extract_skills``,
``build_profile``, ``match``, ``gap`` and ``route``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response

from destinai.catalog.db import Catalog, NotFound
from destinai.catalog.occupations import resolve_occupation
from destinai.extract.reader import MAX_BYTES, DocumentError, read_bytes
from destinai.extract.skills import extract_skills
from destinai.match.data import match_data
from destinai.match.engine import match
from destinai.match.gap import gap
from destinai.match.profile import EmptyProfile, build_profile, resolve_skill_name, split_skills
from destinai.match.study import ISCED_LEVELS
from destinai.paths.route import route
from destinai.web.deps import CatalogDep
from destinai.web.pages.charts import coverage_chart
from destinai.web.pages.common import OCCUPATION_PREFIX, UUID, relevant_hits
from destinai.web.templating import render

router = APIRouter(include_in_schema=False)
MAX_CV_CHARS = 200_000
ALLOWED_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".text")
Text = Annotated[str, Form(max_length=MAX_CV_CHARS)]
Short = Annotated[str, Form(max_length=2000)]


def _level(value: str) -> int | None:
    return int(value) if value.isdigit() and 0 <= int(value) <= 8 else None


def _form_page(request: Request, error: str | None = None, status: int = 200,
               **values: Any) -> Response:
    return render(request, "get_started.html", {"error": error, "levels": ISCED_LEVELS,
                                                "v": values}, status_code=status)


def _carry(title: str, study: str, level: str, target: str) -> dict[str, str]:
    """The context every step carries forward in hidden fields."""
    return {"title": title.strip()[:200], "study": study.strip()[:200],
            "level": level if _level(level) is not None else "", "target": target.strip()[:80]}


@router.get("/get-started", response_class=HTMLResponse)
def start(request: Request, target: str = "") -> Response:
    """Step 1: paste a CV, upload one, or name skills, title, studies and level."""
    return _form_page(request, target=target if UUID.match(target) else "")


def read_upload(upload: UploadFile | None) -> str:
    """The text of an uploaded CV; DocumentError names what is wrong (size, type)."""
    if upload is None or not upload.filename:
        return ""
    name = upload.filename
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise DocumentError(f"{name} is not a PDF, DOCX or text file")
    data = upload.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name} is over the {MAX_BYTES // 2**20} MB limit")
    return read_bytes(data, name)


def typed_skills(catalog: Catalog, text: str) -> tuple[list[dict[str, Any]], list[dict]]:
    """Skills typed by the user: (recognised, unrecognised with suggestions)."""
    data = match_data(catalog)
    known, unknown = [], []
    for name in split_skills(text)[:100]:
        found = resolve_skill_name(catalog, data, name)
        if found.get("index") is not None:
            known.append({**data.index.skill_ref(found["index"]), "input": name,
                          "status": found.get("status", "used")})
        else:
            unknown.append(found)
    return known, unknown


@router.post("/get-started/review", response_class=HTMLResponse)
def review(request: Request, catalog: CatalogDep, cv: Text = "", skills: Short = "",
           title: Short = "", study: Short = "", level: Short = "", target: Short = "",
           file: Annotated[UploadFile | None, File()] = None) -> Response:
    """Step 2: the skills found, each with its evidence; the user keeps, removes or adds."""
    carry = _carry(title, study, level, target)
    values = {"cv": cv, "skills": skills, **carry}
    try:
        text = "\n".join(t for t in (cv.strip(), read_upload(file).strip()) if t)
    except DocumentError as exc:
        status = 413 if "limit" in str(exc) else 422
        return _form_page(request, f"We could not read the file: {exc}.", status, **values)
    extracted = extract_skills(catalog, text) if text else []
    known, unknown = typed_skills(catalog, skills)
    title_match = None
    if carry["title"]:
        try:
            uri, how = resolve_occupation(catalog, carry["title"])
            title_match = {"uri": uri, "matched_by": how, "label": catalog.scalar(
                "SELECT label FROM occupations WHERE uri = ?", (uri,))}
        except NotFound:
            title_match = None
    if not (extracted or known or title_match or carry["study"] or carry["level"]):
        message = ("We found nothing to match on. Paste a longer CV, name a few skills, or add "
                   "your job title or studies.")
        if unknown:
            message = ("None of the skills you typed is in ESCO: "
                       + ", ".join(u["input"] for u in unknown[:5]) + ". " + message)
        return _form_page(request, message, 422, **values)
    seen: set[str] = set()
    rows = []
    for item in known:
        if item["uri"] not in seen:
            seen.add(item["uri"])
            rows.append({**item, "source": "you typed", "evidence": []})
    for item in extracted:
        if item["uri"] not in seen:
            seen.add(item["uri"])
            rows.append({**item, "source": "named in your CV" if item["explicit"]
                         else "implied by your CV"})
    return render(request, "get_started_review.html", {
        "skills": rows, "unknown": unknown, "title_match": title_match, "carry": carry,
        "levels": ISCED_LEVELS, "had_text": bool(text)})


def _profile(catalog: Catalog, skills: list[str], add: str, carry: dict[str, str]):
    names = [s for s in skills if s.startswith("http")][:300] + split_skills(add)
    return build_profile(catalog, names, None, [carry["title"]] if carry["title"] else [],
                         carry["study"] or None, _level(carry["level"]))


@router.post("/get-started/matches", response_class=HTMLResponse)
def matches(request: Request, catalog: CatalogDep,
            skill: Annotated[list[str] | None, Form()] = None, add: Short = "",
            title: Short = "", study: Short = "", level: Short = "",
            target: Short = "") -> Response:
    """Step 3: ranked occupations with the reasons (skills that count, what is missing)."""
    carry = _carry(title, study, level, target)
    try:
        profile = _profile(catalog, skill or [], add, carry)
    except (EmptyProfile, NotFound) as exc:
        return _form_page(request, f"Nothing left to match on: {exc}.", 422, **carry)
    result = match(catalog, profile, 20)
    kept = [r["uri"] for r in profile.recognised if r.get("uri")]
    return render(request, "get_started_matches.html", {
        "result": result, "kept": list(dict.fromkeys(kept)), "carry": carry,
        "saved_skills": _skill_refs(profile)})


@router.post("/get-started/gap", response_class=HTMLResponse)
def gap_page(request: Request, catalog: CatalogDep,
             skill: Annotated[list[str] | None, Form()] = None, title: Short = "",
             study: Short = "", level: Short = "", target: Short = "") -> Response:
    """Step 4: for a chosen occupation, what is missing and a route from the current job."""
    carry = _carry(title, study, level, target)
    goal = carry["target"]
    goal = OCCUPATION_PREFIX + goal if UUID.match(goal) else goal
    try:
        profile = _profile(catalog, skill or [], "", carry)
        result = gap(catalog, profile, goal)
    except (EmptyProfile, NotFound) as exc:
        return _form_page(request, f"We could not compute the gap: {exc}.", 422, **carry)
    steps = None
    note = None
    if carry["title"]:
        try:
            steps = route(catalog, carry["title"], goal, max_steps=4)
        except NotFound as exc:
            note = str(exc)
    kept = [r["uri"] for r in profile.recognised if r.get("uri")]
    chart = coverage_chart(result["essential_covered"], result["essential_count"],
                           result["target"]["label"])
    missing = [s for group in result["gap"].values() for s in group
               if s.get("relation") == "essential"]
    route_from = (steps or {}).get("from", {}).get("uri") if isinstance(steps, dict) else None
    return render(request, "get_started_gap.html", {
        "g": result, "route": steps, "route_note": note, "carry": carry, "chart": chart,
        "kept": list(dict.fromkeys(kept)), "route_from": route_from,
        "plan_skills": [{"uri": s["uri"], "label": s["label"]} for s in missing]})


def _skill_refs(profile: Any) -> list[dict[str, str]]:
    """The recognised skills as ``{uri, label}``, once each (what a saved profile keeps)."""
    seen: dict[str, str] = {}
    for r in profile.recognised:
        if r.get("uri") and r["uri"] not in seen:
            seen[r["uri"]] = r.get("label") or r["uri"]
    return [{"uri": u, "label": label} for u, label in seen.items()]


@router.get("/get-started/suggest")
def suggest(catalog: CatalogDep, q: str = "", kind: str = "skill") -> JSONResponse:
    """Autocomplete: up to 8 labels of relevant skills (or occupations) for ``q``."""
    q = q.strip()[:100]
    kind = "occupation" if kind == "occupation" else "skill"
    hits = relevant_hits(catalog, q, kind, 8) if len(q) >= 2 else []
    return JSONResponse([h["label"] for h in hits])
