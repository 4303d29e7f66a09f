"""Build steps: the order comes from the declared dependencies; the registry is complete."""

from __future__ import annotations

import pytest

from destinai.catalog.steps import StepOrderError, ordered
from destinai.features import FEATURES, Step, build_steps, command_modules, load, routers


def _names(steps: list[Step]) -> list[str]:
    return [s.name for s in ordered(steps)]


def test_after_and_before_are_honoured_and_ties_keep_the_listed_order() -> None:
    steps = [Step("c", "x:y", after=("a",)), Step("b", "x:y"), Step("a", "x:y", before=("b",))]
    assert _names(steps) == ["a", "c", "b"]


def test_unknown_steps_and_circles_are_errors_naming_them() -> None:
    with pytest.raises(StepOrderError, match="'nope'"):
        ordered([Step("a", "x:y", after=("nope",))])
    with pytest.raises(StepOrderError, match=r"\['a', 'b'\]"):
        ordered([Step("a", "x:y", after=("b",)), Step("b", "x:y", after=("a",))])


def test_the_real_order_puts_links_before_wages_before_paths() -> None:
    names = _names(build_steps())
    assert names.index("crosswalk") < names.index("wages") < names.index("paths")
    assert set(names) == {"fts", "search", "extract", "match", "crosswalk", "wages", "paths"}
    assert names.index("search") < names.index("match")
    assert names.index("search") < names.index("extract")   # it reads the skill index


def test_every_registered_reference_loads() -> None:
    for step in build_steps():
        assert callable(load(step.run))
        if step.parameters:
            assert isinstance(load(step.parameters)(), dict)
    for module in command_modules():
        assert callable(load(module).register)
    for router in routers():
        assert load(router).routes
    assert len({f.name for f in FEATURES}) == len(FEATURES)


def test_every_feature_command_is_on_the_cli() -> None:
    from typer.main import get_command

    from destinai.cli import app

    names = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert {"occupation", "skill", "search", "match", "paths", "crosswalk", "build"} <= names
