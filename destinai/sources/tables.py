"""Reading tabular release files: CSV (plain or inside a zip), tab-delimited text, XLSX and XLS.

Every reader yields rows as dicts keyed by the header, after checking that the required
columns are present. Problems raise :class:`SourceError` naming the file and the field.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from destinai.sources.errors import SourceError

csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class Table:
    """A header plus an iterator of rows, with the name used in error messages."""

    name: str
    header: list[str]
    rows: Iterable[Sequence[object]]
    data_rows: int = 0
    _index: dict[str, int] = field(default_factory=dict)

    def require(self, columns: Iterable[str]) -> None:
        """Raise SourceError naming the first required column missing from the header."""
        self._index = {col.strip().lstrip("\ufeff"): i for i, col in enumerate(self.header)}
        missing = [c for c in columns if c not in self._index]
        if missing:
            raise SourceError(
                self.name,
                f"missing column {missing[0]!r} (header has: {', '.join(self._index)})",
                field=missing[0],
            )

    def records(self, columns: Iterable[str]) -> Iterator[dict[str, str]]:
        """Yield each data row as {column: text}, for the given (required) columns.

        Cells are returned as stripped strings; numbers read from spreadsheets are rendered
        without a trailing ``.0`` when integral. Rows shorter than the header get "" for the
        absent cells. ``data_rows`` counts the rows yielded.
        """
        wanted = list(columns)
        self.require(wanted)
        positions = [(c, self._index[c]) for c in wanted]
        width = max((i for _, i in positions), default=-1) + 1
        for row in self.rows:
            if not any(str(v).strip() for v in row):
                continue
            self.data_rows += 1
            if len(row) >= width:     # the common case: no bounds check per cell
                yield {c: _text(row[i]) for c, i in positions}
            else:
                yield {c: _text(row[i]) if i < len(row) else "" for c, i in positions}


def _text(value: object) -> str:
    if type(value) is str:          # most cells: skip the checks below
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_csv_bytes(name: str, data: bytes, delimiter: str = ",") -> Table:
    """Parse CSV text (UTF-8, optional BOM) into a Table."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if "\x00" in text:
        raise SourceError(name, "binary content (NUL bytes) where CSV text was expected")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(name, "empty file: no header row") from None
    except csv.Error as exc:
        raise SourceError(name, f"malformed CSV header: {exc}") from exc
    return Table(name, header, _guarded(name, reader))


def _guarded(name: str, reader: Any) -> Iterator[list[str]]:  # a csv reader (has line_num)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SourceError(name, f"malformed CSV at line {reader.line_num}: {exc}") from exc
        yield row


def read_spreadsheet(path: Path, sheet: str | None = None, header_row: int = 0) -> Table:
    """Read one sheet of an .xlsx/.xls file (first sheet by default) with calamine.

    ``header_row`` is the 0-based index of the header row; rows above it are skipped.
    """
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = workbook.sheet_names
        chosen = sheet if sheet is not None else names[0]
        if chosen not in names:
            raise SourceError(path, f"no sheet named {chosen!r} (sheets: {', '.join(names)})")
        rows = workbook.get_sheet_by_name(chosen).to_python()
    except SourceError:
        raise
    except Exception as exc:  # calamine raises several private error types for corrupt files
        raise SourceError(path, f"cannot read spreadsheet: {exc}") from exc
    if len(rows) <= header_row:
        raise SourceError(path, f"sheet {chosen!r} has no header row")
    header = [_text(h) for h in rows[header_row]]
    name = str(path) if sheet is None else f"{path} [{chosen}]"
    return Table(name, header, rows[header_row + 1 :])


def read_table_file(path: Path, sheet: str | None = None, header_row: int = 0) -> Table:
    """Read a release table from .xlsx/.xls, tab-delimited .txt or .csv, by extension."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xls", ".xlsm"}:
        return read_spreadsheet(path, sheet, header_row)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read file: {exc.strerror}") from exc
    table = read_csv_bytes(str(path), data, delimiter="\t" if suffix == ".txt" else ",")
    return table


class ZipOrFolder:
    """The CSV members of one or more ESCO zip archives and/or extracted folders.

    Members are found by their base name with or without the ``_en`` language suffix, so
    v1.1.x (``occupationSkillRelations.csv`` in the relations zip) and v1.2.x
    (``occupationSkillRelations_en.csv`` in the language zip) both resolve.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._members: dict[str, tuple[Path, str | None]] = {}
        if not root.exists():
            raise SourceError(root, "ESCO release directory not found")
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() == ".zip":
                self._index_zip(path)
            elif path.suffix.lower() == ".csv":
                self._members.setdefault(_key(path.name), (path, None))

    def _index_zip(self, path: Path) -> None:
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError) as exc:
            raise SourceError(path, f"corrupt or unreadable zip archive: {exc}") from exc
        for member in names:
            if member.lower().endswith(".csv"):
                self._members.setdefault(_key(Path(member).name), (path, member))

    def has(self, base: str) -> bool:
        """True when a member with this base name (e.g. ``skills``) exists."""
        return base.lower() in self._members

    def where(self, base: str) -> str:
        """Human-readable location of a member, for messages and the build record."""
        path, member = self._members[base.lower()]
        return f"{path}!{member}" if member else str(path)

    def open(self, base: str) -> Table:
        """Read the member named ``base`` (``skills``, ``occupationSkillRelations``…)."""
        if not self.has(base):
            raise SourceError(
                self.root / f"{base}_en.csv",
                f"ESCO file {base}.csv / {base}_en.csv not found in any zip or folder under "
                f"{self.root}",
            )
        path, member = self._members[base.lower()]
        if member is None:
            return read_csv_bytes(str(path), path.read_bytes())
        name = f"{path.name}!{member}"
        try:
            with zipfile.ZipFile(path) as archive:
                data = archive.read(member)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise SourceError(name, f"corrupt zip member: {exc}") from exc
        return read_csv_bytes(name, data)


def _key(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0]
    if stem.lower().endswith("_en"):
        stem = stem[:-3]
    return stem.lower()
