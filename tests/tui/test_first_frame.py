"""Home's first frame: the work done before it stays small, and what is skipped is never wrong.

A new screen is styled once, as its widgets mount: Textual would parse the whole stylesheet
again and restyle every widget per resume (twice for a new place) and again when the size
classes arrive. These tests count that work, and check the styles are still right when the
theme changes on the way (the one case where the skipped work mattered).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Label

from companion.core.scripts import Library, load_library
from companion.journal import Journal
from companion.widgets.row_table import RowTable
from tests.helpers.app import fill_journal, make_app, settle


def _count_styling(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], Counter[int]]:
    """Count full parses of the stylesheet, and how often each node is styled."""
    parses: list[int] = []
    styled: Counter[int] = Counter()
    reparse, apply = Stylesheet.reparse, Stylesheet.apply

    def counted_reparse(self: Stylesheet) -> None:
        parses.append(1)
        reparse(self)

    def counted_apply(self: Stylesheet, node: DOMNode, *args: Any, **kwargs: Any) -> None:
        styled[id(node)] += 1
        apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "reparse", counted_reparse)
    monkeypatch.setattr(Stylesheet, "apply", counted_apply)
    return parses, styled


@pytest.mark.parametrize("size", [(40, 12), (120, 36)])
async def test_home_is_styled_once_before_its_first_frame(
    journal: Journal,
    library: Library,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """Opening Home parses no stylesheet again and styles each of its widgets once (it was
    four times: at mount, two resumes, the size classes), and the size classes are on it."""
    fill_journal(journal, library, clock)
    parses, styled = _count_styling(monkeypatch)
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        home = app.screen
        assert type(home).__name__ == "HomeScreen"
        assert parses == []
        widgets = [home, *home.walk_children()]
        # Each once as it mounts; a few restyle themselves (the focused list, the footer's keys
        # as the footer fits its width), but not every widget three or four times over.
        once = [w for w in widgets if styled[id(w)] == 1]
        assert len(once) >= 0.6 * len(widgets)
        # About 1.3 to 1.6 at rest (a 40x12 Home restyles its lists as they fit), more when
        # a loaded machine delivers a resize late; it was over 3 before.
        assert sum(styled[id(w)] for w in widgets) <= 2 * len(widgets)
        narrow = size[0] < 70
        assert home.has_class("-narrow") is narrow and home.has_class("-wide") is not narrow
        assert "Commitments due" in str(home.query_one("#due-title", Label).render())


async def test_a_new_place_is_styled_once_and_a_place_resumed_is_restyled(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        parses, styled = _count_styling(monkeypatch)
        await pilot.press("c")  # Commitments: a new screen
        await settle(pilot)
        assert parses == []
        commitments = app.screen
        assert commitments.query(RowTable)
        widgets = [commitments, *commitments.walk_children()]
        # Once at mount (Textual's tabs restyle themselves as one is made active), not three
        # or four times over.
        assert sum(styled[id(w)] for w in widgets) <= 2 * len(widgets) + 5
        styled.clear()
        await pilot.press("escape")  # back to Home, which was suspended: restyled as Textual does
        await settle(pilot)
        home = app.screen
        assert type(home).__name__ == "HomeScreen"
        assert sum(styled[id(w)] for w in home.walk_children()) >= len(list(home.walk_children()))


def _styles(screen: Screen[Any]) -> dict[int, tuple[str, ...]]:
    """The CSS each widget of screen has now, as lines (what Textual applied to it)."""
    return {id(w): tuple(w._css_styles.css_lines) for w in [screen, *screen.walk_children()]}


def _as_if_restyled(app: App[Any], screen: Screen[Any]) -> dict[int, tuple[str, ...]]:
    """The CSS each widget would have after Textual restyled everything afresh."""
    app.stylesheet.update_nodes([screen, *screen.walk_children()], animate=False)
    return _styles(screen)


async def test_home_at_start_has_the_styles_a_full_restyle_gives(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = _styles(app.screen)
        assert first == _as_if_restyled(app, app.screen)


@pytest.mark.parametrize("same_moment", [False, True])
async def test_a_theme_chosen_before_a_place_opens_styles_that_place(
    journal: Journal, library: Library, clock: Any, same_moment: bool
) -> None:
    """A theme chosen on Home, then a place opened (at once, or after): the new place has the
    styles a full restyle in the new theme gives, and so has Home when the leader comes back."""
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dark = app.screen.styles.background
        app.theme = "textual-light"
        if not same_moment:
            await settle(pilot)
        app.action_show_commitments()
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "CommitmentsScreen"
        assert screen.styles.background != dark
        assert _styles(screen) == _as_if_restyled(app, screen)
        app.action_show_home()
        await settle(pilot)
        assert app.screen.styles.background != dark
        assert _styles(app.screen) == _as_if_restyled(app, app.screen)


def test_the_screen_classes_match_textuals_own(tmp_path: Path) -> None:
    """size_classes gives what Textual's resize gives, at the breakpoints and either side."""
    from companion.screens.base import CompanionScreen, size_classes

    class Probe(App[None]):
        HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
        VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    app = Probe()
    screen: CompanionScreen[None] = CompanionScreen()
    with app._context():
        for width, height in [(1, 1), (69, 19), (70, 20), (71, 21), (200, 60)]:
            classes = size_classes(screen, width, height)
            assert classes["-narrow"] is (width < 70) and classes["-wide"] is (width >= 70)
            assert classes["-short"] is (height < 20) and classes["-tall"] is (height >= 20)


