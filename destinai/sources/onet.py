"""Import the O*NET database (Excel edition, or the tab-delimited text edition)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from destinai.sources.errors import SourceError
from destinai.sources.report import ImportReport
from destinai.sources.tables import Table, read_table_file

CODE = "O*NET-SOC Code"


def _num(value: str) -> float | None:
    if value in {"", "n/a", "NA"}:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _yes(value: str) -> int:
    return 1 if value.upper() == "Y" else 0


class FieldError(ValueError):
    """A cell that cannot be converted; turned into a SourceError naming file and field."""

    def __init__(self, field: str, value: str) -> None:
        self.field = field
        super().__init__(f"{value!r} is not a number")


def _int(row: dict[str, str], field: str) -> int | None:
    value = row[field]
    if value == "":
        return None
    try:
        return int(float(value))
    except ValueError:
        raise FieldError(field, value) from None


class OnetFiles:
    """Locates the O*NET files (``Name.xlsx`` or ``Name.txt``) in one release folder."""

    def __init__(self, folder: Path, report: ImportReport) -> None:
        self.folder = folder
        self.report = report
        self.current: Table | None = None

    def path(self, name: str) -> Path | None:
        """The file for table ``name``, or None when absent."""
        for suffix in (".xlsx", ".txt"):
            candidate = self.folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
        return None

    def rows(self, name: str, columns: list[str], required: bool = True) -> Iterator[dict]:
        """Yield the rows of table ``name`` restricted to ``columns``."""
        path = self.path(name)
        if path is None:
            if required:
                raise SourceError(self.folder / f"{name}.xlsx",
                                  f"O*NET file missing from {self.folder} (.xlsx or .txt)")
            self.report.warnings.append(f"O*NET file {name} not found: table left empty")
            return
        table = read_table_file(path)
        self.current = table
        yield from table.records(columns)
        self.report.read(path.name, table.data_rows)


def import_onet(db: sqlite3.Connection, folder: Path, report: ImportReport) -> None:
    """Load all O*NET tables from ``folder`` (e.g. ``onet/29.2``)."""
    files = OnetFiles(folder, report)
    try:
        _import_all(db, files, report)
    except FieldError as exc:
        table = files.current
        name = table.name if table else str(folder)
        row = table.data_rows if table else 0
        raise SourceError(name, f"data row {row}: {exc}", field=exc.field) from None


def _import_all(db: sqlite3.Connection, files: OnetFiles, report: ImportReport) -> None:
    folder = files.folder
    occupations = {}
    for r in files.rows("Occupation Data", [CODE, "Title", "Description"]):
        occupations[r[CODE]] = (r[CODE], r[CODE][:7], r["Title"], r["Description"] or None)
    if not occupations:
        raise SourceError(folder / "Occupation Data.xlsx", "no occupations")
    db.executemany("INSERT INTO onet_occupations (code, soc_code, title, description)"
                   " VALUES (?,?,?,?)", occupations.values())
    known = set(occupations)

    def keep(table: str, code: str) -> bool:
        if code in known:
            return True
        report.skip(f"O*NET {table}: code not in Occupation Data")
        return False

    _alternate_titles(db, files, keep)
    _tasks(db, files, keep)
    for domain, name in (("skills", "Skills"), ("knowledge", "Knowledge")):
        _ratings(db, files, keep, domain, name)
    for domain, name in (("interests", "Interests"), ("work_styles", "Work Styles"),
                         ("work_values", "Work Values")):
        _scores(db, files, keep, domain, name)
    _technology_and_tools(db, files, keep)
    _related(db, files, keep, report)
    _job_zones(db, files, keep)
    _education(db, files, keep)
    _references(db, files)


def _alternate_titles(db, files: OnetFiles, keep) -> None:
    rows = [(r[CODE], r["Alternate Title"], r["Short Title"] or None, r["Source(s)"] or None)
            for r in files.rows("Alternate Titles",
                                [CODE, "Alternate Title", "Short Title", "Source(s)"])
            if keep("Alternate Titles", r[CODE])]
    db.executemany("INSERT INTO onet_alternate_titles VALUES (?,?,?,?)", rows)


def _tasks(db, files: OnetFiles, keep) -> None:
    cols = [CODE, "Task ID", "Task", "Task Type", "Incumbents Responding", "Date",
            "Domain Source"]
    rows = [(r[CODE], _int(r, "Task ID"), r["Task"], r["Task Type"] or None,
             _num(r["Incumbents Responding"]), r["Date"], r["Domain Source"])
            for r in files.rows("Task Statements", cols) if keep("Task Statements", r[CODE])]
    db.executemany("INSERT OR REPLACE INTO onet_tasks VALUES (?,?,?,?,?,?,?)", rows)
    emerging = [(r[CODE], r["Task"], r["Category"] or None,
                 _int(r, "Original Task ID"), r["Date"])
                for r in files.rows("Emerging Tasks",
                                    [CODE, "Task", "Category", "Original Task ID", "Date"],
                                    required=False)
                if keep("Emerging Tasks", r[CODE])]
    db.executemany("INSERT INTO onet_emerging_tasks VALUES (?,?,?,?,?)", emerging)


def _ratings(db, files: OnetFiles, keep, domain: str, name: str) -> None:
    cols = [CODE, "Element ID", "Element Name", "Scale ID", "Data Value", "Recommend Suppress",
            "Not Relevant", "Date", "Domain Source"]
    merged: dict[tuple[str, str], list] = {}
    for r in files.rows(name, cols):
        if not keep(name, r[CODE]):
            continue
        row = merged.setdefault(
            (r[CODE], r["Element ID"]),
            [domain, r[CODE], r["Element ID"], r["Element Name"], None, None, None, 0,
             r["Date"], r["Domain Source"]])
        if r["Scale ID"] == "IM":
            row[4] = _num(r["Data Value"])
        elif r["Scale ID"] == "LV":
            row[5] = _num(r["Data Value"])
            row[6] = _yes(r["Not Relevant"])
        row[7] = max(row[7], _yes(r["Recommend Suppress"]))
    db.executemany("INSERT INTO onet_ratings VALUES (?,?,?,?,?,?,?,?,?,?)", merged.values())


def _scores(db, files: OnetFiles, keep, domain: str, name: str) -> None:
    cols = [CODE, "Element ID", "Element Name", "Scale ID", "Data Value"]
    rows = {(r[CODE], r["Element ID"], r["Scale ID"]):
            (domain, r[CODE], r["Element ID"], r["Element Name"], r["Scale ID"],
             _num(r["Data Value"]))
            for r in files.rows(name, cols) if keep(name, r[CODE])}
    db.executemany("INSERT INTO onet_scores VALUES (?,?,?,?,?,?)", rows.values())


def _technology_and_tools(db, files: OnetFiles, keep) -> None:
    cols = [CODE, "Example", "Commodity Code", "Commodity Title"]
    tech = [(r[CODE], r["Example"], _int(r, "Commodity Code"), r["Commodity Title"],
             _yes(r["Hot Technology"]), _yes(r["In Demand"]))
            for r in files.rows("Technology Skills", [*cols, "Hot Technology", "In Demand"])
            if keep("Technology Skills", r[CODE])]
    db.executemany("INSERT INTO onet_technology_skills VALUES (?,?,?,?,?,?)", tech)
    tools = [(r[CODE], r["Example"], _int(r, "Commodity Code"), r["Commodity Title"])
             for r in files.rows("Tools Used", cols) if keep("Tools Used", r[CODE])]
    db.executemany("INSERT INTO onet_tools VALUES (?,?,?,?)", tools)


def _related(db, files: OnetFiles, keep, report: ImportReport) -> None:
    cols = [CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"]
    rows = {}
    for r in files.rows("Related Occupations", cols):
        if not keep("Related Occupations", r[CODE]):
            continue
        if not keep("Related Occupations (related code)", r["Related O*NET-SOC Code"]):
            continue
        rows[(r[CODE], r["Related O*NET-SOC Code"])] = (
            r[CODE], r["Related O*NET-SOC Code"], r["Relatedness Tier"],
            _int(r, "Index") or 0)
    db.executemany("INSERT INTO onet_related VALUES (?,?,?,?)", rows.values())


def _job_zones(db, files: OnetFiles, keep) -> None:
    zones = [(_int(r, "Job Zone"), r[CODE])
             for r in files.rows("Job Zones", [CODE, "Job Zone"]) if keep("Job Zones", r[CODE])]
    db.executemany("UPDATE onet_occupations SET job_zone = ? WHERE code = ?", zones)
    cols = ["Job Zone", "Name", "Experience", "Education", "Job Training", "Examples",
            "SVP Range"]
    ref = [(_int(r, "Job Zone"), r["Name"], r["Experience"], r["Education"],
            r["Job Training"], r["Examples"], r["SVP Range"])
           for r in files.rows("Job Zone Reference", cols)]
    db.executemany("INSERT INTO onet_job_zone_reference VALUES (?,?,?,?,?,?,?)", ref)


def _education(db, files: OnetFiles, keep) -> None:
    name = "Education, Training, and Experience"
    cols = [CODE, "Element ID", "Element Name", "Scale ID", "Category", "Data Value",
            "Recommend Suppress"]
    rows = {}
    for r in files.rows(name, cols):
        if not keep(name, r[CODE]):
            continue
        if not r["Category"]:
            files.report.skip(f"O*NET {name}: row without category")
            continue
        key = (r[CODE], r["Element ID"], r["Scale ID"], _int(r, "Category"))
        rows[key] = (*key[:2], r["Element Name"], key[2], key[3], _num(r["Data Value"]),
                     _yes(r["Recommend Suppress"]))
    db.executemany("INSERT INTO onet_education VALUES (?,?,?,?,?,?,?)", rows.values())
    cats = {(r["Element ID"], r["Scale ID"], _int(r, "Category")):
            r["Category Description"]
            for r in files.rows(f"{name} Categories",
                                ["Element ID", "Scale ID", "Category", "Category Description"])}
    db.executemany("INSERT INTO onet_education_categories VALUES (?,?,?,?)",
                   [(*k, v) for k, v in cats.items()])


def _references(db, files: OnetFiles) -> None:
    model = [(r["Element ID"], r["Element Name"], r["Description"] or None)
             for r in files.rows("Content Model Reference",
                                 ["Element ID", "Element Name", "Description"], required=False)]
    db.executemany("INSERT OR REPLACE INTO onet_content_model VALUES (?,?,?)", model)
    scales = [(r["Scale ID"], r["Scale Name"], _num(r["Minimum"]), _num(r["Maximum"]))
              for r in files.rows("Scales Reference",
                                  ["Scale ID", "Scale Name", "Minimum", "Maximum"],
                                  required=False)]
    db.executemany("INSERT OR REPLACE INTO onet_scales VALUES (?,?,?,?)", scales)
