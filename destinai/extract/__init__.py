"""DestinAI skill extraction from free text (CVs and job ads)."""

from destinai.extract.skills import extract_skills

__all__ = ["extract_skills"]
