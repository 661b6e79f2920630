"""The high-contrast theme reaches WCAG AAA (7:1): every character drawn on every screen, in
every focus state, is measured against what is drawn behind it."""

from __future__ import annotations

from typing import Any

from rich.color import Color
from rich.segment import Segment
from textual.widgets import Button

from companion.core.scripts import Library
from companion.core.settings import WEEKDAYS
from companion.journal import Journal
from companion.screens.settings import SettingDialog
from companion.widgets.theme import HIGH_CONTRAST
from tests.helpers.app import fill_journal, make_app, settle

AAA = 7.0
#: Box-drawing and block characters (U+2500 to U+259F): borders, bars and scrollbars.
BOX_DRAWING, BLOCKS_END = 0x2500, 0x259F
BUTTON_EDGES = "▁▔▊▎"


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: Color, other: Color) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_matches_wcag() -> None:
    assert round(contrast(Color.parse("#000000"), Color.parse("#ffffff")), 1) == 21.0
    assert round(contrast(Color.parse("#777777"), Color.parse("#ffffff")), 2) == 4.48


WHITE, BLACK = Color.parse("#ffffff"), Color.parse("#000000")


def low_contrast(segments: list[Segment], where: str) -> list[tuple[int, str]]:
    """Every character drawn below AAA against its own background, with its column."""
    found, x = [], 0
    for segment in segments:
        text, style = segment.text, segment.style
        start, x = x, x + segment.cell_length
        if style is None or not text.strip() or segment.control:
            continue
        fg = style.color or WHITE
        bg = style.bgcolor or BLACK
        if style.reverse:
            fg, bg = bg, fg
        if fg == bg and all(BOX_DRAWING <= ord(c) <= BLOCKS_END for c in text.strip()):
            continue  # a border or bar drawn in the colour behind it: nothing shows
        ratio = contrast(fg, bg)
        if ratio < AAA:
            found.append(
                (
                    start + len(text) - len(text.lstrip()),
                    f"{where}: {text.strip()[:30]!r} {fg.get_truecolor().hex} on "
                    f"{bg.get_truecolor().hex} is {ratio:.2f}:1",
                )
            )
    return found


def frame(app: Any, where: str) -> list[str]:
    strips = app.screen._compositor.render_strips()
    out = []
    for y, strip in enumerate(strips):
        for x, problem in low_contrast(list(strip), where):
            widget, _ = app.screen.get_widget_at(x, y)
            if isinstance(widget, Button) and problem.split("'")[1][:1] in BUTTON_EDGES:
                continue  # a button's raised edges: neither text nor focus (focus is reversed text)
            out.append(f"{problem} [{type(widget).__name__}#{widget.id}]")
    return out


async def _visit(pilot: Any, where: str, tabs: int = 8) -> list[str]:
    """The frame as it opens, then with focus on each control in turn (Tab)."""
    await settle(pilot)
    found = frame(pilot.app, where)
    for number in range(tabs):
        await pilot.press("tab")
        await settle(pilot)
        found += frame(pilot.app, f"{where}, Tab {number + 1}")
    return found


def _reflection(journal: Journal, library: Library, script: str, step: str) -> Any:
    from companion.core.session import Session
    from companion.screens.reflect import ReflectScreen

    session = Session(library.get(script), journal, autosave=False)
    session.go_to(step)
    return ReflectScreen(session)


async def test_every_style_in_the_high_contrast_theme_reaches_aaa(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    found: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = HIGH_CONTRAST.name
        found += await _visit(pilot, "Home")
        for place in ("journal", "commitments", "barriers", "brief"):
            app._go(place)
            found += await _visit(pilot, place.title())
        app._go("home")
        app.action_export()
        found += await _visit(pilot, "Export dialog")
        await pilot.press("escape")
        app.action_help()
        found += await _visit(pilot, "Help", tabs=1)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        found += await _visit(pilot, "Command palette", tabs=0)
        await pilot.press("escape")
        app.push_screen(SettingDialog("review_day", "Weekly review day", "friday", WEEKDAYS))
        found += await _visit(pilot, "Setting dialog", tabs=1)
        await pilot.press("escape")
        app.push_screen(SettingDialog("name", "Your name", "", ()))
        found += await _visit(pilot, "Setting dialog (words)", tabs=3)
        await pilot.press("escape")
        entry = journal.entries()[0]
        app.open_entry(entry.id)
        found += await _visit(pilot, "Entry", tabs=2)
        app._go("home")
        for script, step in [
            ("workshop-close-out", "session"),
            ("workshop-close-out", "commitment"),
            ("workshop-close-out", "feeling"),
            ("workshop-close-out", "tags"),
            ("reframe-barrier", "barrier-kind"),
        ]:
            app.push_screen(_reflection(journal, library, script, step))
            found += await _visit(pilot, f"{script}: {step}", tabs=4)
            app._go("home")
            await settle(pilot)
    first_seen: dict[str, str] = {}
    for problem in found:
        where, _, what = problem.partition(": ")
        first_seen.setdefault(what, where)
    assert not first_seen, "\n".join(f"{what} (first in {w})" for what, w in first_seen.items())
