"""The HTML export: the Markdown export rendered as one self-contained, printable page."""

from __future__ import annotations

from companion.core.progress import Progress
from companion.export.html_page import markdown_parts_to_html_page
from companion.export.markdown import DOCUMENT_TITLE, document_parts
from companion.export.selection import Selection


def export_html(
    selection: Selection, title: str = DOCUMENT_TITLE, *, progress: Progress | None = None
) -> str:
    """One HTML page: no JavaScript, no outside requests, a page break between entries.

    Each part (the cover, each entry, the commitments) is rendered on its own by one parser,
    so progress can be told as the page is made; the parts are what document_markdown joins.
    """
    parts = document_parts(selection, for_html=True, progress=progress)
    return markdown_parts_to_html_page(parts, title, progress=progress)
