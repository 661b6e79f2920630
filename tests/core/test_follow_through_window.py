"""Follow-through over the last months (Home's sparkline) is the whole journal's, cut to those
months: counting only what falls in them (the fast way) changes no figure."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from companion.core.model import Commitment, CommitmentStatus, Entry, StatusChange
from companion.core.views.reports import follow_through_stats

TODAY = date(2026, 11, 20)
_days = st.integers(min_value=-4 * 365, max_value=60).map(lambda n: TODAY + timedelta(days=n))
_moments = _days.map(lambda d: datetime.combine(d, time(12), tzinfo=UTC))


@st.composite
def _commitments(draw: st.DrawFn, index: int) -> Commitment:
    history = [
        StatusChange(draw(_moments), draw(st.sampled_from(list(CommitmentStatus))))
        for _ in range(draw(st.integers(0, 3)))
    ]
    return Commitment(
        id=f"c{index:04d}",
        text="Walk the estate with Ruth",
        created=draw(_moments),
        due=draw(st.none() | _days | st.just(date(1, 1, 1))),
        status=draw(st.sampled_from(list(CommitmentStatus))),
        history=history,
    )


def _entry(index: int, completed: datetime) -> Entry:
    return Entry(f"e{index:04d}", "learning-diary", 1, "Learning diary", completed, completed)


@given(
    commitments=st.lists(st.integers(0, 10**6), max_size=25).flatmap(
        lambda keys: st.tuples(*(_commitments(i) for i in range(len(keys))))
    ),
    finished=st.lists(_moments, max_size=25),
    months=st.none() | st.integers(min_value=-1, max_value=15),
    today=st.sampled_from([TODAY, date(2026, 1, 31), date(2024, 2, 29)]),
)
def test_the_last_months_are_the_whole_journals_figures_for_those_months(
    commitments: tuple[Commitment, ...],
    finished: list[datetime],
    months: int | None,
    today: date,
) -> None:
    entries = [_entry(i, moment) for i, moment in enumerate(finished)]
    whole = follow_through_stats(entries, list(commitments), today)
    shown = follow_through_stats(entries, list(commitments), today, months=months)
    expected = whole.months if months is None else whole.months[-months:] if months > 0 else []
    assert shown.months == expected
    assert shown.totals == whole.__class__(today, expected).totals
    assert (shown.open, shown.overdue_now, shown.entries, shown.commitments) == (
        whole.open,
        whole.overdue_now,
        whole.entries,
        whole.commitments,
    )
