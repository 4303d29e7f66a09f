"""Import ESCO (v1.1.x and v1.2.x CSV releases) into the catalog.

v1.1.x ships a language zip (``occupations_en.csv`` …) and a language-independent relations
zip (``occupationSkillRelations.csv`` …). v1.2.x puts the relations inside the language zip
with an ``_en`` suffix and extra label columns. :class:`ZipOrFolder` hides the difference.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from destinai.sources.errors import SourceError
from destinai.sources.labels import clean_alt_labels, clean_label, split_labels
from destinai.sources.report import ImportReport
from destinai.sources.tables import Table, ZipOrFolder

ISCED_PREFIX = "http://data.europa.eu/esco/isced-f/"

# collection file -> skills column flag
SKILL_COLLECTIONS = {
    "digitalSkillsCollection": "is_digital",
    "greenSkillsCollection": "is_green",
    "transversalSkillsCollection": "is_transversal",
    "languageSkillsCollection": "is_language",
    "researchSkillsCollection": "is_research",
    "digCompSkillsCollection": "is_digcomp",
}


def _rows(table: Table, columns: list[str], report: ImportReport) -> Iterator[dict[str, str]]:
    yield from table.records(columns)
    report.read(table.name, table.data_rows)


def import_esco(db: sqlite3.Connection, root: Path, report: ImportReport) -> None:
    """Load every ESCO table from the release directory ``root``."""
    files = ZipOrFolder(root)
    _import_isco(db, files, report)
    _import_occupations(db, files, report)
    _import_skills(db, files, report)
    _import_skill_groups(db, files, report)
    _import_hierarchy(db, files, report)
    _import_collections(db, files, report)
    _import_occupation_skills(db, files, report)
    _import_skill_relations(db, files, report)
    _import_broader(db, files, report)


def _import_isco(db: sqlite3.Connection, files: ZipOrFolder, report: ImportReport) -> None:
    table = files.open("ISCOGroups")
    rows = []
    for r in _rows(table, ["conceptUri", "code", "preferredLabel", "altLabels", "description"],
                   report):
        code = r["code"]
        if not code.isdigit() or not 1 <= len(code) <= 4:
            raise SourceError(table.name, f"ISCO code {code!r} is not 1-4 digits", field="code")
        label = clean_label(r["preferredLabel"], report.fixes)
        rows.append((code, r["conceptUri"], len(code), code[:-1] or None, label,
                     r["preferredLabel"],
                     json.dumps(clean_alt_labels("", r["altLabels"], report.fixes)),
                     r["description"] or None))
    db.executemany("INSERT OR REPLACE INTO isco_groups VALUES (?,?,?,?,?,?,?,?)", rows)


def _labels(r: dict[str, str], report: ImportReport) -> tuple[str, str, str]:
    label = clean_label(r["preferredLabel"], report.fixes)
    if not label:
        raise SourceError("ESCO", f"concept {r['conceptUri']} has no preferred label",
                          field="preferredLabel")
    alts = clean_alt_labels(label, r["altLabels"], report.fixes)
    hidden = [clean_label(h) for h in split_labels(r.get("hiddenLabels", ""))]
    return label, json.dumps(alts, ensure_ascii=False), json.dumps(hidden, ensure_ascii=False)


def _import_occupations(db: sqlite3.Connection, files: ZipOrFolder,
                        report: ImportReport) -> None:
    cols = ["conceptUri", "code", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels",
            "status", "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition",
            "description"]
    table = files.open("occupations")
    rows = []
    for r in _rows(table, cols, report):
        if not r["conceptUri"]:
            report.skip("occupations: row without a conceptUri")
            continue
        label, alts, hidden = _labels(r, report)
        rows.append((r["conceptUri"], r["code"] or None, r["iscoGroup"] or None, label,
                     r["preferredLabel"], alts, r["altLabels"], hidden,
                     r["description"] or None, r["definition"] or None,
                     r["scopeNote"] or None, r["regulatedProfessionNote"] or None,
                     r["status"] or None, r["modifiedDate"] or None))
    db.executemany(
        "INSERT OR REPLACE INTO occupations (uri, code, isco_group, label, label_raw, alt_labels,"
        " alt_labels_raw, hidden_labels, description, definition, scope_note, regulated_note,"
        " status, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    report.skip("occupations: duplicate URI", len(rows) - _count(db, "occupations"))


def _import_skills(db: sqlite3.Connection, files: ZipOrFolder, report: ImportReport) -> None:
    cols = ["conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
            "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "description"]
    table = files.open("skills")
    rows = []
    for r in _rows(table, cols, report):
        if not r["conceptUri"]:
            report.skip("skills: row without a conceptUri")
            continue
        label, alts, hidden = _labels(r, report)
        rows.append((r["conceptUri"], r["skillType"], r["reuseLevel"], label,
                     r["preferredLabel"], alts, r["altLabels"], hidden,
                     r["description"] or None, r["definition"] or None,
                     r["scopeNote"] or None, r["status"] or None, r["modifiedDate"] or None))
    db.executemany(
        "INSERT OR REPLACE INTO skills (uri, skill_type, reuse_level, label, label_raw,"
        " alt_labels, alt_labels_raw, hidden_labels, description, definition, scope_note,"
        " status, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    report.skip("skills: duplicate URI", len(rows) - _count(db, "skills"))


def _import_skill_groups(db: sqlite3.Connection, files: ZipOrFolder,
                         report: ImportReport) -> None:
    table = files.open("skillGroups")
    rows = []
    for r in _rows(table, ["conceptUri", "preferredLabel", "altLabels", "description",
                           "scopeNote", "code"], report):
        uri = r["conceptUri"]
        label = clean_label(r["preferredLabel"], report.fixes)
        isced = uri[len(ISCED_PREFIX):] if uri.startswith(ISCED_PREFIX) else None
        rows.append((uri, r["code"] or isced, label, r["preferredLabel"],
                     json.dumps(clean_alt_labels("", r["altLabels"], report.fixes)),
                     r["description"] or None, r["scopeNote"] or None, isced))
    db.executemany("INSERT OR REPLACE INTO skill_groups VALUES (?,?,?,?,?,?,?,?)", rows)


def _import_hierarchy(db: sqlite3.Connection, files: ZipOrFolder, report: ImportReport) -> None:
    table = files.open("skillsHierarchy")
    levels = range(4)
    cols = [f"Level {i} {k}" for i in levels for k in ("URI", "preferred term", "code")]
    rows: dict[str, tuple] = {}
    for r in _rows(table, [*cols, "Description"], report):
        deepest = max((i for i in levels if r[f"Level {i} URI"]), default=None)
        if deepest is None:
            report.skip("skillsHierarchy: row without any URI")
            continue
        uri = r[f"Level {deepest} URI"]
        parent = r[f"Level {deepest - 1} URI"] if deepest else None
        rows[uri] = (uri, deepest, r[f"Level {deepest} code"] or None,
                     clean_label(r[f"Level {deepest} preferred term"], report.fixes),
                     parent, r["Description"] or None)
    db.executemany("INSERT INTO skill_hierarchy VALUES (?,?,?,?,?,?)", rows.values())


def _import_collections(db: sqlite3.Connection, files: ZipOrFolder,
                        report: ImportReport) -> None:
    for name, column in SKILL_COLLECTIONS.items():
        if not files.has(name):
            report.warnings.append(f"ESCO collection {name} not found: {column} left 0")
            continue
        uris = [(r["conceptUri"],) for r in _rows(files.open(name), ["conceptUri"], report)]
        db.executemany(f"UPDATE skills SET {column} = 1 WHERE uri = ?", uris)
        _count_dangling(db, "skills", uris, f"{name}: skill not in skills", report)
    if files.has("researchOccupationsCollection"):
        table = files.open("researchOccupationsCollection")
        uris = [(r["conceptUri"],) for r in _rows(table, ["conceptUri"], report)]
        db.executemany("UPDATE occupations SET is_research = 1 WHERE uri = ?", uris)
        _count_dangling(db, "occupations", uris,
                        "researchOccupationsCollection: occupation not in occupations", report)


def _count_dangling(db: sqlite3.Connection, table: str, uris: list[tuple[str]], reason: str,
                    report: ImportReport) -> None:
    known = _uris(db, table)
    missing = sum(1 for (u,) in uris if u not in known)
    if missing:
        report.skip(reason, missing)


def _uris(db: sqlite3.Connection, table: str) -> set[str]:
    return {u for (u,) in db.execute(f"SELECT uri FROM {table}")}


def _import_occupation_skills(db: sqlite3.Connection, files: ZipOrFolder,
                              report: ImportReport) -> None:
    occupations, skills = _uris(db, "occupations"), _uris(db, "skills")
    table = files.open("occupationSkillRelations")
    rows: dict[tuple[str, str], tuple[str, str, str, str | None]] = {}
    for r in _rows(table, ["occupationUri", "relationType", "skillType", "skillUri"], report):
        occ, skill, relation = r["occupationUri"], r["skillUri"], r["relationType"]
        if occ not in occupations:
            report.skip("occupationSkillRelations: occupation not in occupations")
        elif skill not in skills:
            report.skip("occupationSkillRelations: skill not in skills")
        elif relation not in {"essential", "optional"}:
            report.skip(f"occupationSkillRelations: unknown relationType {relation!r}")
        elif (occ, skill) in rows:
            report.skip("occupationSkillRelations: duplicate pair")
        else:
            rows[(occ, skill)] = (occ, skill, relation, r["skillType"] or None)
    db.executemany("INSERT INTO occupation_skills VALUES (?,?,?,?)", rows.values())


def _import_skill_relations(db: sqlite3.Connection, files: ZipOrFolder,
                            report: ImportReport) -> None:
    skills = _uris(db, "skills")
    table = files.open("skillSkillRelations")
    rows: dict[tuple[str, str], tuple[str, str, str]] = {}
    for r in _rows(table, ["originalSkillUri", "relationType", "relatedSkillUri"], report):
        a, b = r["originalSkillUri"], r["relatedSkillUri"]
        if a not in skills or b not in skills:
            report.skip("skillSkillRelations: skill not in skills")
        elif (a, b) in rows:
            report.skip("skillSkillRelations: duplicate pair")
        else:
            rows[(a, b)] = (a, b, r["relationType"])
    db.executemany("INSERT INTO skill_relations VALUES (?,?,?)", rows.values())


def _import_broader(db: sqlite3.Connection, files: ZipOrFolder, report: ImportReport) -> None:
    cols = ["conceptType", "conceptUri", "broaderType", "broaderUri"]
    occ_side = _uris(db, "occupations") | _uris(db, "isco_groups")
    occ_rows = {}
    for r in _rows(files.open("broaderRelationsOccPillar"), cols, report):
        if r["conceptUri"] not in occ_side or r["broaderUri"] not in occ_side:
            report.skip("broaderRelationsOccPillar: concept not in occupations/ISCO groups")
            continue
        key = (r["conceptUri"], r["broaderUri"])
        if key in occ_rows:
            report.skip("broaderRelationsOccPillar: duplicate pair")
            continue
        occ_rows[key] = (key[0], r["conceptType"], key[1], r["broaderType"])
    db.executemany("INSERT INTO occupation_broader VALUES (?,?,?,?)", occ_rows.values())

    skill_side = _uris(db, "skills") | _uris(db, "skill_groups")
    skill_rows = {}
    for r in _rows(files.open("broaderRelationsSkillPillar"), cols, report):
        if r["conceptUri"] not in skill_side or r["broaderUri"] not in skill_side:
            report.skip("broaderRelationsSkillPillar: concept not in skills/skill groups")
            continue
        key = (r["conceptUri"], r["broaderUri"])
        if key in skill_rows:
            report.skip("broaderRelationsSkillPillar: duplicate pair")
            continue
        skill_rows[key] = (*key, r["conceptType"], r["broaderType"])
    db.executemany("INSERT INTO skill_broader VALUES (?,?,?,?)", skill_rows.values())


def _count(db: sqlite3.Connection, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