#: Run in a fresh interpreter: `companion --journal FOLDER` through the command line, headless;
#: once Home's first frame is drawn, print every module loaded, and quit.
_LOADED_AT_HOME = """
import sys
from textual.app import App
from companion.app import CompanionApp
from companion.screens import home

def headless(self, **options):
    return App.run(self, headless=True, size=(120, 36))

def present(self, data, _present=home.HomeScreen.present):
    _present(self, data)
    def drawn():
        print("\\n".join(sorted(sys.modules)))
        self.app.exit()
    self.call_after_refresh(drawn)

CompanionApp.run = headless
home.HomeScreen.present = present
from companion.cli import main, output
output.wants_plain = lambda explicit: explicit  # no terminal here: the app all the same
sys.exit(main(["--journal", sys.argv[1]]))
"""

#: What Home's first frame must not wait for: other places, exports, the reflection engine,
#: plain mode and the libraries only they use.
NOT_BEFORE_HOME = (
    "markdown_it",
    "icalendar",
    "recurring_ical_events",
    "tinydb",
    "filelock",
    "questionary",
    "prompt_toolkit",
    "pygments",
    "hypothesis",
    "hashlib",  # OpenSSL: only to save (the device lock)
    "tomllib",  # the scripts come checked from the cache (no settings file here)
    "companion.core.script_checks",
    "companion.core.step_rules",
    "argparse",  # and gettext with it: `companion --journal PATH` is read without it
    "gettext",
    "companion.cli.parser",
    "calendar",  # the date phrases name days and months themselves
    "zoneinfo",  # and sysconfig with it: only for a session's local time (none here)
    "sysconfig",
    "companion.plain",
    "companion.export",
    "companion.importing",
    "companion.core.session",
    "companion.core.views.brief",
    "companion.core.views.search",
    "companion.journal.encryption",
    "companion.journal.crypto",  # a plaintext journal: only "is it encrypted?" (encrypted.py)
    "companion.journal.sealing",
    "companion.journal.doctor",
    "textual.widgets._data_table",
    "textual.widgets._markdown",
    "textual.widgets._text_area",
    "textual.widgets._selection_list",
    "textual.widgets._tabs",
    *(  # the command line's other verbs: opening the app loads only its own room
        f"companion.cli.commands.{name}"
        for name in (
            "backup",
            "calendar",
            "cohort",
            "commitments",
            "entries",
            "journal",
            "reports",
            "scripts",
            "settings",
            "transfer",
        )
    ),
    *(
        f"companion.screens.{name}"
        for name in (
            "journal",
            "commitments",
            "barriers",
            "brief",
            "entry",
            "reflect",
            "review",
            "export",
            "help",
            "share",
            "gather",
            "dialogs",
            "unlock",
        )
    ),
)


