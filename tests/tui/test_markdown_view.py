"""The coach brief, an entry, a barrier's detail and the help are Markdown drawn as one widget.

Textual's Markdown widget made a widget of every heading, paragraph and list item: a ten-year
coach brief was about 900 widgets, styled and laid out again and again (over a second to open).
MarkdownView draws the same text as one widget. What a leader wrote stays data: markup, an
action, a terminal control or an HTML tag in it shows as written; a link opens nothing.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal
from companion.screens.brief import BriefScreen
from companion.screens.entry import EntryScreen
from companion.widgets.markdown_doc import STYLES, lines, parse
from companion.widgets.markdown_view import MarkdownView
from companion.widgets.text import markdown, shown
from tests.helpers.app import find_on_screen, make_app, on_screen, settle
from tests.tui.test_markup_safety import PIECES

SIZES = [(40, 12), (80, 24), (200, 60)]
#: What Markdown reads as structure or emphasis, and what follows it.
MARKDOWN = ["#", "# ", "- ", "1. ", "> ", "*", "_", "`", "```", "~~", "|", "---", "\n", "\n\n"]
MORE = ["<b>", "</b>", "<script>", "&#x202e;", "&#27;", "&amp;", "[a](b)", "![p](q)", "<http://x>"]
#: A control a terminal would obey, or a mark that reorders text: never drawn as itself.
OBEYED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def drawn(text: str, width: int) -> list[str]:
    return [line.plain for line in lines(parse(text), width)]


@settings(max_examples=100)
@given(
    st.lists(st.sampled_from([*PIECES, *MARKDOWN, *MORE, "word", " ", "\t"]), max_size=30).map(
        "".join
    ),
    st.integers(min_value=1, max_value=200),
)
def test_any_text_is_drawn_without_markup_controls_or_a_crash(text: str, width: int) -> None:
    document = parse(text)
    prefixes = [b.rest.cell_length for b in document.blocks] + [0]
    for line in lines(document, width):
        assert "\n" not in line.plain
        assert not OBEYED.search(line.plain), line.plain
        # Only the view's own styles: nothing read from the words (no markup, link or action).
        for span in line.spans:
            assert isinstance(span.style, str) and span.style[1:] in STYLES, span.style
        assert line.cell_length <= max(width, max(prefixes) + 8)


@given(st.lists(st.sampled_from([*PIECES, "word", " "]), min_size=1, max_size=12).map("".join))
def test_a_leaders_markup_is_shown_as_written(text: str) -> None:
    words = "Ask " + text.replace("\\", "") + " now"  # a backslash is Markdown's escape
    shown_words = "".join(shown(words).split())
    assert "".join("".join(drawn(words, 30)).split()) == shown_words


def test_markdown_is_drawn_with_headings_lists_quotes_code_and_tables() -> None:
    text = (
        "# Title\n\nSome **bold** and *soft* words with `code`.\n\n"
        "- one\n- two that goes on long enough to wrap\n  - nested\n\n"
        "3. third\n4. fourth\n\n> quoted\n\n```\n  kept  as is\n```\n\n---\n\n"
        "| Who | What |\n|---|---|\n| Sam | Asks |\n\n<b>not bold</b> [@click=app.quit]\n"
    )
    assert drawn(text, 24) == [
        "Title",
        "",
        "Some bold and soft words",
        "with code.",
        "",
        "• one",
        "• two that goes on long",
        "  enough to wrap",
        "  ◦ nested",
        "",
        "3. third",
        "4. fourth",
        "",
        "▌ quoted",
        "",
        "  kept  as is",
        "",
        "────────────────────────",
        "",
        "Who │ What",
        "────┼─────",
        "Sam │ Asks",
        "",
        "<b>not bold</b>",
        "[@click=app.quit]",
    ]
    styles = {span.style for line in lines(parse(text), 24) for span in line.spans}
    assert {".markdown-view--h1", ".markdown-view--strong", ".markdown-view--code"} <= styles


def test_a_quote_within_a_quote_keeps_its_bars_between_paragraphs() -> None:
    assert drawn("> > one\n> >\n> > two\n>\n> three", 40) == [
        "▌ ▌ one",
        "▌ ▌",
        "▌ ▌ two",
        "▌",
        "▌ three",
    ]


def test_a_link_shows_where_it_points_and_an_entity_brings_back_no_control() -> None:
    assert drawn("See [the papers](https://example.org/x) &#x202e;&#x1b;.", 80) == [
        "See the papers (https://example.org/x) <U+202E>\ufffd."
    ]


class OneView(App[None]):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield MarkdownView(markdown(self.text))


@settings(max_examples=15, phases=[Phase.explicit, Phase.generate])
@given(st.lists(st.sampled_from([*PIECES, *MARKDOWN, *MORE, "word"]), max_size=20).map("".join))
async def test_what_the_view_draws_holds_no_link_or_action(text: str) -> None:
    app = OneView(text)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(MarkdownView)
        for y in range(view.size.height):
            for segment in view.render_line(y):
                style = segment.style
                assert not OBEYED.search(segment.text)
                assert style is None or (not style.link and "@click" not in style.meta)


# ---------------------------------------------------------------- in the app


def lived_in_with_markdown(journal: Journal, library: Library) -> str:
    """An entry whose answer is Markdown, and commitments whose words look like markup."""
    diary = Session(library.get("learning-diary"), journal)
    diary.answer(
        "- First point\n- Second [b]bold[/b] point\n\n"
        "See [the board papers](https://example.org/board) first.\n\n"
        + "\n\n".join(f"Paragraph {n} of a long answer." for n in range(1, 40))
        + "\n\nThe last paragraph.",
        step_id="happened",
    )
    entry = diary.finish().entry
    journal.add_commitment("[@click=app.quit]Ask the board[/]", due=date(2026, 11, 22))
    for number in range(40):
        journal.add_commitment(f"Commitment {number} [draft first]", due=date(2026, 12, 1))
    return entry.id


async def paged_to(pilot: Any, words: str) -> bool:
    """Page Down until the words are in view (the text has focus)."""
    for _ in range(40):
        await settle(pilot)
        if on_screen(pilot.app, words):
            return True
        await pilot.press("pagedown")
    return False


async def scrolls_to_the_end(pilot: Any) -> None:
    """The text has focus (a bar at its left says so); Down and End scroll it to its last line."""
    app = pilot.app
    scroll = app.focused
    assert isinstance(scroll, VerticalScroll)
    view = scroll.query_one(MarkdownView)
    assert view.styles.border_left[0] == "outer"
    last = lines(view.document, view.size.width)[-1].plain
    assert not on_screen(app, last)
    before = scroll.scroll_y
    await pilot.press("down")
    await settle(pilot)
    assert scroll.scroll_y == before + 1
    await pilot.press("end")
    await settle(pilot)
    assert on_screen(app, last)


@pytest.mark.parametrize("size", SIZES)
async def test_an_entry_shows_its_markdown_scrolls_and_opens_no_link(
    journal: Journal, library: Library, size: tuple[int, int]
) -> None:
    entry_id = lived_in_with_markdown(journal, library)
    app = make_app(journal, library)
    opened: list[str] = []
    app.open_url = lambda url, **_: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.open_entry(entry_id)
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert len(list(app.screen.walk_children())) < 15  # one widget for the whole text
        assert on_screen(app, "What happened?")  # the answer's heading
        assert on_screen(app, "• First point")
        assert on_screen(app, "• Second [b]bold[/b] point")  # markup shown as written
        x, y = find_on_screen(app, "the board papers")
        await pilot.click(offset=(x + 2, y))
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen) and app.is_running
        app.screen.query_one("#entry").focus()
        await scrolls_to_the_end(pilot)
    assert opened == []


@pytest.mark.parametrize("size", SIZES)
async def test_the_brief_shows_each_commitment_as_written_and_scrolls(
    journal: Journal, library: Library, size: tuple[int, int]
) -> None:
    lived_in_with_markdown(journal, library)
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.action_show_brief()
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
        assert len(list(app.screen.walk_children())) < 15  # 41 commitments, still one widget
        body = app.screen.query_one("#brief-body", MarkdownView)
        assert "Progress on commitments" in body.source
        for words in ("• [@click=app.quit]Ask the board[/]", "Commitment 39 [draft first]"):
            await pilot.press("home")
            assert await paged_to(pilot, words)  # markup shown as written, in the list
        await pilot.press("home")
        assert await paged_to(pilot, "[@click=app.quit]")
        x, y = find_on_screen(app, "[@click=app.quit]")
        await pilot.click(offset=(x + 2, y))  # words naming an action run nothing
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, BriefScreen)
        await pilot.press("home")
        await settle(pilot)
        await scrolls_to_the_end(pilot)
