"""Import BLS Employment Projections, Table 1.2 (occupations, employment in thousands)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from destinai.sources.errors import SourceError
from destinai.sources.oews import SOC
from destinai.sources.report import ImportReport
from destinai.sources.tables import read_table_file

SHEET = "Table 1.2"
COLUMNS = {
    "2024 National Employment Matrix title": "title",
    "2024 National Employment Matrix code": "soc_code",
    "Occupation type": "occupation_type",
    "Employment, 2024": "employment_2024",
    "Employment, 2034": "employment_2034",
    "Employment change, numeric, 2024–34": "change_numeric",
    "Employment change, percent, 2024–34": "change_percent",
    "Percent self employed, 2024": "self_employed_percent",
    "Occupational openings, 2024–34 annual average": "annual_openings",
    "Median annual wage, dollars, 2024[1]": "median_wage",
    "Typical education needed for entry": "education",
    "Work experience in a related occupation": "experience",
    "Typical on-the-job training needed to attain competency in the occupation": "training",
}
NUMERIC = {"employment_2024", "employment_2034", "change_numeric", "change_percent",
           "self_employed_percent", "annual_openings", "median_wage"}


def _value(column: str, text: str) -> object:
    if text in {"", "—"}:
        return None  # "—" is the table's mark for unavailable data; "None" is a real value
    if column in NUMERIC:
        try:
            return float(text)
        except ValueError:
            return None
    return text.strip()


def import_projections(db: sqlite3.Connection, path: Path, report: ImportReport) -> None:
    """Load Table 1.2 (its title row is skipped; footnote rows without a code are ignored)."""
    table = read_table_file(path, sheet=SHEET, header_row=1)
    rows = []
    footnotes = 0
    for r in table.records(COLUMNS):
        record = {COLUMNS[k]: _value(COLUMNS[k], v) for k, v in r.items()}
        if not SOC.match(str(record["soc_code"] or "")):
            footnotes += 1
            continue
        rows.append(tuple(record[c] for c in COLUMNS.values()))
    if not rows:
        raise SourceError(table.name, "no occupation rows found")
    report.read(table.name, table.data_rows)
    if footnotes:
        report.skip("projections: footnote/notes rows without a SOC code", footnotes)
    names = ", ".join(COLUMNS.values())
    db.executemany(f"INSERT OR REPLACE INTO bls_projections ({names}) VALUES "
                   f"({','.join('?' * len(COLUMNS))})", rows)