def test_home_draws_its_first_frame_without_loading_what_other_places_need(
    journal: Journal, library: Library, clock: Any
) -> None:
    """Every module loaded before Home is drawn is start-up time (and memory) the leader pays
    for: the other places, the exports and their libraries load when first used (or after
    Home is drawn, by the read-ahead)."""
    import subprocess
    import sys

    fill_journal(journal, library, clock)
    load_library(cached=True)  # as an earlier start left it: the scripts checked, in the cache
    done = subprocess.run(
        [sys.executable, "-c", _LOADED_AT_HOME, str(journal.folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(done.stdout.split())
    assert "companion.screens.home" in loaded
    early = sorted(
        name
        for name in loaded
        if any(name == m or name.startswith(m + ".") for m in NOT_BEFORE_HOME)
    )
    assert early == []


def test_the_collector_pauses_while_the_app_loads_and_runs_again_for_the_app(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`companion` pauses the cyclic collector while the app's code loads and Home's data is
    read; by the time the app runs, that is frozen and the collector is on again (a collector
    left off would let a long session's garbage grow)."""
    import argparse
    import gc

    from companion.app import CompanionApp
    from companion.cli.commands import reflect

    seen: list[tuple[bool, int]] = []

    def run(self: CompanionApp, **options: Any) -> None:
        seen.append((gc.isenabled(), gc.get_freeze_count()))

    real_disable = gc.disable
    disabled: list[bool] = []

    def disable() -> None:
        disabled.append(True)
        real_disable()

    monkeypatch.setattr(CompanionApp, "run", run)
    monkeypatch.setattr(gc, "disable", disable)
    try:
        args = argparse.Namespace(journal=str(journal.folder), verb=None)
        assert reflect._run_app(args) == 0
    finally:
        gc.enable()
        gc.unfreeze()
    assert disabled
    assert seen and seen[0][0] is True and seen[0][1] > 0
    assert gc.isenabled()


async def test_a_theme_chosen_as_a_screen_opens_over_home_styles_that_screen(
    journal: Journal, library: Library, clock: Any
) -> None:
    """The same for a screen opened over Home (a reflection) in the moment the theme
    changes: it has the styles a full restyle in the new theme gives."""
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dark = app.screen.styles.background
        app.theme = "textual-light"
        app.start_reflection("review-commitments")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ReflectScreen"
        assert screen.styles.background != dark
        assert _styles(screen) == _as_if_restyled(app, screen)


async def test_the_footer_shows_homes_keys_in_its_first_frame_and_is_not_composed_again(
    journal: Journal, library: Library, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home's keys are in its first frame; moving between Home's lists changes no key, so the
    footer is not taken down and put up again (Textual's footer did, three times at start)."""
    from textual.widgets._footer import FooterKey

    from companion.widgets.footer import CompanionFooter

    fill_journal(journal, library, clock)
    composed: list[int] = []
    compose = CompanionFooter.compose

    def counted(self: CompanionFooter) -> Any:
        composed.append(1)
        return compose(self)

    monkeypatch.setattr(CompanionFooter, "compose", counted)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "tab", "shift+tab")
        await settle(pilot)
        keys = [k.description for k in app.screen.query(FooterKey)]
        assert keys[:2] == ["Help", "Quit"] and "Journal" in keys
        assert composed == [1]


async def test_the_footer_shows_a_key_that_comes_with_the_focus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A key that only one control has shows while that control has the focus, and goes."""
    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.widgets import Button
    from textual.widgets._footer import FooterKey

    from companion.widgets.footer import CompanionFooter

    class Keyed(Button):
        BINDINGS = [Binding("x", "press", "Mark done")]

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Button("plain", id="plain")
            yield Keyed("keyed", id="keyed")
            yield CompanionFooter()

    app = Probe()
    async with app.run_test(size=(100, 10)) as pilot:
        app.query_one("#plain").focus()
        await pilot.pause()
        await pilot.pause()
        assert "Mark done" not in [k.description for k in app.query(FooterKey)]
        app.query_one("#keyed").focus()
        await pilot.pause()
        await pilot.pause()
        assert "Mark done" in [k.description for k in app.query(FooterKey)]
        app.query_one("#plain").focus()
        await pilot.pause()
        await pilot.pause()
        assert "Mark done" not in [k.description for k in app.query(FooterKey)]
