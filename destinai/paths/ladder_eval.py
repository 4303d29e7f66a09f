"""Hit rates of career paths against a labelled set of career ladders (benchmarks/data/).

Each ladder: an origin occupation, the occupations a counsellor expects as its *advancement*
and as its *entry points* (ESCO preferred labels), its ISCO major group and its split
(``tune`` / ``report``: thresholds were set on ``tune`` only). Measures, per split:

- **advancement hit**: share of ladders with expected advancement where at least one expected
  occupation is among the first ``limit`` advancement moves;
- **entry hit**: the same for entry points;
- **reversed moves**: listed entry points that the ladder labels as advancement of the origin,
  plus listed advancement that it labels as an entry point (a counsellor's "wrong way");
- **no step up**: ladders with no expected advancement whose advancement list is empty.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from destinai.catalog.db import Catalog
from destinai.paths.engine import career_paths

LADDERS = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "career_ladders.jsonl"


def load_ladders(path: Path = LADDERS) -> list[dict[str, Any]]:
    """The ladders, one JSON object a line; raises ValueError naming a malformed line."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            assert isinstance(item["origin"], str) and item["split"] in ("tune", "report")
            assert isinstance(item["advancement"], list) and isinstance(item["entry"], list)
            both = set(item["advancement"]) & set(item["entry"])
            assert not both, f"{sorted(both)} both advancement and entry"
        except (ValueError, KeyError, AssertionError) as exc:
            raise ValueError(f"{path.name} line {n}: not a ladder ({exc!r})") from exc
        out.append(item)
    return out


def _score_list(origin: str, name: str, want: set[str], got: list[str],
                tally: dict[str, int], misses: list[dict[str, Any]]) -> None:
    """Count one list of one ladder: a hit when an expected occupation is listed; with nothing
    expected, an empty list is right ("no clear step up in the data")."""
    if not want:
        tally[f"{name}_empty_n"] += 1
        tally[f"{name}_empty_ok"] += not got
        return
    tally[f"{name}_n"] += 1
    if want & set(got):
        tally[f"{name}_hits"] += 1
    else:
        misses.append({"origin": origin, "list": name, "expected": sorted(want),
                       "got": got[:5]})


def evaluate(catalog: Catalog, ladders: Iterable[dict[str, Any]],
             limit: int = 10) -> dict[str, Any]:
    """Hit rates, reversed moves and misses over ``ladders`` (see the module docstring)."""
    tally: dict[str, int] = Counter()
    misses: list[dict[str, Any]] = []
    reversed_moves = 0
    for ladder in ladders:
        found = career_paths(catalog, ladder["origin"], limit=limit)
        got = {name: [m["occupation"]["label"] for m in found[key]]
               for name, key in (("advancement", "advancement"), ("entry", "entry_points"))}
        want = {name: set(ladder[name]) for name in got}
        for name in got:
            _score_list(ladder["origin"], name, want[name], got[name], tally, misses)
        wrong = (set(got["entry"]) & want["advancement"]) | (set(got["advancement"])
                                                            & want["entry"])
        reversed_moves += len(wrong)
        if wrong:
            misses.append({"origin": ladder["origin"], "list": "reversed",
                           "expected": [], "got": sorted(wrong)})

    def rate(name: str) -> float:
        return tally[f"{name}_hits"] / tally[f"{name}_n"] if tally[f"{name}_n"] else 0.0

    return {"advancement_hit": rate("advancement"), "advancement_n": tally["advancement_n"],
            "entry_hit": rate("entry"), "entry_n": tally["entry_n"],
            "reversed_moves": reversed_moves, "no_step_up_ok": tally["advancement_empty_ok"],
            "no_step_up_n": tally["advancement_empty_n"], "misses": misses}
