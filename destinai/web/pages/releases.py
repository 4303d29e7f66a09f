"""The release names behind each kind of figure (for "every figure names its release")."""

from __future__ import annotations

from destinai.catalog.db import Catalog


def releases(catalog: Catalog) -> dict[str, str]:
    """``{esco, onet, oews, projections, crosswalk}`` -> release name, from build_sources."""
    return catalog.derived("web.releases", lambda: _releases(catalog))


def _releases(catalog: Catalog) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in catalog.rows("SELECT key, release FROM build_sources ORDER BY key"):
        found.setdefault(row["key"].split(":", 1)[0], row["release"])
    found.setdefault("crosswalk_esco_onet", found.get("crosswalk", "ESCO–O*NET crosswalk"))
    for row in catalog.rows("SELECT key, release FROM build_sources "
                            "WHERE key = 'crosswalk:esco_onet'"):
        found["crosswalk_esco_onet"] = row["release"]
    return found
