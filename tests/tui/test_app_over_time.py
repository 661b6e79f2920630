"""Pilot tests: Home's weekly review reminder, rhythm and on this day; the barrier register;
the coach brief screen."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from companion.journal import Journal
from companion.screens.barriers import BarriersScreen
from companion.screens.brief import BriefScreen, SaveBriefDialog
from companion.screens.entry import EntryScreen
from companion.screens.home import HomeScreen
from companion.screens.reflect import ReflectScreen
from companion.widgets.markdown_view import MarkdownView
from companion.widgets.row_table import RowTable
from tests.helpers.app import make_app, settle
from tests.helpers.over_time import at, coaching_cycle, commitment_history, reflect


def options(widget: OptionList) -> list[str]:
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


async def test_home_reminds_of_the_weekly_review_and_starts_it(
    journal: Journal,
    library,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    commitment_history(journal, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        reminder = home.query_one("#review-reminder", OptionList)
        assert reminder.display
        assert options(reminder) == [
            "Time for your weekly review: 2 open commitments. "
            "You have not reviewed your commitments yet."
        ]
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.session.script.id == "review-commitments"


async def test_no_reminder_within_a_week_of_the_last_review(
    journal: Journal,
    library,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    commitment_history(journal, clock)
    journal.set_meta("last_review", at(11, 17).isoformat())
    app = make_app(journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert not home.query_one("#review-reminder").display
        rhythm = str(home.query_one("#rhythm", Static).render())
        assert "Last weekly review: 3 days ago (17 November)." in rhythm


async def test_home_shows_rhythm_and_on_this_day(journal: Journal, library, clock) -> None:  # type: ignore[no-untyped-def]
    commitment_history(journal, clock)
    coaching_cycle(journal, library, clock)
    reflect(journal, library, clock, at(10, 20, 20), "learning-diary", {"happened": "A month ago."})
    clock.moment = at(11, 20, 16)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        rhythm = str(home.query_one("#rhythm", Static).render()).splitlines()
        assert [line[:3] for line in rhythm[:7:2]] == ["Mon", "Wed", "Fri", "Sun"]
        assert len(rhythm[0]) == 4 + 26
        assert rhythm[7] == "6 reflections in the last 26 weeks, on 5 days, in 4 of 26 weeks."
        assert rhythm[8].startswith("Follow-through by month: ")
        assert rhythm[8].endswith("latest 0%, overall 29%")  # 2 done of 7 settled
        memories = home.query_one("#memories", OptionList)
        assert len(options(memories)) == 2  # the call and the diary, both on 20 October
        assert all(text.strip().startswith("1 month ago") for text in options(memories))
        memories.focus()
        memories.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)


async def test_first_run_home_hides_the_empty_panels(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for name in ("#rhythm", "#memories", "#review-reminder"):
            assert not app.screen.query_one(name).display


async def test_barrier_register_screen(journal: Journal, library, clock) -> None:  # type: ignore[no-untyped-def]
    ids = coaching_cycle(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BarriersScreen)
        table = screen.query_one("#barrier-table", RowTable)
        assert table.row_count == 2
        assert str(table.get_row_at(0)[1]) == "2 open"
        status = str(screen.query_one("#barriers-status", Static).render())
        assert status.startswith("2 barriers named, 2 experiments planned for them.")
        detail = screen.query_one("#barrier-detail", MarkdownView).source
        assert "Governance that holds power relationships in place" in detail
        assert "A Board that works on one system challenge at a time." in detail
        assert "Residents in the room for the first half hour of the Board. (1 Nov; open" in detail
        await pilot.press("down")
        await settle(pilot)
        assert "Winter pressures" in screen.query_one("#barrier-detail", MarkdownView).source
        await pilot.press("up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen) and app.screen.entry_id == ids["reframe"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.session.script.id == "reframe-barrier"  # type: ignore[attr-defined]


async def test_brief_screen_shows_what_is_left_out_and_saves(
    journal: Journal,
    library,
    clock,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    coaching_cycle(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefScreen)
        left_out = str(screen.query_one("#brief-left-out", Static).render())
        assert "1 private thing left out:" in left_out
        assert "What are my reflections on the leaders in my trio?" in left_out
        body = screen.query_one("#brief-body", MarkdownView).source
        assert "## Focus for this call" in body and "SECRET-TRIO-NOTE" not in body
        await pilot.press("i")
        await settle(pilot)
        assert "SECRET-TRIO-NOTE" in screen.query_one("#brief-body", MarkdownView).source
        await pilot.press("i")
        await settle(pilot)
        assert "SECRET-TRIO-NOTE" not in screen.query_one("#brief-body", MarkdownView).source

        await pilot.press("s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SaveBriefDialog)
        path_input = dialog.query_one("#save-path", Input)
        target = tmp_path / "for-ruth.txt"
        path_input.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert "End the file name with .md or .html" in str(
            dialog.query_one("#problem", Static).render()
        )
        target = tmp_path / "for-ruth.md"
        path_input.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
        text = target.read_text()
        assert text.startswith("# Coaching brief") and "SECRET" not in text
        assert stat.S_IMODE(target.stat().st_mode) == 0o600

        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#save-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert "already exists" in str(app.screen.query_one("#problem", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
