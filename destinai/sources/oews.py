"""Import OEWS national wages (May release, SOC 2018 codes)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from destinai.sources.errors import SourceError
from destinai.sources.report import ImportReport
from destinai.sources.tables import read_table_file

# OEWS column -> catalog column
WAGE_COLUMNS = {
    "TOT_EMP": "employment", "EMP_PRSE": "emp_prse", "H_MEAN": "hourly_mean",
    "A_MEAN": "annual_mean", "MEAN_PRSE": "mean_prse",
    "H_PCT10": "hourly_p10", "H_PCT25": "hourly_p25", "H_MEDIAN": "hourly_median",
    "H_PCT75": "hourly_p75", "H_PCT90": "hourly_p90",
    "A_PCT10": "annual_p10", "A_PCT25": "annual_p25", "A_MEDIAN": "annual_median",
    "A_PCT75": "annual_p75", "A_PCT90": "annual_p90",
}
SOC = re.compile(r"^\d\d-\d{4}$")


def parse_wage_cell(value: str) -> tuple[float | None, str | None]:
    """Return (number, marker). Markers such as ``*``, ``**`` and ``#`` give (None, marker)."""
    text = value.replace(",", "").strip()
    if text == "":
        return None, None
    try:
        return float(text), None
    except ValueError:
        return None, text


def year_of(path: Path) -> int:
    """The survey year in a file name such as ``national_M2024_dl.xlsx``."""
    match = re.search(r"M(\d{4})", path.name)
    if not match:
        raise SourceError(path, "cannot tell the OEWS year from the file name (national_MYYYY_dl)")
    return int(match.group(1))


def import_oews(db: sqlite3.Connection, path: Path, report: ImportReport) -> None:
    """Load the national cross-industry OEWS rows."""
    year = year_of(path)
    table = read_table_file(path)
    cols = ["OCC_CODE", "OCC_TITLE", "O_GROUP", *WAGE_COLUMNS, "ANNUAL", "HOURLY"]
    rows = []
    for r in table.records(cols):
        code = r["OCC_CODE"]
        if not SOC.match(code):
            raise SourceError(path, f"data row {table.data_rows}: bad SOC code {code!r}",
                              field="OCC_CODE")
        values, flags = [], {}
        for source, column in WAGE_COLUMNS.items():
            number, marker = parse_wage_cell(r[source])
            values.append(number)
            if marker:
                flags[column] = marker
        rows.append((code, r["OCC_TITLE"], r["O_GROUP"] or None, year, *values,
                     int(r["ANNUAL"].upper() == "TRUE"), int(r["HOURLY"].upper() == "TRUE"),
                     json.dumps(flags, sort_keys=True)))
    report.read(path.name, table.data_rows)
    placeholders = ",".join("?" * (4 + len(WAGE_COLUMNS) + 3))
    names = ", ".join(["soc_code", "title", "o_group", "year", *WAGE_COLUMNS.values(),
                       "annual_only", "hourly_only", "flags"])
    db.executemany(f"INSERT OR REPLACE INTO oews_wages ({names}) VALUES ({placeholders})", rows)
    lost = len(rows) - db.execute("SELECT count(*) FROM oews_wages").fetchone()[0]
    if lost:
        report.skip("OEWS: duplicate (code, group) row", lost)
