"""Records read from the journal stay small: Home holds hundreds of them at ten years, the
read-ahead every one, so each byte a record or one of its moments carries is paid many times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from companion.core.model import Answer, Commitment, CommitmentStatus, Edit, Entry, StatusChange
from companion.journal import converters


def _doc(at: list[str]) -> dict[str, object]:
    return {
        "id": "c1",
        "text": "Call Sam",
        "created": at[0],
        "status": "open",
        "history": [{"at": moment, "status": "open"} for moment in at],
    }


def test_moments_read_share_one_offset_object_each() -> None:
    """Every moment read made its own offset object (72 bytes each, tens of thousands of
    moments at ten years); now each offset is kept once."""
    at = [f"2026-0{m}-0{d}T09:30:00+01:00" for m in range(1, 4) for d in range(1, 9)]
    at += [f"2026-07-0{d}T09:30:00.5+02:00" for d in range(1, 9)]
    moments = [c.at for c in converters.commitment_from_doc(_doc(at)).history]
    assert len({id(m.tzinfo) for m in moments}) == 2
    assert [m.isoformat() for m in moments] == [datetime.fromisoformat(a).isoformat() for a in at]


@given(st.lists(st.integers(min_value=-23 * 60, max_value=23 * 60), min_size=1, max_size=90))
def test_any_offsets_read_back_as_written(minutes: list[int]) -> None:
    """However many offsets a file holds (past the few kept once), each moment reads exactly."""
    written = [
        datetime(2026, 5, 1, 9, 30, tzinfo=timezone(timedelta(minutes=m))).isoformat()
        for m in minutes
    ]
    read = converters.commitment_from_doc(_doc(written)).history
    assert [c.at for c in read] == [datetime.fromisoformat(w) for w in written]
    assert [c.at.utcoffset() for c in read] == [timedelta(minutes=m) for m in minutes]


def test_records_keep_no_dictionary_each() -> None:
    """Each record's fields sit in the object itself (slots), not in a dictionary beside it."""
    now = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    change = StatusChange(now, CommitmentStatus.OPEN)
    records = [
        change,
        Commitment("c1", "Call Sam", now, history=[change]),
        Entry("e1", "s", 1, "S", now, now, answers=[Answer("a", "A?", "text", "yes")]),
        Answer("a", "A?", "text", "yes"),
        Edit(now),
    ]
    assert [hasattr(record, "__dict__") for record in records] == [False] * len(records)


@given(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)),
    st.integers(min_value=-(24 * 3600 - 1), max_value=24 * 3600 - 1),
)
@example(datetime(1, 1, 1), 3600)
@example(datetime(9999, 12, 31, 23, 59, 59, 999999), -3600)
def test_a_moment_anywhere_in_the_calendar_reads_exactly_as_written(
    moment: datetime, seconds: int
) -> None:
    """The shared offset is put in place without datetime.replace (ten times its cost), and at
    the very ends of the calendar, where that cannot be worked out, as before."""
    written = moment.replace(tzinfo=timezone(timedelta(seconds=seconds))).isoformat()
    expected = datetime.fromisoformat(written)
    converters._ZONES.clear()  # a cache: room for this offset, so that it is shared
    for _ in range(2):  # the first reading keeps its offset; the second shares it
        read = converters.commitment_from_doc(_doc([written])).history[0].at
        assert (read, read.isoformat(), read.fold) == (expected, written, expected.fold)
        assert read.utcoffset() == expected.utcoffset()
