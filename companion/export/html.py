"""The HTML export: the Markdown export rendered as one self-contained, printable page."""

from __future__ import annotations

from companion.export.html_page import markdown_to_html_page
from companion.export.markdown import DOCUMENT_TITLE, document_markdown
from companion.export.selection import Selection


def export_html(selection: Selection, title: str = DOCUMENT_TITLE) -> str:
    """One HTML page: no JavaScript, no outside requests, a page break between entries."""
    return markdown_to_html_page(document_markdown(selection, for_html=True), title)
