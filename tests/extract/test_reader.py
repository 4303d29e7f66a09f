"""Reading documents: text, PDF, DOCX, and every kind of bad input refused clearly."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from pypdf import PdfWriter

from destinai.extract.reader import MAX_BYTES, MAX_CHARS, DocumentError, read_bytes, read_path


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def text_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in its text layer (hand-written objects and xref)."""
    stream = f"BT /F1 12 Tf 10 100 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 144] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return out


def test_reads_a_pdf_text_layer():
    assert read_bytes(text_pdf("I operate welding equipment"), "cv.pdf") == (
        "I operate welding equipment")


def test_reads_utf8_latin1_and_docx():
    assert read_bytes("Erfahrung mit Python – Köln".encode()) == "Erfahrung mit Python – Köln"
    assert read_bytes("Köln".encode("latin-1")) == "Köln"
    assert read_bytes(docx_bytes("I know Python.", "And SQL.")) == "I know Python.\nAnd SQL."


@pytest.mark.parametrize(("data", "message"), [
    (b"", "no text"),
    (b"  \n\t ", "no text"),
    (bytes(range(256)) * 4, "looks binary"),
    (b"\x89PNG\r\n\x1a\n....", "image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office"),
    (b"PK\x03\x04 not really a zip", "damaged zip"),
    (b"%PDF-1.4 truncated", "not a readable PDF"),
])
def test_bad_input_gets_a_clear_message(data, message):
    with pytest.raises(DocumentError, match=message):
        read_bytes(data)


def test_pdf_without_text_layer_is_refused():
    with pytest.raises(DocumentError, match="without a text layer"):
        read_bytes(blank_pdf(), "scan.pdf")


def test_zip_that_is_not_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(DocumentError, match="not a DOCX"):
        read_bytes(buffer.getvalue(), "notes.zip")


def test_oversized_file_is_refused_before_reading(tmp_path):
    # GIVEN a 50 MB file (sparse: nothing is written) WHEN reading THEN the size is refused
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(DocumentError, match="the limit is 10 MB"):
        read_path(path)
    with pytest.raises(DocumentError, match="limit"):
        read_bytes(b"x" * (MAX_BYTES + 1))


def test_text_over_the_character_limit_is_refused():
    with pytest.raises(DocumentError, match="split the document"):
        read_bytes(b"word " * (MAX_CHARS // 5 + 1))


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_path(tmp_path / "nope.pdf")
