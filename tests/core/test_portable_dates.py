"""Dates are written the same on every platform: no strftime code only glibc knows."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from companion.core.dates import shown_date

ROOT = Path(__file__).resolve().parents[2]
#: Codes Windows' strftime refuses (%-d) or reads another way (%#d): glibc-only or MSVC-only.
PLATFORM_ONLY = re.compile(r"%[-#][A-Za-z]")


class WindowsDate(date):
    """A date whose strftime behaves like Windows': a glibc-only code is an error."""

    def strftime(self, layout: str) -> str:
        if PLATFORM_ONLY.search(layout):
            raise ValueError("Invalid format string")
        return super().strftime(layout)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_shown_date_writes_the_day_without_a_leading_zero_on_windows(day: date) -> None:
    as_windows = WindowsDate(day.year, day.month, day.day)
    said = shown_date(as_windows, "%A %-d %B %Y")
    assert said == f"{day:%A} {day.day} {day:%B %Y}"


def test_shown_date_takes_times_too() -> None:
    assert shown_date(datetime(2026, 12, 4, 9, 5), "%-d %b %H:%M") == "4 Dec 09:05"


def test_no_module_uses_a_platform_only_date_code() -> None:
    found = []
    for folder in ("companion", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "dates.py" and path.parent.name == "core":
                continue  # the one place that turns %-d into the day itself
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PLATFORM_ONLY.search(line) and "shown_date(" not in line:
                    found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == [], "write such dates with companion.core.dates.shown_date"


@given(st.integers(min_value=1, max_value=9998), st.integers(min_value=1, max_value=12))
def test_days_in_month_is_the_calendars(year: int, month: int) -> None:
    """The date phrases count a month's days themselves (the calendar module is not loaded
    before Home's first frame): always as the calendar does."""
    import calendar

    from companion.core.dates import days_in_month

    assert days_in_month(year, month) == calendar.monthrange(year, month)[1]


def test_the_calendar_model_loads_no_time_zone_until_one_is_wanted() -> None:
    """zoneinfo (with sysconfig, about 0.2 MB) loads only when a local zone is asked for."""
    import subprocess
    import sys

    code = "import sys, companion.core.calendar.model; print('zoneinfo' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
