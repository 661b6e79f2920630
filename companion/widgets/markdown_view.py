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

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget

from companion.widgets.markdown_doc import STYLES, Document, lines, parse


class MarkdownView(Widget):
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
        self._width = -1
        self._lines: list[Content] = []
        self._strips: dict[int, Strip] = {}

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
        if document is self._document:
            return
        self._document = document
        self._width = -1
        self.refresh(layout=True)

    def _at(self, width: int) -> list[Content]:
        """The document's lines at a width, remembered for the last width asked."""
        if width != self._width:
            self._lines = lines(self._document, max(width, 1))
            self._width = width
            self._strips.clear()
        return self._lines

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._at(width))

    def render(self) -> Content:
        """The whole text (what a selection copies); drawn line by line by render_line."""
        return Content("\n").join(self._at(self.size.width))

    def notify_style_update(self) -> None:
        self._strips.clear()  # the theme or a style changed
        super().notify_style_update()

    def _style(self, style: str | VisualStyle) -> VisualStyle:
        """A span's style: one of the component classes (the only names a document uses)."""
        if isinstance(style, VisualStyle):
            return style
        return self.get_visual_style(style.lstrip("."), partial=True)

    def render_line(self, y: int) -> Strip:
        """Only the lines in view are drawn (a ten-year brief has hundreds)."""
        width = self.size.width
        drawn = self._at(width)
        base = self.visual_style
        if y >= len(drawn):
            return Strip.blank(width, base.rich_style)
        selection = self.text_selection
        span = selection.get_span(y) if selection is not None else None
        if span is None and y in self._strips:
            return self._strips[y]
        line = drawn[y].expand_tabs(8)
        if span is not None:
            start, end = span
            chosen = VisualStyle.from_styles(self.screen.get_component_styles("screen--selection"))
            line = line.stylize(chosen, start, len(line.plain) if end == -1 else end)
        segments = [
            Segment(text, (base + style).rich_style)
            for text, style in line.render(base, end="", parse_style=self._style)
        ]
        strip = (
            Strip(segments, line.cell_length)
            .crop_extend(0, width, base.rich_style)
            .apply_offsets(0, y)
        )
        if span is None:
            self._strips[y] = strip
        return strip
