"""Each importer on the miniature release: formats, markers, blemishes and bad input."""

import json
import sqlite3
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from destinai.catalog.build import schema_sql
from destinai.sources.crosswalks import import_onet_2010_2019
from destinai.sources.errors import SourceError
from destinai.sources.oews import import_oews, parse_wage_cell
from destinai.sources.onet import import_onet
from destinai.sources.report import ImportReport
from tests.fixtures.release import write_crosswalks, write_oews, write_onet


@pytest.fixture
def db():
    conn = sqlite3.connect(":memory:")
    conn.executescript(schema_sql())
    return conn


def test_wage_markers_become_null_with_a_flag(db, tmp_path):
    import_oews(db, write_oews(tmp_path), ImportReport())
    row = db.execute("SELECT annual_median, annual_p75, annual_p90, flags FROM oews_wages "
                     "WHERE soc_code = '11-1011'").fetchone()
    assert row[0] == 206420
    assert row[1] is None and row[2] is None
    assert json.loads(row[3]) == {"annual_p75": "#", "annual_p90": "#", "hourly_p75": "#",
                                  "hourly_p90": "#"}
    welder = db.execute("SELECT annual_p90, flags FROM oews_wages WHERE soc_code = '51-4121'"
                        ).fetchone()
    assert welder[0] is None and json.loads(welder[1])["annual_p90"] == "*"


def test_parse_wage_cell():
    assert parse_wage_cell("1,234") == (1234.0, None)
    assert parse_wage_cell("#") == (None, "#")
    assert parse_wage_cell("**") == (None, "**")
    assert parse_wage_cell("") == (None, None)


@pytest.mark.parametrize("fmt", ["xlsx", "txt"])
def test_onet_both_editions_load_the_same_facts(db, tmp_path, fmt):
    report = ImportReport()
    import_onet(db, write_onet(tmp_path, fmt), report)
    assert db.execute("SELECT count(*) FROM onet_occupations").fetchone()[0] == 4
    assert db.execute("SELECT job_zone FROM onet_occupations WHERE code = '51-4121.00'"
                      ).fetchone()[0] == 2
    rating = db.execute("SELECT importance, level FROM onet_ratings WHERE domain = 'skills' "
                        "AND code = '11-1011.00'").fetchone()
    assert rating == (3.5, 4.0)
    tech = db.execute("SELECT hot_technology, in_demand FROM onet_technology_skills").fetchone()
    assert tech == (1, 1)
    assert report.skipped["O*NET Education, Training, and Experience: row without category"] == 1


def test_onet_missing_file_names_path(db, tmp_path):
    folder = write_onet(tmp_path)
    (folder / "Task Statements.xlsx").unlink()
    with pytest.raises(SourceError, match=r"Task Statements\.xlsx"):
        import_onet(db, folder, ImportReport())


def test_onet_bad_number_names_file_and_field(db, tmp_path):
    folder = write_onet(tmp_path, "txt")
    path = folder / "Job Zones.txt"
    path.write_text(path.read_text().replace("\t5\t", "\tfive\t", 1))
    with pytest.raises(SourceError) as err:
        import_onet(db, folder, ImportReport())
    assert err.value.field == "Job Zone"
    assert "Job Zones.txt" in str(err.value)


def test_onet_wrong_header_names_missing_column(db, tmp_path):
    folder = write_onet(tmp_path, "txt")
    path = folder / "Occupation Data.txt"
    path.write_text(path.read_text().replace("Description", "Desc", 1))
    with pytest.raises(SourceError, match="Occupation Data.txt.*'Description'"):
        import_onet(db, folder, ImportReport())


def test_onet_2010_2019_semicolon_file_with_bom(db, tmp_path):
    folder = write_crosswalks(tmp_path)
    import_onet_2010_2019(db, folder / "onet_soc_2010_to_2019_crosswalk.csv", ImportReport())
    rows = db.execute("SELECT code_2019 FROM xw_onet_2010_2019 WHERE code_2010 = '51-4121.06' "
                      "ORDER BY 1").fetchall()
    assert rows == [("51-4121.00",), ("51-4121.06",)]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=12)), min_size=1, max_size=5))
def test_malformed_esco_occupation_rows_fail_cleanly(tmp_path_factory, rows):
    """Garbage ESCO rows either load or raise SourceError; never a traceback of another kind."""
    from destinai.sources.esco import import_esco
    from tests.fixtures.release import _csv, esco_members

    root = tmp_path_factory.mktemp("esco")
    members = esco_members("1.2")
    name = next(iter(members))
    header = ["conceptUri", "preferredLabel", "altLabels", "code", "iscoGroup", "hiddenLabels",
              "status", "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition",
              "description"]
    members[name]["occupations_en.csv"] = _csv(header, [[u, p, "", "", "", "", "", "", "", "",
                                                         "", ""] for u, p in rows])
    with zipfile.ZipFile(root / name, "w") as archive:
        for member, data in members[name].items():
            archive.writestr(member, data)
    conn = sqlite3.connect(":memory:")
    conn.executescript(schema_sql())
    report = ImportReport()
    try:
        import_esco(conn, root, report)
    except SourceError as exc:
        # a refusal names what was wrong: the file or the field, and the concept
        assert exc.args and ("preferredLabel" in str(exc) or "occupations" in str(exc)
                             or "CSV" in str(exc) or "NUL" in str(exc)), str(exc)
        return
    # loaded: every stored occupation has a URI and a label, and no row vanished silently
    stored = conn.execute("SELECT uri, label FROM occupations").fetchall()
    assert all(uri.strip() and label.strip() for uri, label in stored)
    skipped = sum(n for reason, n in report.skipped.items() if reason.startswith("occupations:"))
    data_rows = [r for r in rows if any(cell.strip() for cell in r)]  # blank lines aren't rows
    assert len(stored) + skipped == len(data_rows)
