"""Build steps: what a step gets, the catalog's own steps, and the order they run in.

Features register their steps in ``destinai.features`` (``build_step(db, context) -> dict``):
each creates its own tables (derived crosswalk links, search embeddings, paths matrices…) and
returns figures for the build record, stored under ``step:<name>``. Steps declare which steps
they run after (or before); :func:`ordered` computes the order from those declarations.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from destinai.catalog import links
from destinai.catalog.fts import TOKENIZER, build_fts, build_title_lookup

if TYPE_CHECKING:
    from destinai.features import Step


@dataclass
class BuildContext:
    """What a build step may use besides the database.

    A step's ``prepare`` function (run before the first step) may start work on the imported
    tables in another process and keep its handle in ``prepared[step name]``.

    A step may finish its work in the background (another process): it calls ``defer`` with
    a function that waits for that work and stores it. The build runs the steps that do not
    depend on it meanwhile, and calls the function before any step that does (and before
    validating).
    """

    sources: Path
    cache_dir: Path          # for expensive results keyed by the sources' checksums
    say: Callable[[str], None]
    deferred: dict[str, Callable[[], None]] = field(default_factory=dict)
    prepared: dict[str, Any] = field(default_factory=dict)  # by step: what ``prepare`` started
    step: str = ""           # the step now running (set by the build)

    def defer(self, finish: Callable[[], None]) -> None:
        """Finish the running step later, with ``finish`` (see the class docstring)."""
        self.deferred[self.step] = finish

    def finish(self, names: Iterable[str] | None = None) -> None:
        """Run the deferred ends of the steps in ``names`` (all when None)."""
        for name in list(self.deferred) if names is None else list(names):
            finish = self.deferred.pop(name, None)
            if finish is not None:
                finish()


StepFunction = Callable[[sqlite3.Connection, BuildContext], dict[str, object]]


class StepOrderError(ValueError):
    """The declared step dependencies name an unknown step or form a circle."""


def ordered(steps: Sequence[Step]) -> list[Step]:
    """The steps in an order that honours every ``after``/``before`` declaration.

    Among steps that are free to run, the one listed first goes first, so the order is stable,
    except that steps depending (directly or not) on a ``background`` step go after the others:
    they are the ones that would wait for it.
    """
    position = {s.name: i for i, s in enumerate(steps)}
    needs = dependencies(steps)
    late = {s.name for s in steps if s.background}
    for _ in steps:                                 # dependents of dependents, and so on
        late |= {n for n, deps in needs.items() if deps & late}
    late -= {s.name for s in steps if s.background}
    done: list[Step] = []
    while len(done) < len(steps):
        ready = [s for s in steps if s not in done and needs[s.name] <= {d.name for d in done}]
        if not ready:
            stuck = sorted(n for n in needs if n not in {d.name for d in done})
            raise StepOrderError(f"build steps depend on each other in a circle: {stuck}")
        done.append(min(ready, key=lambda s: (s.name in late, position[s.name])))
    return done


def dependencies(steps: Sequence[Step]) -> dict[str, set[str]]:
    """Step name -> the steps it must run after (from ``after`` and the others' ``before``)."""
    names = {s.name for s in steps}
    needs: dict[str, set[str]] = {s.name: set() for s in steps}
    for s in steps:
        for other in (*s.after, *s.before):
            if other not in names:
                raise StepOrderError(f"build step {s.name!r} refers to unknown step {other!r}")
        needs[s.name].update(s.after)
        for later in s.before:
            needs[later].add(s.name)
    return needs


def next_step(remaining: Sequence[Step], needs: dict[str, set[str]],
              deferred: Iterable[str]) -> Step | None:
    """The first of ``remaining`` (in order) whose dependencies have all run and are not
    still finishing in the background; None when every remaining step waits for one."""
    blocked = set(deferred) | {s.name for s in remaining}
    for step in remaining:
        if not needs[step.name] & blocked:
            return step
    return None


def read_sql(package: str, name: str = "schema.sql") -> str:
    """The text of a ``.sql`` file shipped beside a feature's modules."""
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def wages_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Link every O*NET code to its OEWS wage row (after all ESCO→O*NET links exist)."""
    context.say("linking O*NET codes to wages")
    return {"onet_codes_without_wage": links.link_wages(db)}


def fts_step(db: sqlite3.Connection, context: BuildContext) -> dict[str, object]:
    """Full-text indexes over occupation and skill labels and descriptions."""
    context.say("indexing labels for full-text search")
    build_fts(db)
    build_title_lookup(db)
    return {}


def fts_parameters() -> dict[str, object]:
    """What shapes the full-text indexes (part of the catalog format fingerprint)."""
    return {"tokenizer": TOKENIZER}
