"""The release names behind each kind of figure (for "every figure names its release")."""

from __future__ import annotations

from destinai.catalog.db import Catalog

_CACHE: dict[tuple[str, int], dict[str, str]] = {}


def releases(catalog: Catalog) -> dict[str, str]:
    """``{esco, onet, oews, projections, crosswalk}`` -> release name, from build_sources."""
    key = (str(catalog.path), catalog.path.stat().st_mtime_ns)
    if key not in _CACHE:
        found: dict[str, str] = {}
        for row in catalog.rows("SELECT key, release FROM build_sources ORDER BY key"):
            found.setdefault(row["key"].split(":", 1)[0], row["release"])
        found.setdefault("crosswalk_esco_onet", found.get("crosswalk", "ESCO–O*NET crosswalk"))
        for row in catalog.rows("SELECT key, release FROM build_sources "
                                "WHERE key = 'crosswalk:esco_onet'"):
            found["crosswalk_esco_onet"] = row["release"]
        _CACHE.clear()
        _CACHE[key] = found
    return _CACHE[key]
