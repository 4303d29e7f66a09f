"""API routes for the match feature."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["match"])
