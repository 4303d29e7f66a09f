"""API route /api/extract: a text (JSON body) or an uploaded file -> ESCO skills."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request, UploadFile
from pydantic import BaseModel, Field

from destinai.extract.reader import MAX_BYTES, MAX_CHARS, DocumentError, check_text, read_bytes
from destinai.extract.skills import extract_skills
from destinai.web.deps import CatalogDep

router = APIRouter(tags=["extract"])


class ExtractRequest(BaseModel):
    """A document's text."""

    text: Annotated[str, Field(max_length=MAX_CHARS)]
    limit: Annotated[int | None, Field(ge=1, le=1000)] = None
    min_score: Annotated[float | None, Field(ge=0.0, le=1.0)] = None


@router.post("/extract")
def extract_endpoint(catalog: CatalogDep, body: ExtractRequest) -> dict[str, Any]:
    """ESCO skills in a text, with evidence spans; ``{data, count}``. 422 on empty text."""
    try:
        text = check_text(body.text, "text")
    except DocumentError as exc:
        raise HTTPException(422, {"error": str(exc)}) from exc
    skills = extract_skills(catalog, text, body.limit, body.min_score)
    return {"data": skills, "count": len(skills)}


@router.post("/extract/file")
def extract_file_endpoint(catalog: CatalogDep, request: Request,
                          file: UploadFile) -> dict[str, Any]:
    """ESCO skills in an uploaded text, PDF or DOCX file (up to 10 MB); ``{data, count}``."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_BYTES + 65536:
        raise HTTPException(413, {"error": f"the upload is over {MAX_BYTES // 2**20} MB"})
    data = file.file.read(MAX_BYTES + 1)
    try:
        text = read_bytes(data, file.filename or "upload")
    except DocumentError as exc:
        status = 413 if len(data) > MAX_BYTES else 422
        raise HTTPException(status, {"error": str(exc)}) from exc
    skills = extract_skills(catalog, text)
    return {"data": skills, "count": len(skills)}
