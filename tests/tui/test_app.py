"""Pilot tests: each screen's main path, driven with keys as a leader would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from companion.core.model import CommitmentStatus
from companion.journal import Journal
from companion.screens.commitments import CommitmentsScreen
from companion.screens.entry import EntryScreen
from companion.screens.help import HelpScreen
from companion.screens.home import HomeScreen
from companion.screens.journal import JournalScreen
from companion.screens.reflect import ReflectScreen, ReviewScreen
from companion.widgets.markdown_view import MarkdownView
from companion.widgets.row_table import RowTable
from companion.widgets.title_bar import TitleBar
from tests.helpers.app import fill_journal, make_app, settle


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if c == " " else c for c in text])


async def test_first_run_explains_what_to_do(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        welcome = app.screen.query_one("#welcome", Static)
        assert welcome.display
        assert "journal is empty" in str(welcome.render())
        scripts = app.screen.query_one("#scripts", OptionList)
        labels = [str(scripts.get_option_at_index(i).prompt) for i in range(scripts.option_count)]
        assert "After a workshop" in labels and "Coaching" in labels
        assert sum(1 for label in labels if label.startswith("  ")) == 12


async def test_home_shows_drafts_due_and_recent(journal: Journal, library, clock) -> None:  # type: ignore[no-untyped-def]
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        home = app.screen
        assert not home.query_one("#welcome").display
        due = home.query_one("#due", OptionList)
        due_text = [str(due.get_option_at_index(i).prompt) for i in range(due.option_count)]
        assert any("overdue" in t and "Invite a resident" in t for t in due_text)
        assert any("walking meeting" in t for t in due_text)
        assert "1 overdue" in str(home.query_one("#due-title").render())
        recent = home.query_one("#recent", OptionList)
        assert recent.option_count == 3
        assert not home.query_one("#drafts").display


async def test_workshop_close_out_from_home_with_keys_then_found_in_journal(
    journal: Journal, library
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # Workshop close-out is highlighted first
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert "Question 1 of 7" in str(app.screen.query_one("#progress").render())
        await type_text(pilot, "Storytelling day")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "Hearing the carers' stories in their own words")
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+o", "ctrl+o")
        await settle(pilot)
        assert app.screen.session.current.id == "commitment"
        await type_text(pilot, "Ask the chair for ten minutes on carers")
        await pilot.press("enter")
        await type_text(pilot, "2026-12-04")
        await pilot.press("enter")
        await type_text(pilot, "Email the chair")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.session.current.id == "feeling"
        await pilot.press("down", "down", "down", "enter")  # pick 4 on the scale
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)

        entries = journal.entries()
        assert len(entries) == 1
        entry = entries[0]
        assert entry.answer("session").value == "Storytelling day"  # type: ignore[union-attr]
        assert entry.answer("feeling").value == 4  # type: ignore[union-attr]
        assert entry.answer("feeling").private  # type: ignore[union-attr]
        [commitment] = journal.commitments()
        assert commitment.text == "Ask the chair for ten minutes on carers"
        assert str(commitment.due) == "2026-12-04"
        assert commitment.first_step == "Email the chair"
        assert commitment.entry_id == entry.id
        assert journal.drafts() == []

        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        await type_text(pilot, "carers")
        await settle(pilot)
        table = app.screen.query_one("#entries", RowTable)
        assert table.row_count == 1
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("escape", "escape")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        rows = app.screen.query_one("#commitment-table", RowTable)
        assert rows.row_count == 1
        assert "Ask the chair" in str(rows.get_row_at(0)[2])


async def test_required_question_is_not_skipped_and_long_answer_counts_words(
    journal: Journal, library
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("shared-purpose")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        problem = str(app.screen.query_one("#problem").render())
        assert "needs an answer" in problem
        assert app.screen.session.position == 0
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "cannot be skipped" in str(app.screen.query_one("#problem").render())
        session = app.screen.session
        session.answer("Carers' health", step_id="aspect")
        session.answer("Recognise carers", step_id="what")
        session.answer("Because they hold the system up", step_id="why")
        session.go_to("benefits")
        await app.screen.show_step()
        await settle(pilot)
        await type_text(pilot, "Carers and the people they care for have healthier lives")
        await settle(pilot)
        count = str(app.screen.query_one("#word-count").render())
        assert count == "10 of about 100 words"


async def test_hint_private_and_back(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("workshop-close-out")
        await settle(pilot)
        hint = app.screen.query_one("#hint", Static)
        assert not hint.display
        await pilot.press("f2")
        assert hint.display and "name or a date" in str(hint.render())
        await type_text(pilot, "Trio day")
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen.session.is_private()
        assert "private" in str(app.screen.query_one("#progress").render())
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert app.screen.session.current.id == "session"
        assert app.screen.query_one(Input).value == "Trio day"
        [draft] = journal.drafts()
        assert draft.answers["session"].private


async def test_leave_keeps_draft_and_home_resumes_it(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        await type_text(pilot, "A long day of meetings")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        [draft] = journal.drafts()
        assert draft.answers["happened"].value == "A long day of meetings"
        drafts = app.screen.query_one("#drafts", OptionList)
        assert drafts.display and drafts.option_count == 1
        drafts.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.query_one(TextArea).text == "A long day of meetings"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert journal.drafts() == []


async def test_typing_is_autosaved_without_pressing_next(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("learning-diary")
        await settle(pilot)
        await type_text(pilot, "Half a thought")
        await pilot.pause(1.3)
        await settle(pilot)
        [draft] = journal.drafts()
        assert draft.answers["happened"].value == "Half a thought"
        assert "Saved" in app.screen.sub_title
        shown = str(app.screen.query_one(TitleBar).render())
        assert "Learning diary" in shown and "Saved" in shown, "the top line says it was saved"


async def test_review_page_edits_an_answer(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("coaching-debrief")
        await settle(pilot)
        await type_text(pilot, "First take")
        await pilot.press("ctrl+n", "ctrl+o")
        await settle(pilot)
        await type_text(pilot, "Book the room")
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        await pilot.press("ctrl+o")  # the next call's date is optional
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")  # the first answer
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.session.current.id == "takeaway"
        await pilot.press("ctrl+a")
        await type_text(pilot, "Second ")
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        [entry] = journal.entries()
        assert entry.answer("takeaway").value.startswith("Second")  # type: ignore[union-attr]


async def test_journal_search_filters_open_edit_delete(journal: Journal, library, clock) -> None:  # type: ignore[no-untyped-def]
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#entries", RowTable)
        assert table.row_count == 3
        await type_text(pilot, "board paper")
        await settle(pilot)
        assert table.row_count == 1
        assert "1 of 3 entries match" in str(screen.query_one("#journal-status").render())
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert table.row_count == 3
        screen.query_one("#filter-tag", Input).value = "resident"
        await settle(pilot)
        assert table.row_count == 1
        screen.query_one("#filter-tag", Input).value = ""
        screen.query_one("#filter-since", Input).value = "someday"
        await settle(pilot)
        assert "could not read 'someday'" in str(screen.query_one("#journal-status").render())
        screen.query_one("#filter-since", Input).value = "2026-11-01"
        await settle(pilot)
        assert table.row_count == 2
        await pilot.press("ctrl+l")
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        newest = journal.entries()[0]
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.session.editing is not None
        await pilot.press("ctrl+a")
        await type_text(pilot, "Rewritten: ")
        await pilot.press("ctrl+n")
        await settle(pilot)
        while isinstance(app.screen, ReflectScreen):
            await pilot.press("ctrl+n")
            await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        edited = journal.entry(newest.id)
        assert edited.answer("takeaway").value.startswith("Rewritten")  # type: ignore[union-attr]
        assert edited.completed == newest.completed and len(edited.edits) == 1
        assert len(journal.commitments()) == 3  # editing made no duplicate commitment
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("tab", "enter")  # focus starts on Cancel; Delete is before it
        await settle(pilot)
        if any(e.id == newest.id for e in journal.entries()):
            await pilot.press("shift+tab", "enter")
            await settle(pilot)
        assert all(e.id != newest.id for e in journal.entries())


async def test_commitments_done_drop_renegotiate_and_views(
    journal: Journal, library, clock
) -> None:  # type: ignore[no-untyped-def]
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#commitment-table", RowTable)
        assert table.row_count == 2  # open ones, overdue first
        assert "late" in str(table.get_row_at(0)[1])
        await pilot.press("v")
        await settle(pilot)
        assert table.row_count == 1
        await pilot.press("a")
        await settle(pilot)
        assert table.row_count == 3
        await pilot.press("o")
        await settle(pilot)
        table.focus()
        await pilot.press("r")
        await settle(pilot)
        await type_text(pilot, "in 2 weeks")
        await pilot.press("tab")
        await type_text(pilot, "Ask one resident")
        await pilot.press("tab")
        await type_text(pilot, "Too big for now")
        await pilot.press("enter")
        await settle(pilot)
        invite = next(c for c in journal.commitments() if c.text.startswith("Invite"))
        assert invite.status == CommitmentStatus.RENEGOTIATED
        assert str(invite.due) == "2026-12-04"
        assert invite.first_step == "Ask one resident"
        assert invite.history[-1].note == "Too big for now"
        # The cursor follows the renegotiated commitment to its new place, after the walking one.
        assert str(table.get_row_at(table.cursor_row)[2]).startswith("Invite")
        await pilot.press("up", "d")
        await settle(pilot)
        await type_text(pilot, "Sam said yes")
        await pilot.press("enter")
        await settle(pilot)
        walking = next(c for c in journal.commitments() if "walking" in c.text)
        assert walking.status == CommitmentStatus.DONE
        assert walking.history[-1].note == "Sam said yes"
        await pilot.press("x", "escape")
        await settle(pilot)
        assert all(c.status != CommitmentStatus.DROPPED for c in journal.commitments())


async def test_help_and_palette_commands(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_reflection("workshop-close-out")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(MarkdownView).source
        assert "Ctrl+N" in text or "ctrl+n" in text.lower()
        assert "Skip" in text and "Private" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Reflect: Workshop close-out" in titles
        assert {"Home", "Journal", "Commitments"} <= set(titles)
        assert "companion-high-contrast" in app.available_themes


async def test_app_picks_up_another_process_writes(journal: Journal, library, clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app._state = journal.state()
        other = Journal.open(journal.folder, clock=clock)
        other.add_commitment("Written from another window")
        app.check_for_changes()
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#commitment-table", RowTable)
        assert table.row_count == 1


@pytest.mark.parametrize("read_ahead", [False, True])
async def test_damaged_journal_is_a_notification_not_a_traceback(
    journal: Journal, library, read_ahead: bool
) -> None:  # type: ignore[no-untyped-def]
    from companion.app import CompanionApp

    commitment = journal.add_commitment("Something")
    shard = next((journal.folder / "commitments").glob("*.json"))
    shard.write_text('{"commitments": {', encoding="utf-8")
    if read_ahead:  # the app opens the journal itself and reads Home's data ahead
        app = CompanionApp(journal.folder, library=library, poll=False)
    else:
        app = make_app(journal, library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        messages = [n.message for n in app._notifications]
        assert any("is damaged" in m and "not valid JSON" in m for m in messages)
    assert shard.read_text(encoding="utf-8") == '{"commitments": {'
    assert commitment.id


async def test_open_straight_into_a_script(journal: Journal, library) -> None:  # type: ignore[no-untyped-def]
    from companion.app import CompanionApp

    app = CompanionApp(
        journal.folder, journal=journal, library=library, poll=False, script_id="empathy-map"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.session.script.id == "empathy-map"


@pytest.mark.parametrize("size", [(80, 24)])
async def test_weekly_review_in_the_app(journal: Journal, library, clock, size) -> None:  # type: ignore[no-untyped-def]
    fill_journal(journal, library, clock)
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.start_reflection("review-commitments")
        await settle(pilot)
        session = app.screen.session
        assert session.current.commitment is not None
        assert session.current.commitment.text.startswith("Invite")  # most overdue first
        await pilot.press("enter")  # Done is the first decision
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("down", "enter", "ctrl+n")  # Still on
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        statuses = {c.text[:6]: c.status for c in journal.commitments()}
        assert statuses["Invite"] == CommitmentStatus.DONE
        assert statuses["Draft "] == CommitmentStatus.OPEN
        assert "last_review" in json.loads((journal.folder / "journal.json").read_text())


async def test_home_on_years_of_journal_reads_only_what_it_shows_and_loads_once(
    tmp_path, library, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from companion.journal import files
    from tools import sample

    years = sample.Size("three years", days=1095, entries=150, commitments=300)
    folder = sample.generate(tmp_path / "journal", years, library=library).folder
    journal = Journal.open(folder, clock=sample.SampleClock(sample.AS_OF))
    newest = Journal.open(folder).entries()[:6]
    overdue = sum(c.is_overdue(sample.AS_OF.date()) for c in Journal.open(folder).commitments())
    assert overdue > 5
    today = sample.AS_OF.date()
    due_soon = sum(
        c.status.is_active and c.due is not None and (c.due - today).days <= 7
        for c in Journal.open(folder).commitments()
    )
    read: list[Path] = []
    real_read = files.read_bytes
    monkeypatch.setattr(files, "read_bytes", lambda p: read.append(p) or real_read(p))
    fetches: list[int] = []
    real_fetch = HomeScreen.fetch
    monkeypatch.setattr(HomeScreen, "fetch", lambda self: fetches.append(1) or real_fetch(self))
    monkeypatch.setattr("companion.screens.home.DUE_SHOWN", 3)
    app = make_app(journal, library)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert fetches == [1], "the first showing loads once"
        recent = home.query_one("#recent", OptionList)
        shown = [recent.get_option_at_index(i).id for i in range(recent.option_count)]
        assert shown == [f"entry:{e.id}" for e in newest]
        assert f"({overdue} overdue)" in str(home.query_one("#due-title").render())
        due = home.query_one("#due", OptionList)
        assert due.option_count == 4, "the three most pressing, then the way to the rest"
        last = due.get_option_at_index(3)
        assert f"and {due_soon - 3} more" in str(last.prompt)
        kept_whole = sorted(journal.store._records)
        due.focus()
        due.highlighted = 3
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
    months = sorted((folder / "entries").iterdir())
    assert len(months) > 30
    # Entries are read from the newest month back, only as far as Home needs (this quiet
    # journal has too few entries on this day in the last year, so on this day looks further),
    # and no month is kept whole in memory.
    entries_read = sorted({p for p in read if p.parent.name == "entries"})
    assert entries_read == months[-len(entries_read) :]
    assert 12 <= len(entries_read) < len(months)
    assert kept_whole == []


async def test_home_read_ahead_shows_the_journal_in_its_first_frame(
    tmp_path, library, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from companion.app import CompanionApp
    from tools import sample

    folder = sample.generate(tmp_path / "journal", sample.ONE_WEEK, library=library).folder
    in_workers: list[int] = []
    real = HomeScreen._fetch_in_thread
    monkeypatch.setattr(
        HomeScreen, "_fetch_in_thread", lambda self, n: in_workers.append(n) or real(self, n)
    )
    shown: list[int] = []
    real_present = HomeScreen.present
    monkeypatch.setattr(
        HomeScreen, "present", lambda self, d: shown.append(1) or real_present(self, d)
    )
    app = CompanionApp(folder, library=library, poll=False, clock=sample.SampleClock(sample.AS_OF))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert shown == [1] and in_workers == [], "read ahead, shown at once, and only once"
        recent = app.screen.query_one("#recent", OptionList)
        assert recent.option_count == 5
        app.action_show_journal()
        await settle(pilot)
        app.action_show_home()
        await settle(pilot)
        assert len(shown) == 2 and len(in_workers) == 1, "coming back reloads, in a worker"


async def test_a_save_by_another_companion_while_the_app_starts_is_shown(tmp_path, library) -> None:  # type: ignore[no-untyped-def]
    """Home's data is read before Textual starts; a save elsewhere after that read still shows."""
    from companion.app import CompanionApp
    from tools import sample

    folder = sample.generate(tmp_path / "journal", sample.ONE_WEEK, library=library).folder
    clock = sample.SampleClock(sample.AS_OF)
    app = CompanionApp(folder, library=library, clock=clock)  # reads Home's data now
    other = Journal.open(folder, clock=clock)
    other.add_commitment("Written by another Companion", due=other.today())
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.check_for_changes()  # what the poll does every two seconds
        await pilot.pause(0.3)
        await settle(pilot)
        due = app.screen.query_one("#due", OptionList)
        shown = [str(due.get_option_at_index(i).prompt) for i in range(due.option_count)]
        assert any("Written by another Companion" in line for line in shown)
