"""Markdown shown as one widget: the coach brief, an entry, a barrier's detail, the help.

Textual's Markdown widget mounts a widget per heading, paragraph and list item; a ten-year coach
brief became about 900 of them, styled and laid out again and again (2 s of CPU to open). This
one wraps the same text to its width as lines of `Content` (companion.widgets.markdown_doc),
once per width, and draws only the lines in view: one widget, one layout. Put it in a
VerticalScroll, which scrolls it with the keyboard and, with focus, shows a bar at its left.

Its text is data (see markdown_doc): nothing in it is read as markup, and a link only shows
where it points: clicking it opens nothing and runs nothing.
"""

from __future__ import annotations

from textual.content import Content

from companion.widgets.line_view import Drawn, LineView
from companion.widgets.markdown_doc import STYLES, Document, lines, parse


class MarkdownView(LineView):
    """Markdown, drawn as one widget (give it text through companion.widgets.text.markdown)."""

    DEFAULT_CSS = """
    MarkdownView {
        height: auto;
        padding: 0 1;
        border-left: blank;
    }
    MarkdownView > .markdown-view--h1 {
        color: $markdown-h1-color;
        text-style: bold;
    }
    MarkdownView > .markdown-view--h2 {
        color: $markdown-h2-color;
        text-style: bold underline;
    }
    MarkdownView > .markdown-view--h3 {
        color: $markdown-h3-color;
        text-style: bold;
    }
    MarkdownView > .markdown-view--h4,
    MarkdownView > .markdown-view--h5,
    MarkdownView > .markdown-view--h6 {
        text-style: bold italic;
    }
    MarkdownView > .markdown-view--em {
        text-style: italic;
    }
    MarkdownView > .markdown-view--strong {
        text-style: bold;
    }
    MarkdownView > .markdown-view--strike {
        text-style: strike;
    }
    MarkdownView > .markdown-view--code {
        color: $text-accent;
    }
    MarkdownView > .markdown-view--link {
        text-style: underline;
    }
    MarkdownView > .markdown-view--target {
        color: $text-muted;
    }
    MarkdownView > .markdown-view--bullet {
        color: $text-primary;
    }
    MarkdownView > .markdown-view--quote {
        color: $text-primary;
    }
    MarkdownView > .markdown-view--rule {
        color: $text-muted;
    }
    MarkdownView > .markdown-view--table-header {
        text-style: bold;
    }
    """

    COMPONENT_CLASSES = set(STYLES)

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._document = parse(text)

    @property
    def source(self) -> str:
        """The Markdown shown (controls made visible)."""
        return self._document.source

    @property
    def document(self) -> Document:
        return self._document

    def update(self, text: str) -> None:
        """Show other Markdown (the same text again changes nothing)."""
        document = parse(text)
        if document is not self._document:
            self._document = document
            self.changed()

    def made(self, width: int) -> list[Drawn]:
        return [Drawn(line, y, 0) for y, line in enumerate(lines(self._document, width))]

    def render(self) -> Content:
        """The whole text (what a selection copies); drawn line by line by render_line."""
        return Content("\n").join(line.content for line in self._at(self.size.width))
