"""Importers for the official release files (ESCO, O*NET, OEWS, BLS projections, crosswalks)."""

from destinai.sources.errors import SourceError

__all__ = ["SourceError"]
