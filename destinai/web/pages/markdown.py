"""Job profiles and interview guides on the page: the engine's own Markdown, rendered safely.

The page, the Markdown download and the CLI show the same document, because all three come from
``destinai.profiles.render_md``. Raw HTML in the text is escaped, never passed through.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False})


def document_html(markdown: str) -> Markup:
    """``markdown`` as HTML without its first-level title (the page has its own <h1>)."""
    lines = markdown.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return Markup(_MD.render("\n".join(lines)))
