"""Read a CV or job ad (plain text, PDF or DOCX) into text, refusing bad input clearly.

Limits (checked before parsing): files up to ``MAX_BYTES`` (10 MB); extracted text up to
``MAX_CHARS`` (500,000 characters, about 80,000 words).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from destinai.errors import BadInput

MAX_BYTES = 10 * 1024 * 1024
MAX_CHARS = 500_000
MAGIC = {b"%PDF": "pdf", b"PK\x03\x04": "zip", b"\xd0\xcf\x11\xe0": "ole",
         b"\x89PNG": "image", b"\xff\xd8\xff": "image", b"GIF8": "image", b"\x1f\x8b": "gzip",
         b"{\\rtf": "rtf"}
UNSUPPORTED = {"ole": "a legacy Office file (.doc/.xls): save it as .docx or PDF",
               "image": "an image: run OCR first and pass the text",
               "gzip": "a compressed archive", "rtf": "an RTF file: save it as .docx or PDF"}


class DocumentError(BadInput):
    """The input cannot be read as a document; the message says why and what to do."""


def read_path(path: Path) -> str:
    """The text of a file; the size limit is checked before the file is read."""
    if not path.is_file():
        raise DocumentError(f"no such file: {path}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DocumentError(f"{path} is {size / 1e6:.1f} MB; the limit is "
                            f"{MAX_BYTES // (1024 * 1024)} MB")
    return read_bytes(path.read_bytes(), path.name)


def read_bytes(data: bytes, name: str = "input") -> str:
    """The text of a document given as bytes (PDF, DOCX or UTF-8/Latin-1 text)."""
    if len(data) > MAX_BYTES:
        raise DocumentError(f"{name} is {len(data) / 1e6:.1f} MB; the limit is "
                            f"{MAX_BYTES // (1024 * 1024)} MB")
    kind = next((k for magic, k in MAGIC.items() if data.startswith(magic)), "text")
    if kind in UNSUPPORTED:
        raise DocumentError(f"{name} is {UNSUPPORTED[kind]}; supported: text, PDF, DOCX")
    if kind == "pdf":
        text = _pdf_text(data, name)
    elif kind == "zip":
        text = _docx_text(data, name)
    else:
        text = _plain_text(data, name)
    return check_text(text, name)


def check_text(text: str, name: str = "input") -> str:
    """The text itself, refused when empty or over the length limit."""
    if not text or not text.strip():
        raise DocumentError(f"{name} has no text")
    if len(text) > MAX_CHARS:
        raise DocumentError(f"{name} has {len(text):,} characters of text; the limit is "
                            f"{MAX_CHARS:,} (split the document)")
    return text


def _plain_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:65536]:
        raise DocumentError(f"{name} looks binary (NUL bytes), not text; supported: "
                            "text, PDF, DOCX")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    sample = text[:65536]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f")
    if sample and control / len(sample) > 0.05:
        raise DocumentError(f"{name} looks binary (control characters), not text; "
                            "supported: text, PDF, DOCX")
    return text


def _pdf_text(data: bytes, name: str) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)   # we report problems ourselves
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(f"{name} is an encrypted PDF; decrypt it first")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        if isinstance(exc, DocumentError):
            raise
        raise DocumentError(f"{name} is not a readable PDF ({exc})") from exc
    if not text.strip():
        raise DocumentError(f"{name} is a PDF without a text layer (a scan?): run OCR first")
    return text


def _docx_text(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(f"{name} is a zip archive but not a DOCX document; "
                                    "supported: text, PDF, DOCX")
        import docx

        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"{name} is a damaged zip/DOCX file ({exc})") from exc
    except (KeyError, ValueError) as exc:
        raise DocumentError(f"{name} is not a readable DOCX document ({exc})") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)
