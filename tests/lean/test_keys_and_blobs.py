"""The lean catalog's storage rules: integer keys behind views that return the rows the tables
held, lossless array packing, and a format change that asks old catalogs for a rebuild."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from destinai.catalog import blobs, keys
from destinai.catalog import format as catalog_format
from destinai.catalog.build import is_stale, schema_sql
from destinai.catalog.db import Catalog, CatalogMissing
from destinai.paths.store import DDL as PATHS_DDL
from destinai.paths.store import load_arrays, save_arrays
from destinai.search import compiled

OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
QUERIES = [
    ("SELECT * FROM occupation_skills WHERE occupation_uri = ?", (OCC + "b",)),
    ("SELECT occupation_uri, relation FROM occupation_skills WHERE skill_uri = ? "
     "AND relation = 'essential'", (SKILL + "2",)),
    ("SELECT o.label, count(*) FROM occupation_skills r JOIN occupations o "
     "ON o.uri = r.occupation_uri GROUP BY o.label ORDER BY o.label", ()),
    ("SELECT count(*) FROM occupation_skills WHERE skill_type IS NULL", ()),
    ("SELECT b.broader_uri FROM skill_broader b WHERE b.uri = ?", (SKILL + "1",)),
    ("SELECT skill_uri, neighbour_uri, similarity FROM skill_neighbours "
     "ORDER BY similarity DESC", ()),
]


def _fixture_db() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(schema_sql())
    db.executescript("CREATE TABLE skill_neighbours (skill_uri TEXT NOT NULL, neighbour_uri "
                     "TEXT NOT NULL, similarity REAL NOT NULL, source TEXT NOT NULL, "
                     "PRIMARY KEY (skill_uri, neighbour_uri)) WITHOUT ROWID;")
    for o in "abc":
        db.execute("INSERT INTO occupations(uri, label, label_raw, alt_labels, alt_labels_raw) "
                   "VALUES (?, ?, ?, '[]', '[]')", (OCC + o, f"job {o}", f"job {o}"))
    db.executemany("INSERT INTO occupation_skills VALUES (?,?,?,?)", [
        (OCC + "b", SKILL + "2", "essential", "knowledge"),
        (OCC + "a", SKILL + "2", "optional", None),
        (OCC + "a", SKILL + "1", "essential", "skill/competence"),
        (OCC + "c", SKILL + "3", "essential", "skill/competence"),
        (OCC + "b", SKILL + "1", "optional", "skill/competence")])
    db.executemany("INSERT INTO skill_broader VALUES (?,?,?,?)", [
        (SKILL + "1", "http://data.europa.eu/esco/isced-f/0613", "KnowledgeSkillCompetence",
         "SkillGroup"), (SKILL + "2", SKILL + "1", None, None)])
    db.executemany("INSERT INTO skill_neighbours VALUES (?,?,?,?)", [
        (SKILL + "1", SKILL + "2", 0.5, "text"), (SKILL + "2", SKILL + "3", 0.25, "related")])
    return db


def test_views_return_the_rows_the_tables_held():
    db = _fixture_db()
    before = {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
              for t in keys.KEYED}
    answers = [db.execute(q, p).fetchall() for q, p in QUERIES]
    columns = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in keys.KEYED}
    keys.key_tables(db)
    for t in keys.KEYED:
        kind = db.execute("SELECT type FROM sqlite_master WHERE name = ?", (t,)).fetchone()[0]
        assert kind == "view"
        assert [r[1] for r in db.execute(f"PRAGMA table_info({t})")] == columns[t]
        assert sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) == before[t]
    assert [db.execute(q, p).fetchall() for q, p in QUERIES] == answers


def test_keyed_tables_hold_integers_numbered_in_text_order():
    db = _fixture_db()
    keys.key_tables(db)
    stored = db.execute("SELECT occupation_uri, skill_uri, relation FROM "
                        "occupation_skills_ids").fetchall()
    assert all(isinstance(v, int) for row in stored for v in row)
    values = [v for (v,) in db.execute("SELECT value FROM catalog_keys ORDER BY id")]
    assert values == sorted(values)
    # primary-key order of the integers is the order the text keys had
    assert [r[:2] for r in db.execute("SELECT * FROM occupation_skills_ids")] == sorted(
        r[:2] for r in stored)


def test_keying_twice_leaves_the_views_alone():
    db = _fixture_db()
    keys.key_tables(db)
    rows = db.execute("SELECT * FROM occupation_skills ORDER BY 1, 2").fetchall()
    assert keys.key_tables(db)["tables"] == 0
    assert db.execute("SELECT * FROM occupation_skills ORDER BY 1, 2").fetchall() == rows


@pytest.mark.parametrize("array", [
    np.arange(100_000, dtype=np.int32), np.zeros(50_000, np.float32),
    np.random.default_rng(1).integers(-128, 127, (300, 256)).astype(np.int8),
    np.linspace(0, 1, 40_000).astype(np.float32).reshape(200, 200), np.arange(10, dtype="<i8")])
def test_packing_is_lossless(array):
    dtype, blob = blobs.pack(array.tobytes(), array.dtype.itemsize, array.dtype.str)
    plain, raw = blobs.unpack(dtype, blob)
    assert plain == array.dtype.str
    assert np.array_equal(np.frombuffer(raw, plain).reshape(array.shape), array)


def test_only_what_shrinks_is_packed():
    noise = np.random.default_rng(2).integers(-128, 127, 100_000).astype(np.int8)
    assert blobs.pack(noise.tobytes(), 1, "|i1")[0] == "|i1"
    ids = np.arange(100_000, dtype=np.int32)
    dtype, blob = blobs.pack(ids.tobytes(), 4, "<i4")
    assert dtype == "zs:<i4" and len(blob) < ids.nbytes / 10


def test_search_and_paths_arrays_come_back_exactly():
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    arrays = {"ids": np.arange(20_000, dtype=np.int32),
              "weights": np.full(20_000, 0.25, np.float32),
              "texts": [f"label {i}" for i in range(5_000)], "empty": []}
    compiled.store(db, "skill", arrays)
    assert db.execute("SELECT dtype FROM search_arrays WHERE name = 'ids'").fetchone()[0] \
        == "zs:<i4"
    back = compiled.load(db.execute("SELECT name, dtype, shape, data FROM search_arrays"))
    assert back["texts"] == arrays["texts"] and back["empty"] == []
    assert np.array_equal(back["ids"], arrays["ids"])
    assert np.array_equal(back["weights"], arrays["weights"])
    db.executescript(PATHS_DDL)
    save_arrays(db, {"edge.src": arrays["ids"], "skills": arrays["texts"]})
    paths = load_arrays(db, ["edge.src", "skills"])
    assert np.array_equal(paths["edge.src"], arrays["ids"]) and paths["skills"] == arrays["texts"]


def test_a_catalog_of_the_previous_format_asks_for_a_rebuild(mini, tmp_path: Path):
    target = tmp_path / "old.sqlite"
    target.write_bytes(Path(mini.path).read_bytes())
    with sqlite3.connect(target) as db:
        db.execute("UPDATE build_record SET value = ? WHERE key = 'catalog_format'",
                   (json.dumps({"schema_version": 5,
                                "parameters": catalog_format.current_parameters_digest()}),))
    assert catalog_format.SCHEMA_VERSION == 6
    with pytest.raises(CatalogMissing, match="catalog schema 5, this version reads 6"):
        Catalog(target)
    sources = Path(mini.path).parent / "sources"
    assert is_stale(sources, target)


def test_full_text_index_reads_its_texts_from_the_concept_tables(mini):
    db = sqlite3.connect(f"file:{mini.path}?mode=ro", uri=True)
    names = {n for (n,) in db.execute("SELECT name FROM sqlite_master")}
    assert "occupation_fts_content" not in names and "skill_fts_content" not in names
    rows = db.execute("SELECT f.uri, highlight(occupation_fts, 1, '[', ']'), o.label "
                      "FROM occupation_fts f JOIN occupations o ON o.uri = f.uri "
                      "WHERE occupation_fts MATCH 'diplomat'").fetchall()
    assert rows and all(h.replace("[", "").replace("]", "") == label for _, h, label in rows)
    assert any("[diplomat]" in h for _, h, _ in rows)


def test_zlib_blobs_of_older_catalogs_still_unpack():
    import zlib

    ids = np.arange(50_000, dtype=np.int32)
    blob = zlib.compress(blobs._shuffle(ids.tobytes(), 4), 6)
    plain, raw = blobs.unpack("z:<i4", blob)
    assert plain == "<i4" and np.array_equal(np.frombuffer(raw, plain), ids)

