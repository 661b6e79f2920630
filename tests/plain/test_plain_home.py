"""One Home: what plain mode says at start and what the app's Home shows come from the same
core query (read_home), so the two faces agree about the same journal at the same moment."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import OptionList

from companion.core.model import CommitmentStatus
from companion.core.scripts import Library
from companion.core.session import Session
from companion.core.views.home import HomeData, read_home
from companion.journal import Journal
from companion.plain import LineAsker, run_home
from companion.screens.home import HomeScreen
from tests.conftest import FakeClock
from tests.helpers.app import make_app, settle
from tests.helpers.over_time import at, commitment_history, reflect


def options(widget: OptionList) -> list[str]:
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


def start_a_draft(journal: Journal, library: Library) -> None:
    Session(library.get("workshop-close-out"), journal).answer("Day two: the Board")


def plain_home(journal: Journal, library: Library) -> tuple[list[str], list[str]]:
    """What plain mode says at start, and what it asks: it declines a draft, then leaves."""
    said: list[str] = []
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        if prompt.startswith("You have an unfinished"):
            return "n"
        raise EOFError  # the leader closes the input: nothing more is asked

    run_home(journal, library, LineAsker(read=read, write=said.append))
    return said, asked


def memory_lines(data: HomeData) -> list[str]:
    return [
        f"On this day, {m.label}: {m.entry.script_title}: {m.entry.title}" for m in data.memories
    ]


async def test_plain_mode_and_the_app_say_the_same_home(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    commitment_history(journal, clock)
    reflect(journal, library, clock, at(9, 20, 9), "learning-diary", {"happened": "Away day."})
    reflect(journal, library, clock, at(10, 20, 9), "learning-diary", {"happened": "Board day."})
    clock.moment = at(11, 20, 12)
    start_a_draft(journal, library)
    clock.moment = at(11, 20, 16)
    data = read_home(journal)
    assert data.reminder is not None and data.reminder.due
    assert len(data.memories) == 2 and data.drafts

    said, asked = plain_home(journal, library)
    assert said[0] == "2 entries. 2 open commitments, 1 overdue."
    assert data.reminder.message in said
    assert [line for line in said if line.startswith("On this day")] == memory_lines(data)
    draft = data.drafts[0]
    assert asked[0].startswith(f"You have an unfinished {draft.script_title} ")

    app = make_app(journal, library)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert options(home.query_one("#review-reminder", OptionList)) == [data.reminder.message]
        memories = options(home.query_one("#memories", OptionList))
        assert len(memories) == len(data.memories)
        for shown, memory in zip(memories, data.memories, strict=True):
            assert memory.label in shown and memory.entry.title in shown
        drafts = home.query_one("#drafts", OptionList)
        assert drafts.get_option_at_index(0).id == f"draft:{draft.id}"
        assert not home.query_one("#welcome").display


async def test_a_journal_holding_only_a_draft_is_not_called_empty_in_either_face(
    journal: Journal, library: Library, clock: FakeClock
) -> None:
    start_a_draft(journal, library)
    said, asked = plain_home(journal, library)
    assert not any("journal is empty" in line for line in said)
    assert said[0] == "0 entries. 0 open commitments, 0 overdue."
    assert asked[0].startswith("You have an unfinished Workshop close-out ")
    app = make_app(journal, library)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#welcome").display


def test_an_empty_journal_is_welcomed_in_plain_mode(journal: Journal, library: Library) -> None:
    said, _ = plain_home(journal, library)
    assert said[0] == "Welcome to Companion. Your journal is empty."
    assert read_home(journal).empty


@settings(max_examples=12)
@given(
    written=st.lists(st.integers(min_value=1, max_value=800), max_size=6),
    dues=st.lists(st.tuples(st.integers(-30, 30), st.booleans()), max_size=4),
    reviewed=st.none() | st.integers(min_value=0, max_value=20),
    drafted=st.booleans(),
)
def test_plain_home_says_what_read_home_reads(
    library: Library,
    written: list[int],
    dues: list[tuple[int, bool]],
    reviewed: int | None,
    drafted: bool,
) -> None:
    """Entries so many days ago, commitments due around today (done or not), a last review,
    a draft: plain mode says Home's reminder, its first on-this-day entries and offers its draft.
    """
    now = at(11, 20, 16)
    clock = FakeClock(now)
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal.open(Path(folder) / "journal", clock=clock, lock_timeout=2.0)
        for days in written:
            reflect(journal, library, clock, now - timedelta(days=days), "learning-diary",
                    {"happened": f"Written {days} days before."})  # fmt: skip
        clock.moment = now
        for days, done in dues:
            made = journal.add_commitment(
                f"Due in {days} days", due=date(2026, 11, 20) + timedelta(days)
            )
            if done:
                journal.set_commitment_status(made.id, CommitmentStatus.DONE)
        if reviewed is not None:
            journal.set_meta("last_review", (now - timedelta(days=reviewed)).isoformat())
        if drafted:
            start_a_draft(journal, library)
        data = read_home(journal)
        said, asked = plain_home(journal, library)
    assert ("Welcome to Companion. Your journal is empty." in said) == data.empty
    if not data.empty:
        assert data.reminder is not None and data.reminder.message in said
        assert said[0].endswith(
            f"{data.open_commitments} open commitments, {data.overdue} overdue."
        )
    said_memories = [line for line in said if line.startswith("On this day")]
    assert said_memories == memory_lines(data)[:3]
    offered = [prompt for prompt in asked if prompt.startswith("You have an unfinished")]
    assert len(offered) == len(data.drafts[:1])
