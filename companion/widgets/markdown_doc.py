"""Markdown made into blocks of Textual `Content`, then into lines for a width: what
MarkdownView draws as one widget (Textual's own Markdown widget mounts a widget per paragraph,
list item and heading: about 1,400 for a ten-year coach brief, each styled and laid out).

The text is data. It is parsed with markdown-it-py's `js-default` preset, as for the HTML
export: raw HTML is off, so a tag is shown as the text it is. Every piece of text is shown
through companion.widgets.text (`shown`) after parsing too, so an entity such as `&#x202e;`
cannot bring back a control the leader's text was cleaned of. Styles are only the view's own
component classes (a name starting with "."), never read from the text: no markup, no link
that opens, no action. A link's target is shown after its words, as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from textual.content import Content, Span

from companion.widgets.text import shown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

PREFIX = "markdown-view--"
#: The component classes a document's spans name (styled in MarkdownView's CSS).
NAMES = ("h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "strike", "code", "link", "target")
STYLES = frozenset(PREFIX + name for name in (*NAMES, "bullet", "quote", "rule", "table-header"))
BULLETS = ("• ", "◦ ", "▪ ", "‣ ")
QUOTE_BAR = "▌ "
CLOSES = ("bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close")
INLINE_STYLES = {"em_open": "em", "strong_open": "strong", "s_open": "strike", "link_open": "link"}


def style(name: str) -> str:
    return f".{PREFIX}{name}"


@dataclass(frozen=True)
class Block:
    """A paragraph, heading, code block, rule or table, with what goes before each line."""

    first: Content  # before its first line: a quote's bar, a list item's bullet
    rest: Content  # before its other lines: the bar, the bullet's width in spaces
    gap: Content | None  # the blank line before it (None: none), with the quotes around both
    body: Content = field(default_factory=Content)
    kind: str = "text"  # "text", "code", "rule" or "table"
    rows: tuple[tuple[Content, ...], ...] = ()  # a table's rows, its header first


@dataclass(frozen=True)
class Document:
    source: str
    blocks: tuple[Block, ...]


class _Quote:
    """A block quote the next block sits in."""


@dataclass
class _Item:
    marker: str
    marked: bool = False


@dataclass
class _List:
    tight: bool
    ordered: bool
    number: int = 1
    width: int = 2
    depth: int = 0


class _Builder:
    """Walks markdown-it's tokens, keeping the lists and quotes the next block sits in."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.containers: list[_List | _Item | _Quote] = []
        self.last_quotes: tuple[int, ...] = ()
        self.list_start = False

    def prefixes(self) -> tuple[Content, Content, Content | None]:
        first, rest = Content(), Content()
        for box in self.containers:
            if isinstance(box, _Item):
                width = len(box.marker)
                rest += " " * width
                if box.marked:
                    first += " " * width
                else:
                    first += Content.styled(box.marker, style("bullet"))
                    box.marked = True
            elif isinstance(box, _Quote):
                bar = Content.styled(QUOTE_BAR, style("quote"))
                first, rest = first + bar, rest + bar
        quotes = tuple(id(box) for box in self.containers if isinstance(box, _Quote))
        shared = 0
        for mine, before in zip(quotes, self.last_quotes, strict=False):
            if mine != before:
                break
            shared += 1
        self.last_quotes = quotes
        lists = [box for box in self.containers if isinstance(box, _List)]
        if not self.blocks or (lists and lists[-1].tight and not self.list_start):
            gap = None
        else:
            gap = Content.styled((QUOTE_BAR * shared).rstrip(), style("quote"))
        self.list_start = False
        return first, rest, gap

    def add(
        self,
        body: Content | None = None,
        kind: str = "text",
        rows: Sequence[tuple[Content, ...]] = (),
    ) -> None:
        first, rest, gap = self.prefixes()
        self.blocks.append(Block(first, rest, gap, body or Content(), kind, tuple(rows)))

    def close(self) -> None:
        """Close a list, item or quote; an empty item still shows its bullet."""
        box = self.containers[-1]
        if isinstance(box, _Item) and not box.marked:
            self.add()
        self.containers.pop()

    def open_list(self, tokens: Sequence[Token], at: int) -> None:
        token = tokens[at]
        ordered = token.type == "ordered_list_open"
        start = int(token.attrs.get("start", 1) or 1) if ordered else 1
        items = _count_items(tokens, at)
        outer = [box for box in self.containers if isinstance(box, _List)]
        depth = sum(not box.ordered for box in outer)
        width = len(f"{start + max(items - 1, 0)}. ") if ordered else 2
        if not any(box.tight for box in outer):
            self.list_start = True
        tight = at + 2 < len(tokens) and tokens[at + 2].hidden
        self.containers.append(_List(tight, ordered, start, width, depth))

    def open_item(self, token: Token) -> None:
        owner = self.containers[-1]
        assert isinstance(owner, _List)
        if owner.ordered:
            delimiter = token.markup or "."
            marker = f"{owner.number}{delimiter} ".rjust(owner.width)
            owner.number += 1
        else:
            marker = BULLETS[owner.depth % len(BULLETS)]
        self.containers.append(_Item(marker))


def _count_items(tokens: Sequence[Token], at: int) -> int:
    level, count = tokens[at].level, 0
    for token in tokens[at + 1 :]:
        if token.level == level and token.type.endswith("_list_close"):
            break
        count += token.type == "list_item_open" and token.level == level + 1
    return count


