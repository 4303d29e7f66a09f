"""What an import saw: rows read per file, rows loaded, rows skipped and why, label fixes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """Counts collected while importing, stored in the build record."""

    file_rows: dict[str, int] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    fixes: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def read(self, name: str, rows: int) -> None:
        """Record that ``name`` held ``rows`` data rows."""
        self.file_rows[name] = self.file_rows.get(name, 0) + rows

    def skip(self, reason: str, n: int = 1) -> None:
        """Record ``n`` rows skipped for ``reason`` (never skip silently)."""
        if n:
            self.skipped[reason] += n

    def as_dict(self) -> dict[str, object]:
        """JSON-ready view."""
        return {
            "file_rows": dict(sorted(self.file_rows.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "label_fixes": dict(sorted(self.fixes.items())),
            "warnings": self.warnings,
        }
