"""Words from a leader, a script file, an import or a notification, made ready for a widget.

Such text is data, never markup: given to a widget as a plain string, Textual reads `[/]` as a
closing tag (and crashes), `[b]` as bold (and hides it) and `[@click=app.quit]` as an action to
run. Every such text reaches a widget through this module, as `Content` (or, for a RowTable
cell, a plain string `fitted` to its width and drawn as a segment), which Textual shows
literally. Terminal controls are neutralised on the way
(companion.core.text), bidi overrides and isolates included.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from companion.core.text import safe_line, safe_text


def shown(text: object) -> str:
    """The text as it may be drawn: controls made visible, newlines and tabs kept."""
    return safe_text(str(text))


def shown_line(text: object) -> str:
    """Like shown, on one line."""
    return safe_line(str(text))


def literal(text: object, style: str = "") -> Content:
    """Text for a Static, Label, Option, toggle or Select: shown exactly as written."""
    return Content.styled(shown(text), style) if style else Content(shown(text))


def line(text: object, style: str = "") -> Content:
    """Like literal, on one line (list items, labels, titles)."""
    return Content.styled(shown_line(text), style) if style else Content(shown_line(text))


def fitted(text: object, width: int) -> str:
    """A cell of a RowTable, `width` cells wide: on one line, controls made visible, cut short
    with "…" or padded with spaces. Drawn as a plain segment, never read as markup."""
    words = shown_line(text)
    length = cell_len(words)
    if length <= width:
        return words + " " * (width - length)
    if width <= 0:
        return ""
    return set_cell_size(words, width - 1) + "…"


def markdown(text: str) -> str:
    """Markdown for a MarkdownView (or Textual's Markdown, made with open_links=False):
    controls made visible.

    Neither reads its text as markup. MarkdownView shows a link's target as text and opens
    nothing (it cleans each piece again once parsed, as an entity can stand for a control);
    Textual's Markdown only posts a message for a link.
    """
    return shown(text)


def markup_escaped(text: object) -> str:
    """For the few places Textual reads only markup (the command palette): shown literally.

    Every "[" is escaped; Textual's own escape() doubles backslashes before a tag.
    """
    return shown_line(text).replace("[", "\\[")
