"""The layers import one way: sources -> catalog -> engines -> cli/web (docs: GUIDE layout).

A tiny static graph of ``import`` statements (module level and inside functions, not under
``if TYPE_CHECKING``) between the packages of ``destinai``. The feature registry
(``destinai/features.py``) names the engines only as strings, which is what lets the catalog
run their build steps without importing them.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import destinai

ROOT = Path(destinai.__file__).resolve().parent
ENGINES = {"search", "extract", "match", "paths", "profiles", "crosswalk"}
TOP = {"cli", "web"}
# Cycles present when this test was written, each owned by an open piece of work; the test
# fails when a new one appears, and when a listed one is gone (so the list only shrinks).
KNOWN_CYCLES: dict[frozenset[str], str] = {}


# A feature's routes.py and commands.py live beside its engine (the registry names them) but
# belong to the interface layers: they count as web and cli, which may import any engine.
INTERFACE_MODULES = {"routes": "web", "commands": "cli"}


def _unit(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 2 and parts[-1] in INTERFACE_MODULES:
        return INTERFACE_MODULES[parts[-1]]
    return parts[1] if len(parts) > 1 else "destinai"


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def import_graph() -> dict[str, set[str]]:
    """``{package: packages it imports}`` over destinai's first-level packages and modules."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        source = _unit(module.removesuffix(".__init__"))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "destinai" and _unit(name) != source:
                    graph[source].add(_unit(name))
    return graph


def _cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Strongly connected groups of more than one package (Tarjan-free: reachability)."""
    nodes = set(graph) | {d for ds in graph.values() for d in ds}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    reachable = {n: reach(n) for n in nodes}
    return {frozenset({n} | {m for m in reachable[n] if n in reachable[m]})
            for n in nodes if n in reachable[n]}


def test_the_graph_sees_real_imports() -> None:
    graph = import_graph()
    assert "catalog" in graph["search"] and "sources" in graph["catalog"]


def test_catalog_and_sources_never_import_engines_or_the_interfaces() -> None:
    graph = import_graph()
    for low in ("catalog", "sources"):
        assert not graph[low] & (ENGINES | TOP), f"{low} imports {graph[low] & (ENGINES | TOP)}"
    assert not graph["sources"] & {"catalog", "features"}


def test_the_registry_imports_nothing_of_destinai() -> None:
    assert not import_graph()["features"]


def test_no_import_cycles_between_packages() -> None:
    found = _cycles(import_graph())
    assert found - set(KNOWN_CYCLES) == set(), f"new import cycle(s): {found - set(KNOWN_CYCLES)}"
    assert set(KNOWN_CYCLES) - found == set(), "a known cycle is gone: remove it from the list"


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}
