"""Exports: choose what leaves the machine, then write it as Markdown, HTML or JSON.

Faces call select_from_journal() (or select()) to see what will go and what is held back as
private, then render() and write_export(). Nothing here imports Textual.
"""

from companion.export.html import export_html
from companion.export.lossless import FORMAT, export_json
from companion.export.markdown import export_markdown
from companion.export.selection import (
    ExportOptions,
    HeldBack,
    Selection,
    plaintext_warning,
    select,
    select_from_journal,
)
from companion.export.writing import (
    FORMATS,
    ExportFormat,
    WrittenExport,
    check_target,
    default_output,
    export_format,
    render,
    write_export,
)
from companion.html_page import markdown_to_html_page

__all__ = [
    "FORMAT",
    "FORMATS",
    "ExportFormat",
    "ExportOptions",
    "HeldBack",
    "Selection",
    "WrittenExport",
    "check_target",
    "default_output",
    "export_format",
    "export_html",
    "export_json",
    "export_markdown",
    "markdown_to_html_page",
    "plaintext_warning",
    "render",
    "select",
    "select_from_journal",
    "write_export",
]
