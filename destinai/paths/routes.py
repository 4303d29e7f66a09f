"""API routes for the paths feature."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["paths"])
