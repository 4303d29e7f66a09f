"""``match --cv`` reads PDF and DOCX CVs through extract's document reader (not raw bytes)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from destinai.catalog.db import Catalog
from destinai.cli import app
from tests.extract.test_reader import docx_bytes, text_pdf

CV = "I use welding equipment every day and follow health and safety regulations."


def compressed_pdf(text: str) -> bytes:
    """The same one-page PDF with its content stream Flate-compressed, as PDF writers do, so
    the words are not in the raw bytes."""
    plain = text_pdf(text)
    head, rest = plain.split(b"<< /Length ", 1)
    _, after = rest.split(b"\nendstream", 1)
    stream = zlib.compress(f"BT /F1 12 Tf 10 100 Td ({text}) Tj ET".encode())
    body = (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
            + b"\nendstream" + after.split(b"xref", 1)[0])
    pdf = head + body
    # rebuild the cross-reference table for the shifted offsets
    offsets = [pdf.index(b"%d 0 obj" % n) for n in range(1, 6)]
    xref = len(pdf)
    pdf += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o
                                                          for o in offsets)
    return pdf + b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def _match(catalog: Catalog, cv: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["match", "--cv", str(cv), "--db", str(catalog.path),
                                      "--json"])
    return result.exit_code, result.output


@pytest.mark.parametrize("name,data", [("cv.pdf", compressed_pdf(CV)),
                                       ("cv.docx", docx_bytes("Experience", CV)),
                                       ("cv.txt", CV.encode())], ids=["pdf", "docx", "txt"])
def test_cv_skills_are_read_from_the_document(mini_catalog: Catalog, tmp_path: Path, name: str,
                                              data: bytes) -> None:
    assert b"welding" not in data or name.endswith(".txt")
    (tmp_path / name).write_bytes(data)
    code, output = _match(mini_catalog, tmp_path / name)
    assert code == 0, output
    body = json.loads(output)
    assert "use welding equipment" in json.dumps(body["profile"]).lower()
    assert body["results"][0]["occupation"]["label"] == "welder"


def test_an_unreadable_cv_is_a_clear_error(mini_catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "cv.pdf").write_bytes(b"%PDF-1.4 broken")
    code, output = _match(mini_catalog, tmp_path / "cv.pdf")
    assert code == 2
    assert "cv.pdf is not a readable PDF" in output and "Traceback" not in output
