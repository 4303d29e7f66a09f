"""Check that every data row read from a release is in the catalog or reported as skipped."""

from __future__ import annotations

import sqlite3

from destinai.sources.report import ImportReport

# catalog table -> (file name stem as read, prefix of the skip reasons for that file)
CHECKS = {
    "occupations": ("occupations", "occupations:"),
    "skills": ("skills", "skills:"),
    "isco_groups": ("ISCOGroups", "ISCOGroups:"),
    "skill_groups": ("skillGroups", "skillGroups:"),
    "occupation_skills": ("occupationSkillRelations", "occupationSkillRelations:"),
    "skill_relations": ("skillSkillRelations", "skillSkillRelations:"),
    "occupation_broader": ("broaderRelationsOccPillar", "broaderRelationsOccPillar:"),
    "skill_broader": ("broaderRelationsSkillPillar", "broaderRelationsSkillPillar:"),
    "onet_occupations": ("Occupation Data", "O*NET Occupation Data"),
    "onet_alternate_titles": ("Alternate Titles", "O*NET Alternate Titles"),
    "onet_tasks": ("Task Statements", "O*NET Task Statements"),
    "onet_technology_skills": ("Technology Skills", "O*NET Technology Skills"),
    "onet_tools": ("Tools Used", "O*NET Tools Used"),
    "oews_wages": ("national_M", "OEWS"),
    "xw_esco_onet_2010": ("esco_onet_crosswalk", "Nesta crosswalk: duplicate"),
    "xw_onet_2010_2019": ("onet_soc_2010_to_2019", "O*NET 2010-2019"),
}


def _file_rows(report: ImportReport, stem: str) -> int | None:
    for name, rows in report.file_rows.items():
        base = name.rsplit("!", 1)[-1].rsplit("/", 1)[-1]
        if base.startswith(stem) and (len(base) == len(stem) or base[len(stem)] in "._"
                                      or stem.endswith("_M")):
            return rows
    return None


def validate_counts(db: sqlite3.Connection, report: ImportReport) -> dict[str, object]:
    """Compare catalog rows + skipped rows with the source files' data rows, per table.

    Raises AssertionError-free: the result lists each check with ``ok``; the build fails on
    any mismatch through :func:`failed_checks`.
    """
    result: dict[str, object] = {}
    for table, (stem, reason) in CHECKS.items():
        source_rows = _file_rows(report, stem)
        if source_rows is None:
            continue
        loaded = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        skipped = sum(n for r, n in report.skipped.items() if r.startswith(reason))
        result[table] = {"source_rows": source_rows, "loaded": loaded, "skipped": skipped,
                         "ok": loaded + skipped == source_rows}
    return result


def failed_checks(validation: dict[str, object]) -> list[str]:
    """Names of the tables whose counts do not add up."""
    return [t for t, v in validation.items() if isinstance(v, dict) and not v.get("ok")]
