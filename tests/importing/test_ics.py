"""Calendars in: the .ics files Outlook, Google and Apple write, read as the programme's sessions.

The fixtures in data/ are written by hand in the shapes those programs export: Outlook's
METHOD:REQUEST with a "GMT Standard Time" VTIMEZONE and X-MICROSOFT properties; Google's
X-WR-TIMEZONE with a series, an EXDATE, a moved and a cancelled occurrence and an all-day
workshop; Apple's folded lines, alarms and an all-day celebration.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.calendar.model import SessionKind, to_local
from companion.core.errors import ImportFileError
from companion.importing.ics import import_calendar, read_calendar
from companion.journal import Journal
from tests.conftest import FakeClock
from tests.helpers.calendar import london, use_london

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _london(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    use_london(monkeypatch)
    clock.moment = london(2026, 3, 1, 9, 0)


def bring_in(journal: Journal, name: str | Path, kind: SessionKind | None = None) -> str:
    path = name if isinstance(name, Path) else DATA / name
    found = read_calendar(path, journal.today(), kind=kind)
    return import_calendar(journal, found, kind_given=kind is not None).summary(path)


def local_starts(journal: Journal, title_part: str) -> list[datetime]:
    return [to_local(s.start) for s in journal.sessions() if title_part in s.title]


def test_outlook_series_in_gmt_standard_time_keeps_ten_oclock_through_summer_time(
    journal: Journal,
) -> None:
    assert b"\r\n " in (DATA / "outlook.ics").read_bytes(), "CRLF lines, one folded"
    said = bring_in(journal, "outlook.ics")
    assert "added 12 sessions" in said and "Left out 1 cancelled meeting" in said
    calls = local_starts(journal, "Coaching call with Jo")
    # Every three weeks from 10 March, without 2 June (an EXDATE): across the clocks going
    # forward (29 March) and back (25 October), always 10:00 on the wall clock.
    assert [c.date() for c in calls][:3] == [
        date(2026, 3, 10),
        date(2026, 3, 31),
        date(2026, 4, 21),
    ]
    assert date(2026, 6, 2) not in [c.date() for c in calls]
    assert calls[-1].date() == date(2026, 10, 27)
    assert {c.time() for c in calls} == {time(10, 0)}
    assert {c.utcoffset().total_seconds() for c in calls} == {0, 3600}  # type: ignore[union-attr]
    assert all(s.kind == SessionKind.COACHING_CALL for s in journal.sessions() if "Jo" in s.title)
    assert not any("Trio" in s.title for s in journal.sessions()), "the cancelled meeting is out"
    workshop = next(s for s in journal.sessions() if "workshop" in s.title)
    assert workshop.kind == SessionKind.WORKSHOP
    assert to_local(workshop.start) == london(2026, 5, 22, 9, 30)


def test_google_series_with_an_exception_a_moved_and_a_cancelled_occurrence(
    journal: Journal,
) -> None:
    bring_in(journal, "google.ics")
    trio = journal.sessions()
    checkins = [to_local(s.start) for s in trio if s.title.startswith("Trio check-in")]
    days = [c.date() for c in checkins]
    assert date(2026, 4, 1) not in days  # EXDATE
    assert date(2026, 5, 13) not in days  # that occurrence was cancelled
    assert date(2026, 4, 15) not in days and date(2026, 4, 16) in days  # moved to Thursday
    moved = next(s for s in trio if "moved" in s.title)
    assert to_local(moved.start) == london(2026, 4, 16, 15, 0)
    assert {c.time() for c in checkins if c.date() != date(2026, 4, 16)} == {time(10, 0)}
    assert days[-1] == date(2026, 10, 28)  # after the clocks went back, still 10:00
    assert {s.kind for s in trio if "Trio" in s.title} == {SessionKind.TRIO_MEETING}
    workshop = next(s for s in trio if s.title.startswith("Workshop 3"))
    assert workshop.all_day and workshop.kind == SessionKind.WORKSHOP
    assert to_local(workshop.start).date() == date(2026, 6, 18)


def test_apple_folded_lines_alarms_and_an_all_day_celebration(journal: Journal) -> None:
    bring_in(journal, "apple.ics")
    celebration, workshop = sorted(journal.sessions(), key=lambda s: s.kind.value)
    assert celebration.kind == SessionKind.CELEBRATION and celebration.all_day
    assert celebration.title == "Celebration event – what changed for the people we serve"
    assert to_local(celebration.start).date() == date(2026, 10, 21)
    assert (
        workshop.title == "Workshop 4 – real-world experiments (Manchester Central Library, room 2)"
    )
    assert to_local(workshop.start) == london(2026, 7, 11, 9, 30)


def test_importing_the_same_files_again_adds_nothing(journal: Journal) -> None:
    for name in ("outlook.ics", "google.ics", "apple.ics"):
        bring_in(journal, name)
    before = journal.sessions()
    for name in ("outlook.ics", "google.ics", "apple.ics"):
        assert "Nothing new" in bring_in(journal, name)
    assert journal.sessions() == before


def test_a_changed_calendar_updates_by_uid_and_keeps_the_leaders_kind(
    journal: Journal, tmp_path: Path
) -> None:
    bring_in(journal, "google.ics")
    moved = next(s for s in journal.sessions() if "moved" in s.title)
    journal.add_sessions([moved.with_kind(SessionKind.COACHING_CALL)])  # the leader's choice
    text = (DATA / "google.ics").read_bytes().decode()
    changed = text.replace("Trio check-in (moved to Thursday)", "Trio check-in (moved again)")
    changed = changed.replace("20260416T150000", "20260417T150000")
    changed = changed.replace("20260416T163000", "20260417T163000")
    # The whole 27 May occurrence is cancelled now, as Google writes it.
    changed = changed.replace(
        "RECURRENCE-ID;TZID=Europe/London:20260513T100000",
        "RECURRENCE-ID;TZID=Europe/London:20260527T100000",
    ).replace(
        "DTSTART;TZID=Europe/London:20260513T100000", "DTSTART;TZID=Europe/London:20260527T100000"
    )
    path = tmp_path / "google-later.ics"
    path.write_bytes(changed.encode())
    said = bring_in(journal, path)
    assert "updated 1" in said and "added 1" in said and "removed 1" in said
    again = next(s for s in journal.sessions() if "moved again" in s.title)
    assert again.id == moved.id and again.kind == SessionKind.COACHING_CALL
    assert to_local(again.start) == london(2026, 4, 17, 15, 0)
    days = [to_local(s.start).date() for s in journal.sessions()]
    assert date(2026, 5, 27) not in days and date(2026, 5, 13) in days


def test_as_sets_the_kind_of_every_imported_session(journal: Journal) -> None:
    bring_in(journal, "apple.ics", kind=SessionKind.OTHER)
    assert {s.kind for s in journal.sessions()} == {SessionKind.OTHER}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"   \r\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        ("BEGIN:VCALENDAR\r\nSUMMARY:caf\xe9\r\n".encode("latin-1"), "not UTF-8"),
        (b'{"entries": []}', "no BEGIN:VCALENDAR"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\n", "damaged"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260301T1000"
            b"00Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "more often than daily",
        ),
    ],
)
def test_a_broken_file_is_one_sentence_and_nothing_changes(
    journal: Journal, tmp_path: Path, content: bytes, words: str
) -> None:
    bring_in(journal, "apple.ics")
    before = (journal.folder / "sessions.json").read_bytes()
    path = tmp_path / "broken.ics"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        bring_in(journal, path)
    message = str(caught.value)
    assert words in message and "nothing was imported" in message
    assert "\n" not in message and caught.value.exit_code in (1, 2)
    assert (journal.folder / "sessions.json").read_bytes() == before


def test_a_missing_file_or_a_folder_is_one_sentence(journal: Journal, tmp_path: Path) -> None:
    for path in (tmp_path / "nowhere.ics", tmp_path):
        with pytest.raises(ImportFileError):
            bring_in(journal, path)
    assert journal.sessions() == []


@settings(max_examples=30)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: ("BEGIN:VCALENDAR\r\n" + t).encode("utf-8", "replace")),
        st.lists(
            st.sampled_from(
                [
                    "BEGIN:VEVENT",
                    "END:VEVENT",
                    "END:VCALENDAR",
                    "UID:a",
                    "SUMMARY:Coaching",
                    "DTSTART:20260310T100000Z",
                    "DTSTART;VALUE=DATE:20260310",
                    "DTEND:2026",
                    "RRULE:FREQ=WEEKLY;COUNT=3",
                    "RRULE:FREQ=YEARLY;BYDAY=-9ZZ",
                    "EXDATE:x",
                    "RECURRENCE-ID:20260317T100000Z",
                    "STATUS:CANCELLED",
                    "DURATION:PT1H",
                    "DTSTART;TZID=Nowhere/Never:20260310T100000",
                    " folded",
                    "BEGIN:VTIMEZONE",
                ]
            ),
            max_size=14,
        ).map(lambda lines: "\r\n".join(["BEGIN:VCALENDAR", *lines]).encode()),
    )
)
def test_any_file_is_read_or_refused_in_one_sentence(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.ics"
        path.write_bytes(data)
        journal = Journal.open(Path(folder) / "journal", clock=lambda: london(2026, 3, 1, 9))
        try:
            found = read_calendar(path, TODAY)
        except ImportFileError as error:
            assert "\n" not in str(error) and "nothing was imported" in str(error)
            assert not (Path(folder) / "journal" / "sessions.json").exists()
            return
        import_calendar(journal, found, kind_given=False)
        for session in journal.sessions():
            assert session.start.tzinfo is not None and session.end >= session.start
        stored = (
            json.loads((Path(folder) / "journal" / "sessions.json").read_text())
            if (Path(folder) / "journal" / "sessions.json").exists()
            else {"sessions": {}}
        )
        assert len(stored["sessions"]) == len(journal.sessions())
