"""DestinAI skill extraction from free text (CVs and job ads)."""

from __future__ import annotations

from typing import Any

__all__ = ["extract_skills"]


def __getattr__(name: str) -> Any:
    # lazy: importing the package (the CLI registers its command) must not load numpy
    if name == "extract_skills":
        from destinai.extract.skills import extract_skills

        return extract_skills
    raise AttributeError(name)
