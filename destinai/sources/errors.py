"""The one error type every importer raises for bad input."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A source file is missing, unreadable or not in the expected format.

    The message always names the file (and the member inside an archive, and the field
    when one is at fault), so the user knows what to fix.
    """

    def __init__(self, file: str | Path, problem: str, *, field: str | None = None) -> None:
        self.file = str(file)
        self.problem = problem
        self.field = field
        where = f"{self.file}"
        if field:
            where += f" (field {field!r})"
        super().__init__(f"{where}: {problem}")
