"""The date order setting: dates shown and slash dates read in the leader's order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.cli import run
from companion.core import dates
from companion.core.settings import set_setting


@pytest.mark.parametrize(
    ("order", "long", "short", "typed"),
    [
        ("day-month", "Friday 4 December 2026", "4 Dec", date(2026, 12, 4)),
        ("month-day", "Friday December 4, 2026", "Dec 4", date(2027, 4, 12)),
        ("iso", "Friday 2026-12-04", "2026-12-04", date(2026, 12, 4)),
    ],
)
def test_dates_follow_the_order(order: str, long: str, short: str, typed: date) -> None:
    dates.use_date_order(order)
    day = date(2026, 12, 4)
    assert dates.shown_date(day, "%A %-d %B %Y") == long
    assert dates.shown_date(day, "%-d %b") == short
    assert dates.parse_date("4/12", date(2026, 11, 30)) == typed


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
    st.sampled_from(["day-month", "month-day"]),
)
def test_a_date_shown_in_full_is_read_back(day: date, order: str) -> None:
    dates.use_date_order(order)
    shown = dates.shown_date(day, "%-d %B %Y")
    assert dates.parse_date(shown.replace(",", ""), day) == day


def test_a_command_reads_and_shows_dates_in_the_order_set(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    set_setting("date_order", "month-day")
    folder = ["--journal", str(tmp_path / "journal")]
    assert run(["commitments", "add", "Call Priya", "--due", "4/12/2027", *folder]) == 0
    made = capsys.readouterr().out.strip()
    assert run(["commitments", "show", made, *folder]) == 0
    assert "Due: Monday April 12, 2027" in capsys.readouterr().out
