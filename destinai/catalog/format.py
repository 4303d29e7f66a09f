"""The catalog format: an explicit schema version plus a digest of the parameters that shape
the stored data.

``SCHEMA_VERSION`` changes whenever a build writes different tables or columns: a catalog of
another version may lack what the running code reads, so opening it asks for a rebuild. The
parameter digest covers the values that decide what the build stores (weights, thresholds,
model ids, collected from each feature's ``parameters()``): a catalog built with other values
is readable but out of date, so ``destinai build --if-stale`` (``make catalog``) rebuilds it
and ``destinai stats`` says so. Editing a comment or refactoring changes neither.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from destinai.features import Step

# 2: the first versioned format (occupation_similarity dropped)
# 3: occupation seniority and lines of work (career paths)
# 4: a lean catalog: relation tables keyed by integers behind views of the old names,
#    packed array blobs, external-content FTS (destinai.catalog.keys, blobs, fts)
# 5: Zstandard-packed blobs and tokenised O*NET tasks (issue 11: cold start)
# 6: extraction's per-label tables stored (search_arrays kind 'extract', issue 15: cold start)
SCHEMA_VERSION = 6


def build_parameters(steps: Sequence[Step] | None = None) -> dict[str, Any]:
    """``{step name: parameters}`` of every build step that declares some."""
    from destinai.features import build_steps, load

    chosen = build_steps() if steps is None else steps
    return {s.name: load(s.parameters)() for s in chosen if s.parameters}


def parameters_digest(parameters: dict[str, Any]) -> str:
    """A short SHA-256 of the parameters in canonical JSON (key order does not matter)."""
    canonical = json.dumps(parameters, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


@cache
def current_parameters_digest() -> str:
    """The digest for the code running now (imports every feature's build module, ~1 s)."""
    return parameters_digest(build_parameters())


def format_fingerprint() -> dict[str, Any]:
    """What the build records as ``catalog_format``: schema version and parameter digest."""
    return {"schema_version": SCHEMA_VERSION, "parameters": current_parameters_digest()}


def schema_version_of(recorded: Any) -> int | None:
    """The schema version in a recorded ``catalog_format`` (None for older catalogs)."""
    if isinstance(recorded, dict) and isinstance(recorded.get("schema_version"), int):
        return recorded["schema_version"]
    return None
