"""What leaves Companion, done once for every face: an export, and the coach brief to a file.

The command line and the app call these; each words the hints of the errors its own way.
"""

from __future__ import annotations

from pathlib import Path

from companion.core.errors import Hint, UsageError
from companion.core.text import Kind
from companion.export.selection import ExportOptions, Selection
from companion.export.writing import ExportFormat, WrittenExport, render, write_export

BRIEF_TITLE = "Coaching brief"


def nothing_to_export(selection: Selection, options: ExportOptions) -> UsageError:
    """The one sentence for an empty selection (its hint: include private entries)."""
    if selection.held_back:
        return UsageError(
            "Every matching entry is private, so nothing was exported. ", Hint.INCLUDE_PRIVATE, "."
        )
    chosen = options.describe()
    return UsageError(
        ("No entries match " + chosen if chosen else "The journal has no entries yet")
        + ", so nothing was exported."
    )


def refuse_empty(selection: Selection, options: ExportOptions) -> None:
    """Raise the empty selection's sentence if nothing would leave."""
    if selection.empty:
        raise nothing_to_export(selection, options)


def export_to(
    selection: Selection,
    options: ExportOptions,
    fmt: ExportFormat,
    target: Path,
    *,
    split: bool = False,
    force: bool = False,
    kind: Kind = "document",
) -> WrittenExport:
    """Render the selection and write it to target, under the one overwrite rule
    (writing.check_target); an empty selection is refused first."""
    refuse_empty(selection, options)
    content = render(selection, fmt, split=split)
    return write_export(content, target, force=force, kind=kind)


def export_for_logseq(
    selection: Selection, options: ExportOptions, target: Path, *, force: bool = False
) -> WrittenExport:
    """Write the selection as a Logseq graph's journal pages into the folder target: refused,
    unless forced, in a folder that is not a graph, or over a page Companion did not write."""
    from companion.export.logseq import check_logseq_folder, logseq_pages

    refuse_empty(selection, options)
    pages = logseq_pages(selection)
    check_logseq_folder(target, pages, force=force)
    return write_export(pages, target, force=True)


def brief_document(markdown: str, *, html: bool) -> str:
    """The brief as it is saved: its Markdown, or a page to print or email."""
    if not html:
        return markdown
    from companion.export.html_page import markdown_to_html_page

    return markdown_to_html_page(markdown, title=BRIEF_TITLE)


def save_brief(markdown: str, target: Path, *, html: bool, force: bool = False) -> Path:
    """Write the coach brief to target: private, atomic, never over a file unasked (the same
    rule and writer as an export)."""
    text = brief_document(markdown, html=html)
    return write_export(text, target, force=force, example="brief.md").path
