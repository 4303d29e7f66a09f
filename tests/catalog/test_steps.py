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


def test_a_deferred_step_lets_independent_steps_run_first_and_ends_before_its_dependents(
        tmp_path, monkeypatch) -> None:
    from destinai.catalog.build import _run_steps
    from destinai.catalog.progress import Timings
    from destinai.catalog.steps import BuildContext, dependencies, next_step

    steps = ordered([Step("slow", "x:y"), Step("user", "x:y", after=("slow",)),
                     Step("other", "x:y")])
    needs = dependencies(steps)
    assert next_step(steps[1:], needs, deferred={"slow"}).name == "other"
    assert next_step([steps[1]], needs, deferred={"slow"}) is None
    assert next_step([steps[1]], needs, deferred=()).name == "user"

    events: list[str] = []

    def run(name: str):
        def step(_db, context: BuildContext) -> dict[str, object]:
            events.append(name)
            if name == "slow":
                context.defer(lambda: events.append("slow finished"))
            return {"name": name}
        return step

    import destinai.catalog.build as build_module

    monkeypatch.setattr(build_module, "load", lambda reference: run(steps[int(reference)].name))
    numbered = [Step(s.name, str(i), s.after) for i, s in enumerate(steps)]
    results = _run_steps(None, numbered, BuildContext(tmp_path, tmp_path, print), Timings())
    assert events == ["slow", "other", "slow finished", "user"]
    assert list(results) == ["step:slow", "step:user", "step:other"]   # the record's order


def test_dependents_of_a_background_step_are_ordered_last() -> None:
    steps = [Step("slow", "x:y", background=True), Step("user", "x:y", after=("slow",)),
             Step("then", "x:y", after=("user",)), Step("other", "x:y")]
    assert _names(steps) == ["slow", "other", "user", "then"]
    assert _names([Step(s.name, s.run, s.after) for s in steps]) == [
        "slow", "user", "then", "other"]