def inline(tokens: Sequence[Token] | None, base: str = "") -> Content:
    """A paragraph's or heading's words, styled by emphasis, code and links."""
    text: list[str] = []
    spans: list[Span] = []
    length = 0
    opened: list[tuple[str, int, str]] = []  # (style, start, link target)

    def add(piece: str, name: str = "") -> None:
        nonlocal length
        piece = shown(piece)
        if name:
            spans.append(Span(length, length + len(piece), style(name)))
        text.append(piece)
        length += len(piece)

    for token in tokens or ():
        kind = token.type
        if kind in ("text", "text_special", "html_inline"):
            add(token.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            add(token.content, "code")
        elif kind in INLINE_STYLES:
            opened.append((INLINE_STYLES[kind], length, str(token.attrs.get("href", ""))))
        elif kind.endswith("_close") and opened:
            name, start, target = opened.pop()
            spans.append(Span(start, length, style(name)))
            words = "".join(text)[start:]
            if name == "link" and target and target not in (words, f"mailto:{words}"):
                add(f" ({target})", "target")
        elif kind == "image":
            start = length
            add(token.content or "picture")
            spans.append(Span(start, length, style("em")))
            add(f" (picture: {token.attrs.get('src', '')})", "target")
        else:  # anything else markdown-it may give: its text, as written
            add(token.content)
    joined = "".join(text)
    if base:
        spans.insert(0, Span(0, len(joined), style(base)))
    return Content(joined, spans)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("js-default")  # raw HTML off: a tag in the text is shown as text


def _table(tokens: Sequence[Token], at: int) -> tuple[list[tuple[Content, ...]], int]:
    rows: list[tuple[Content, ...]] = []
    row: list[Content] = []
    while tokens[at].type != "table_close":
        token = tokens[at]
        if token.type == "inline":
            row.append(inline(token.children))
        elif token.type == "tr_close":
            rows.append(tuple(row))
            row = []
        at += 1
    return rows, at


def _code(text: str) -> Content:
    return Content.styled(shown(text.rstrip("\n")).expandtabs(4), style("code"))


@lru_cache(maxsize=32)
def parse(text: str) -> Document:
    """Markdown as blocks, remembered per text (the brief's is made once per change)."""
    source = shown(text)
    tokens = _parser().parse(source)
    build = _Builder()
    at = 0
    while at < len(tokens):
        token = tokens[at]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            build.open_list(tokens, at)
        elif kind == "list_item_open":
            build.open_item(token)
        elif kind == "blockquote_open":
            build.containers.append(_Quote())
        elif kind in CLOSES:
            build.close()
        elif kind == "heading_open":
            build.add(inline(tokens[at + 1].children, token.tag))
            at += 2
        elif kind == "inline":
            build.add(inline(token.children))
        elif kind in ("fence", "code_block"):
            build.add(_code(token.content), "code")
        elif kind == "html_block":  # never with raw HTML off; as text if it ever came
            build.add(Content(shown(token.content.rstrip("\n"))))
        elif kind == "hr":
            build.add(kind="rule")
        elif kind == "table_open":
            rows, at = _table(tokens, at)
            build.add(kind="table", rows=rows)
        at += 1
    return Document(source, tuple(build.blocks))


def _table_lines(rows: Sequence[Sequence[Content]], width: int) -> list[Content]:
    """A table in columns if it fits the width; otherwise each row as "heading: value" lines."""
    columns = max((len(row) for row in rows), default=0)
    cells = [[*row, *[Content()] * (columns - len(row))] for row in rows]
    widths = [max(row[c].cell_length for row in cells) for c in range(columns)]
    separator = Content.styled(" │ ", style("rule"))
    if not cells or sum(widths) + 3 * (columns - 1) > width:
        header, *body = cells or [[]]
        lines: list[Content] = []
        for number, row in enumerate(body):
            if number:
                lines.append(Content())
            for title, value in zip(header, row, strict=False):
                lines += (title.stylize(style("table-header")) + ": " + value).wrap(width)
        return lines or Content(" ").join(header).stylize(style("table-header")).wrap(width)
    out = []
    for number, row in enumerate(cells):
        padded = (cell.pad_right(w - cell.cell_length) for cell, w in zip(row, widths, strict=True))
        line = separator.join(padded)
        out.append(line.stylize(style("table-header")) if number == 0 else line)
        if number == 0:
            rule = "─┼─".join("─" * w for w in widths)
            out.append(Content.styled(rule, style("rule")))
    return out


def _body_lines(block: Block, width: int) -> list[Content]:
    if block.kind == "rule":
        return [Content.styled("─" * width, style("rule"))]
    if block.kind == "table":
        return _table_lines(block.rows, width)
    if block.kind == "code":
        return [part for line in block.body.split("\n") for part in line.fold(width)]
    return block.body.wrap(width)


def lines(document: Document, width: int) -> list[Content]:
    """The document's lines at a width: each block wrapped inside its bullets and bars."""
    out: list[Content] = []
    for block in document.blocks:
        if block.gap is not None:
            out.append(block.gap)
        room = max(width - block.rest.cell_length, 8)
        for number, line in enumerate(_body_lines(block, room)):
            out.append((block.rest if number else block.first) + line)
    return out
