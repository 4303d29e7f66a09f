import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from destinai.sources.errors import SourceError
from destinai.sources.tables import ZipOrFolder, read_csv_bytes, read_table_file


def test_missing_column_names_file_and_field():
    table = read_csv_bytes("skills_en.csv", b"conceptUri,preferredLabel\nu,l\n")
    with pytest.raises(SourceError) as err:
        list(table.records(["conceptUri", "skillType"]))
    assert err.value.field == "skillType"
    assert "skills_en.csv" in str(err.value)


def test_non_utf8_and_binary_content_are_rejected_with_the_file_name():
    with pytest.raises(SourceError, match="x.csv.*UTF-8"):
        read_csv_bytes("x.csv", b"a,b\n\xff\xfe\x00")
    with pytest.raises(SourceError, match="x.csv.*binary"):
        read_csv_bytes("x.csv", b"a,b\n1,\x002\n")


def test_empty_file_is_rejected():
    with pytest.raises(SourceError, match="empty"):
        read_csv_bytes("empty.csv", b"")


def test_corrupt_zip_names_the_archive(tmp_path):
    (tmp_path / "ESCO dataset - broken.zip").write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(SourceError, match="broken.zip"):
        ZipOrFolder(tmp_path)


def test_truncated_zip_member_names_the_archive(tmp_path):
    path = tmp_path / "esco.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("skills_en.csv", "conceptUri\n" + "x" * 100000)
    data = bytearray(path.read_bytes())
    data[60:200] = b"\x00" * 140  # damage the compressed member
    path.write_bytes(bytes(data))
    with pytest.raises(SourceError, match="esco.zip"):
        ZipOrFolder(tmp_path).open("skills")


def test_truncated_spreadsheet_names_the_file(tmp_path):
    path = tmp_path / "Occupation Data.xlsx"
    path.write_bytes(b"PK\x03\x04truncated")
    with pytest.raises(SourceError, match="Occupation Data.xlsx"):
        read_table_file(path)


def test_zip_members_resolve_with_or_without_language_suffix(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as archive:
        archive.writestr("occupationSkillRelations_en.csv", "x\n1\n")
    files = ZipOrFolder(tmp_path)
    assert files.has("occupationSkillRelations")
    assert list(files.open("occupationSkillRelations").records(["x"])) == [{"x": "1"}]


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=200)
@given(st.lists(st.lists(cells, max_size=6), max_size=8), st.sampled_from([",", "\t"]))
def test_malformed_rows_give_rows_or_a_source_error(rows, delimiter):
    """Any text parses to dict rows with the required columns, or fails with SourceError."""
    body = "\n".join(delimiter.join(r) for r in rows)
    data = ("a" + delimiter + "b\n" + body).encode()
    try:
        table = read_csv_bytes("fuzz.csv", data, delimiter=delimiter)
        for record in table.records(["a", "b"]):
            assert set(record) == {"a", "b"}
    except SourceError as exc:
        assert "fuzz.csv" in str(exc)


@settings(max_examples=100)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise_anything_but_source_error(data):
    try:
        table = read_csv_bytes("bytes.csv", data)
        list(table.records([]))
    except SourceError:
        pass
