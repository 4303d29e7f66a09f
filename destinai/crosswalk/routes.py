"""API routes for the crosswalk feature."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["crosswalk"])
