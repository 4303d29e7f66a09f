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


def evaluate(catalog: Catalog, ladders: Iterable[dict[str, Any]],
             limit: int = 10) -> dict[str, Any]:
    """Hit rates, reversed moves and misses over ``ladders`` (see the module docstring)."""
    adv_hits = adv_n = entry_hits = entry_n = reversed_moves = no_up_ok = no_up_n = 0
    misses: list[dict[str, Any]] = []
    for ladder in ladders:
        found = career_paths(catalog, ladder["origin"], limit=limit)
        adv = [m["occupation"]["label"] for m in found["advancement"]]
        entry = [m["occupation"]["label"] for m in found["entry_points"]]
        want_adv, want_entry = set(ladder["advancement"]), set(ladder["entry"])
        if want_adv:
            adv_n += 1
            adv_hits += bool(want_adv & set(adv))
            if not want_adv & set(adv):
                misses.append({"origin": ladder["origin"], "list": "advancement",
                               "expected": sorted(want_adv), "got": adv[:5]})
        else:
            no_up_n += 1
            no_up_ok += not adv
        if want_entry:
            entry_n += 1
            entry_hits += bool(want_entry & set(entry))
            if not want_entry & set(entry):
                misses.append({"origin": ladder["origin"], "list": "entry",
                               "expected": sorted(want_entry), "got": entry[:5]})
        wrong = (set(entry) & want_adv) | (set(adv) & want_entry)
        reversed_moves += len(wrong)
        if wrong:
            misses.append({"origin": ladder["origin"], "list": "reversed",
                           "expected": [], "got": sorted(wrong)})
    return {"advancement_hit": adv_hits / adv_n if adv_n else 0.0, "advancement_n": adv_n,
            "entry_hit": entry_hits / entry_n if entry_n else 0.0, "entry_n": entry_n,
            "reversed_moves": reversed_moves, "no_step_up_ok": no_up_ok,
            "no_step_up_n": no_up_n, "misses": misses}
