"""Building the catalog from the miniature release, in every supported layout."""

import json
import sqlite3

import pytest

from destinai.catalog.build import BuildResult, build_catalog, is_stale
from destinai.catalog.db import Catalog
from destinai.sources.errors import SourceError
from tests.fixtures.release import DIPLOMAT, WELDER, write_release


@pytest.mark.parametrize(("layout", "fmt", "extracted"),
                         [("1.1", "xlsx", False), ("1.2", "txt", False), ("1.1", "txt", True)])
def test_build_supports_both_esco_layouts_and_onet_editions(tmp_path, layout, fmt, extracted):
    sources = write_release(tmp_path / "src", layout, fmt, extracted)
    result = build_catalog(sources, tmp_path / "c.sqlite")
    counts = result.record["row_counts"]
    assert counts["occupations"] == 4
    assert counts["skills"] == 9
    assert counts["occupation_skills"] == 13  # 14 rows, one dangling
    skipped = result.record["import"]["skipped"]
    assert skipped["occupationSkillRelations: occupation not in occupations"] == 1
    assert all(v["ok"] for v in result.record["validation"].values())


def test_labels_are_cleaned_and_originals_kept(mini_catalog: Catalog):
    row = mini_catalog.row("SELECT label, label_raw FROM skills WHERE label LIKE 'apply%'")
    assert row == {"label": "apply general knowledge", "label_raw": "apply\u200b general knowledge"}
    alts = json.loads(mini_catalog.scalar("SELECT alt_labels FROM occupations WHERE uri = ?",
                                          (DIPLOMAT,)))
    assert alts == ["diplomat", "ambassador", "envoy"]
    fixes = mini_catalog.build_record()["import"]["label_fixes"]
    assert fixes["duplicate_alt_label_removed"] >= 2
    assert fixes["invisible_characters_removed"] == 1
    assert fixes["preferred_label_added_to_alt_labels"] >= 1


def test_collections_become_flags(mini_catalog: Catalog):
    flags = mini_catalog.row("SELECT is_transversal, is_language, is_green FROM skills "
                             "WHERE label = 'speak different languages'")
    assert flags == {"is_transversal": 1, "is_language": 1, "is_green": 0}
    assert mini_catalog.scalar("SELECT count(*) FROM occupations WHERE is_research = 1") == 1


def test_nesta_links_resolve_to_2019_codes_and_wages(mini_catalog: Catalog):
    links = mini_catalog.rows("SELECT onet_code, method, via FROM occupation_onet "
                              "WHERE esco_uri = ? ORDER BY onet_code", (WELDER,))
    assert [r["onet_code"] for r in links] == ["51-4121.00", "51-4121.06"]
    assert {r["method"] for r in links} == {"reviewed"}
    assert {r["via"] for r in links} == {"51-4121.06"}
    cov = mini_catalog.build_record()["crosswalk_coverage"]
    assert cov["onet_reviewed"] == {"count": 2, "share": 0.5}
    assert cov["wage_reviewed"]["count"] == 2
    assert cov["onet_any"]["count"] == 4  # the crosswalk step derives links for the others


def test_build_record_traces_every_source(mini_catalog: Catalog):
    record = mini_catalog.build_record()
    keys = {s["key"] for s in record["sources"]}
    assert "oews:national" in keys and "onet:Task Statements" in keys
    assert all(len(s["sha256"]) == 64 for s in record["sources"])
    assert record["code_version"]
    assert record["row_counts"]["onet_tasks"] == 3


def test_failed_build_keeps_the_previous_catalog(tmp_path):
    sources = write_release(tmp_path / "src")
    target = tmp_path / "c.sqlite"
    build_catalog(sources, target)
    before = target.read_bytes()
    (sources / "onet/29.2/Skills.xlsx").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(SourceError, match="Skills.xlsx"):
        build_catalog(sources, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".c.sqlite")] == []


def test_missing_file_names_path_and_sources_directory(tmp_path):
    sources = write_release(tmp_path / "src")
    (sources / "crosswalks/ISCO_SOC_Crosswalk.xls").unlink()
    with pytest.raises(SourceError) as err:
        build_catalog(sources, tmp_path / "c.sqlite")
    assert "ISCO_SOC_Crosswalk.xls" in str(err.value)
    assert str(sources) in str(err.value)
    assert not (tmp_path / "c.sqlite").exists()


def test_staleness_follows_the_sources(tmp_path):
    sources = write_release(tmp_path / "src")
    target = tmp_path / "c.sqlite"
    assert is_stale(sources, target)
    result: BuildResult = build_catalog(sources, target)
    assert result.db == target
    assert not is_stale(sources, target)
    path = sources / "crosswalks/esco_onet_crosswalk_Nov2020.csv"
    path.write_text(path.read_text() + "\n")
    assert is_stale(sources, target)


def test_catalog_is_opened_read_only(mini_catalog: Catalog):
    with pytest.raises(sqlite3.OperationalError):
        mini_catalog.connection.execute("DELETE FROM occupations")


def test_catalog_from_another_format_asks_for_a_rebuild(tmp_path):
    from destinai.catalog.db import CatalogMissing

    sources = write_release(tmp_path / "src")
    target = tmp_path / "c.sqlite"
    build_catalog(sources, target)
    with sqlite3.connect(target) as db:
        db.execute("UPDATE build_record SET value = '\"old\"' WHERE key = 'catalog_format'")
    assert is_stale(sources, target)
    with pytest.raises(CatalogMissing, match="destinai build"):
        Catalog(target)
