"""The catalog format: a fingerprint of the code that decides which tables a build writes.

A catalog built by code with another fingerprint may lack tables the running code reads, so
opening it asks for a rebuild instead of failing later with a missing table.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


@cache
def format_fingerprint() -> str:
    """SHA-256 over the schema, the importers and every feature's build step."""
    files = sorted([*PACKAGE.glob("sources/*.py"), PACKAGE / "catalog" / "schema.sql",
                    PACKAGE / "catalog" / "build.py", PACKAGE / "catalog" / "steps.py",
                    *PACKAGE.glob("*/build.py")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
