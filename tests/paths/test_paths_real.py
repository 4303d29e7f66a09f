"""Career paths and routes on the real catalog."""

from __future__ import annotations

import pytest

from destinai.catalog.db import Catalog
from destinai.paths.engine import VIABLE, career_paths
from destinai.paths.route import route

pytestmark = pytest.mark.integration


def test_welder_moves_are_viable_metalwork(real_catalog: Catalog) -> None:
    result = career_paths(real_catalog, "welder", limit=10)
    moves = result["lateral_moves"] + result["advancement"]
    assert moves and all(m["similarity"] >= VIABLE for m in moves)
    labels = " ".join(m["occupation"]["label"] for m in moves)
    assert any(w in labels for w in ("metal", "brazier", "solderer", "boilermaker"))
    assert all(abs(m["job_zone_change"]) <= 1 for m in moves)
    assert result["entry_points"]


def test_advancement_has_a_reason(real_catalog: Catalog) -> None:
    for m in career_paths(real_catalog, "welder")["advancement"]:
        assert m["advancement_because"]


def test_route_takes_viable_steps(real_catalog: Catalog) -> None:
    result = route(real_catalog, "welder", "boilermaker", max_steps=3)
    assert result["steps"][-1]["to"]["label"] == "boilermaker"
    assert all(s["similarity"] >= VIABLE for s in result["steps"])
    assert result["total_skills_to_learn"] == sum(
        s["missing_essential_count"] for s in result["steps"])
