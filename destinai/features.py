"""Every feature of DestinAI, registered as data: build steps, CLI commands, web router.

This is the one place that names the features. ``catalog/build.py`` runs the build steps in
the order their declared dependencies give, ``cli.py`` adds the commands, ``web/app.py``
mounts the routers. References are ``"module:attribute"`` strings imported only when used,
so reading the registry imports nothing: the catalog layer can run the engines' build steps
without importing the engines (no import circle), and a command loads only its own feature.

To add a feature: write its ``build.py`` (``build_step(db, context) -> dict`` and, when stored
data depends on tunable values, ``parameters() -> dict``), ``commands.py`` (``register(app)``)
and ``routes.py`` (``router``), then add one ``Feature`` here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


def load(reference: str) -> Any:
    """The object named by ``"package.module:attribute"`` (or the module, without ``:``)."""
    module, _, attribute = reference.partition(":")
    loaded = importlib.import_module(module)
    return getattr(loaded, attribute) if attribute else loaded


@dataclass(frozen=True)
class Step:
    """A build step: runs inside the temporary catalog after the releases are imported.

    ``after``/``before`` name other steps; the build order is computed from them
    (``catalog.steps.ordered``). ``parameters`` names a function returning the tunable values
    that shape the step's stored data (weights, thresholds, model ids): they go into the
    catalog format fingerprint, so changing one asks for a rebuild.
    """

    name: str
    run: str
    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    parameters: str | None = None
    background: bool = False    # may finish in another process: its dependents go last
    prepare: str | None = None  # ``(db, context) -> None`` run before the first step: it may
                                # start the step's work on imported tables in another process


@dataclass(frozen=True)
class Feature:
    """One feature: its build steps, its CLI commands module, its API router."""

    name: str
    steps: tuple[Step, ...] = ()
    commands: str | None = None     # a module with ``register(app: typer.Typer)``
    router: str | None = None       # ``"module:router"``, a FastAPI APIRouter


FEATURES: tuple[Feature, ...] = (
    Feature("catalog", steps=(
        Step("wages", "destinai.catalog.steps:wages_step"),
        Step("fts", "destinai.catalog.steps:fts_step",
             parameters="destinai.catalog.steps:fts_parameters"),
    )),
    Feature("profiles", commands="destinai.profiles.commands",
            router="destinai.profiles.routes:router"),
    Feature("search", steps=(
        Step("search", "destinai.search.build:build_step",
             parameters="destinai.search.build:parameters", background=True),
        Step("extract", "destinai.extract.build:build_step", after=("search",),
             parameters="destinai.extract.build:parameters"),
    ), commands="destinai.search.commands", router="destinai.search.routes:router"),
    Feature("match", steps=(
        Step("match", "destinai.match.build:build_step", after=("search",),
             parameters="destinai.match.build:parameters"),
    ), commands="destinai.match.commands", router="destinai.match.routes:router"),
    Feature("paths", steps=(
        Step("paths", "destinai.paths.build:build_step", after=("wages", "crosswalk"),
             parameters="destinai.paths.build:parameters",
             prepare="destinai.paths.build:prepare"),
    ), commands="destinai.paths.commands", router="destinai.paths.routes:router"),
    Feature("crosswalk", steps=(
        Step("crosswalk", "destinai.crosswalk.build:build_step", before=("wages",),
             parameters="destinai.crosswalk.build:parameters"),
    ), commands="destinai.crosswalk.commands", router="destinai.crosswalk.routes:router"),
)


def build_steps() -> list[Step]:
    """Every feature's build steps, in registry order (``catalog.steps.ordered`` sorts them)."""
    return [step for feature in FEATURES for step in feature.steps]


def command_modules() -> list[str]:
    """The modules that add CLI commands, in the order ``destinai --help`` lists them."""
    return [f.commands for f in FEATURES if f.commands]


def routers() -> list[str]:
    """The API routers, in the order ``/docs`` lists them."""
    return [f.router for f in FEATURES if f.router]
