"""API routes /api/v1/extract and /extract/file: a text or an uploaded file -> ESCO skills."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, UploadFile
from pydantic import BaseModel, Field

from destinai.errors import TooLarge
from destinai.extract.reader import MAX_BYTES, MAX_CHARS, check_text, read_bytes
from destinai.extract.skills import extract_skills
from destinai.web.deps import CatalogDep, page

router = APIRouter(tags=["extract"])


class ExtractRequest(BaseModel):
    """A document's text."""

    text: Annotated[str, Field(max_length=MAX_CHARS)]
    limit: Annotated[int | None, Field(ge=1, le=1000)] = None
    offset: Annotated[int, Field(ge=0, le=10_000)] = 0
    min_score: Annotated[float | None, Field(ge=0.0, le=1.0)] = None


@router.post("/extract")
def extract_endpoint(catalog: CatalogDep, body: ExtractRequest) -> dict[str, Any]:
    """ESCO skills in a text, with evidence spans, best first; ``{data, count, total, limit,
    offset}`` (``limit`` defaults to every skill found). 422 on empty text."""
    skills = extract_skills(catalog, check_text(body.text, "text"), None, body.min_score)
    return page(skills, body.limit or max(1, len(skills)), body.offset)


@router.post("/extract/file")
def extract_file_endpoint(catalog: CatalogDep, file: UploadFile) -> dict[str, Any]:
    """ESCO skills in an uploaded text, PDF or DOCX file (up to 10 MB); ``{data, count, total,
    limit, offset}``."""
    data = file.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TooLarge(f"the upload is over the limit of {MAX_BYTES // 2**20} MB")
    text = read_bytes(data, file.filename or "upload")
    skills = extract_skills(catalog, text)
    return page(skills, max(1, len(skills)), 0)
