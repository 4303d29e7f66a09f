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


def test_advancement_stays_in_a_related_field(real_catalog: Catalog) -> None:
    # GIVEN a retail manager WHEN asking for advancement THEN no jump into public administration
    result = career_paths(real_catalog, "tobacco shop manager", limit=20)
    labels = {m["occupation"]["label"] for m in result["advancement"]}
    assert labels and not labels & {"police commissioner", "governor", "fire commissioner"}
    assert all(max(m["components"]["essential"], m["components"]["all_skills"]) >= 0.10
               for m in result["advancement"])


def test_senior_title_is_advancement(real_catalog: Catalog) -> None:
    advancement = career_paths(real_catalog, "chef")["advancement"]
    head = next(m for m in advancement if m["occupation"]["label"] == "head chef")
    assert "senior title" in head["advancement_because"]
