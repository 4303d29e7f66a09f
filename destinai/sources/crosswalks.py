"""Import the crosswalks: Nesta ESCO→O*NET-SOC 2010, O*NET-SOC 2010→2019, BLS ISCO-08↔SOC 2010."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from destinai.sources.errors import SourceError
from destinai.sources.report import ImportReport
from destinai.sources.tables import read_csv_bytes, read_table_file

ONET_CODE = re.compile(r"^\d\d-\d{4}\.\d\d$")


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def import_esco_onet(db: sqlite3.Connection, path: Path, report: ImportReport) -> None:
    """Nesta's ESCO→O*NET-SOC 2010 links (confidence 1 = best; kept as published)."""
    table = read_table_file(path)
    rows = {}
    for r in table.records(["id", "concept_uri", "onet_code", "matching_job_titles",
                            "semantic_similarity", "confidence"]):
        code = r["onet_code"]
        if not ONET_CODE.match(code):
            raise SourceError(path, f"data row {table.data_rows}: bad O*NET code {code!r}",
                              field="onet_code")
        key = (r["concept_uri"], code)
        if key in rows:
            report.skip("Nesta crosswalk: duplicate pair")
            continue
        rows[key] = (*key, _float(r["confidence"]), _float(r["semantic_similarity"]),
                     r["matching_job_titles"], r["id"])
    report.read(path.name, table.data_rows)
    db.executemany("INSERT INTO xw_esco_onet_2010 VALUES (?,?,?,?,?,?)", rows.values())


def import_onet_2010_2019(db: sqlite3.Connection, path: Path, report: ImportReport) -> None:
    """O*NET-SOC 2010→2019 (semicolon-separated in the shared copy; commas also accepted)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read file: {exc.strerror}") from exc
    first_line = data.split(b"\n", 1)[0]
    delimiter = ";" if first_line.count(b";") > first_line.count(b",") else ","
    table = read_csv_bytes(str(path), data, delimiter=delimiter)
    rows = {}
    for r in table.records(["soc2010_code", "soc2010_title", "soc2019_code", "soc2019_title"]):
        key = (r["soc2010_code"], r["soc2019_code"])
        rows[key] = (*key[:1], r["soc2010_title"], key[1], r["soc2019_title"])
    report.read(path.name, table.data_rows)
    db.executemany("INSERT INTO xw_onet_2010_2019 VALUES (?,?,?,?)",
                   [(a, t, b, u) for a, t, b, u in rows.values()])


def import_isco_soc(db: sqlite3.Connection, path: Path, report: ImportReport) -> None:
    """The BLS ISCO-08→2010 SOC sheet (its header is below a few title rows)."""
    header_row = _find_header(path)
    table = read_table_file(path, sheet="ISCO-08 to 2010 SOC", header_row=header_row)
    rows = {}
    for r in table.records(["ISCO-08 Code", "ISCO-08 Title EN", "part", "2010 SOC Code",
                            "2010 SOC Title"]):
        isco, soc = r["ISCO-08 Code"].strip(), r["2010 SOC Code"].strip()
        if not isco or not soc:
            report.skip("ISCO-SOC crosswalk: row without both codes")
            continue
        rows[(isco.zfill(4), soc)] = (isco.zfill(4), r["ISCO-08 Title EN"], soc,
                                      r["2010 SOC Title"], int(r["part"].strip() == "*"))
    report.read(table.name, table.data_rows)
    db.executemany("INSERT OR REPLACE INTO xw_isco_soc VALUES (?,?,?,?,?)", rows.values())


def _find_header(path: Path) -> int:
    table = read_table_file(path, sheet="ISCO-08 to 2010 SOC")
    if "ISCO-08 Code" in table.header:
        return 0
    for i, row in enumerate(table.rows, start=1):
        if any(str(c).strip() == "ISCO-08 Code" for c in row):
            return i
        if i > 20:
            break
    raise SourceError(path, "no header row with 'ISCO-08 Code' in sheet 'ISCO-08 to 2010 SOC'",
                      field="ISCO-08 Code")
