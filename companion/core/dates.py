"""Read the dates a leader types: 2026-12-04, tomorrow, next friday, in 2 weeks, 4 Dec."""

from __future__ import annotations

import re
from datetime import date, timedelta

from companion.core.errors import UsageError

# English names written out (the phrases read are English), not the calendar module: it loads
# its locale machinery (about 0.1 MB) for names that never change.
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAYS = {name: i for i, name in enumerate(_DAY_NAMES)}
_WEEKDAYS.update({name[:3]: i for i, name in enumerate(_DAY_NAMES)})
_WEEKDAYS.update({"tues": 1, "wednes": 2, "thur": 3, "thurs": 3})
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, start=1)})
_MONTHS["sept"] = 9
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "fortnight": 14, "fortnights": 14}


def days_in_month(year: int, month: int) -> int:
    """How many days the month has (28 to 31)."""
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (following - timedelta(days=1)).day


EXAMPLES = "2026-12-04, 4 Dec, tomorrow, friday, next friday or in 2 weeks"

#: The years a date may fall in: wider than any leader's life and plans, narrow enough that a
#: slip ("in 999999999 weeks", "0001-01-01") is caught rather than stored or counted from.
FIRST_YEAR = 1900
LAST_YEAR = 2200
#: The most days, weeks or months "in N weeks" or "N weeks ago" may count.
MAX_COUNT = 120_000


class _OutOfRange(ValueError):
    """A date that parses but falls outside FIRST_YEAR to LAST_YEAR."""


#: How dates are shown and how 4/12 is read: "day-month", "month-day" or "iso". The core takes
#: it from here; each face sets it once at start from the leader's settings (use_date_order).
DATE_ORDER = "day-month"

_DAY_MONTH = re.compile(r"%-d %([Bb])( %Y)?")


def use_date_order(order: str) -> None:
    """Show (and read) dates in order from now on in this process; faces call it at start."""
    global DATE_ORDER
    DATE_ORDER = order


def ordered_layout(layout: str, order: str | None = None) -> str:
    """A day-month layout ("%-d %B %Y") in the leader's order: "%B %-d, %Y" or "%Y-%m-%d"."""
    order = order or DATE_ORDER
    if order == "month-day":
        return _DAY_MONTH.sub(lambda m: f"%{m[1]} %-d" + (f",{m[2]}" if m[2] else ""), layout)
    if order == "iso":
        return _DAY_MONTH.sub("%Y-%m-%d", layout)
    return layout


def shown_date(moment: date, layout: str, order: str | None = None) -> str:
    """moment in layout, strftime's codes plus %-d (the day without a leading zero) on every
    platform: Windows' strftime refuses %-d, glibc's alone knows it. A layout written day
    first follows the date order (order, else the one the face set: see use_date_order)."""
    layout = ordered_layout(layout, order)
    return moment.strftime(layout.replace("%-d", str(moment.day)))


def out_of_range(day: date) -> bool:
    """Whether day falls outside the years Companion takes (FIRST_YEAR to LAST_YEAR)."""
    return not FIRST_YEAR <= day.year <= LAST_YEAR


def _quoted(text: str) -> str:
    """What was typed, shortened so a very long slip does not fill the screen."""
    return text if len(text) <= 40 else text[:37] + "..."


def range_sentence(text: str) -> str:
    """One sentence for a date outside the years Companion takes."""
    return (
        f"'{_quoted(text)}' is outside the dates Companion takes: give a date from {FIRST_YEAR} "
        f"to {LAST_YEAR}."
    )


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _OutOfRange(str(year))
    day = min(start.day, days_in_month(year, month))
    return date(year, month, day)


def _day_month(day: int, month: int, year: int | None, today: date, past: bool = False) -> date:
    if year is None:
        candidate = date(today.year, month, day)
        if past:
            return candidate if candidate <= today else date(today.year - 1, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    if year < 100:
        year += 2000
    return date(year, month, day)


PAST_EXAMPLES = "2026-10-01, 1 Oct, yesterday, friday, last week or 3 weeks ago"


def parse_date(text: str, today: date, *, past: bool = False) -> date:
    """A date from what a person typed, relative to today; UsageError if it does not parse.

    A day without a year, or a weekday, means the next one to come (a due date) or, with
    past=True, the latest one gone (the start or end of a period to look back over).
    """
    said = " ".join(text.strip().lower().replace(",", " ").split())
    examples = PAST_EXAMPLES if past else EXAMPLES
    if not said:
        raise UsageError(f"Type a date, such as {examples}.")
    try:
        found = _parse(said, today, past)
    except (_OutOfRange, OverflowError):
        raise UsageError(range_sentence(text.strip())) from None
    except ValueError:
        pass
    else:
        if out_of_range(found):
            raise UsageError(range_sentence(text.strip()))
        return found
    raise UsageError(
        f"Companion could not read '{_quoted(text.strip())}' as a date. Try {examples}."
    )


def _shift(today: date, count_text: str, unit: str, *, sign: int) -> date:
    """today moved by "3 weeks", "two months" (sign 1 ahead, -1 back)."""
    if count_text.isdigit() and len(count_text) > len(str(MAX_COUNT)):
        raise _OutOfRange(count_text)  # before int(): thousands of digits are refused there
    count = int(count_text) if count_text.isdigit() else _NUMBERS.get(count_text)
    if count is None:
        raise ValueError(count_text)
    if count > MAX_COUNT:
        raise _OutOfRange(count_text)
    if unit in _UNITS:
        return today + timedelta(days=sign * count * _UNITS[unit])
    if unit in ("month", "months"):
        return _add_months(today, sign * count)
    raise ValueError(unit)


def _parse(said: str, today: date, past: bool = False) -> date:
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", said):
        year, month, day = (int(part) for part in said.split("-"))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise _OutOfRange(said)
        return date(year, month, day)
    if said == "today":
        return today
    if said == "tomorrow":
        return today + timedelta(days=1)
    if said == "yesterday":
        return today - timedelta(days=1)
    if said == "last week":
        return today - timedelta(days=7 + today.weekday())
    if said == "last month":
        return _add_months(today, -1).replace(day=1)
    match = re.fullmatch(r"last ([a-z]+)", said)
    if match and match.group(1) in _WEEKDAYS:
        return today - timedelta(days=(today.weekday() - _WEEKDAYS[match.group(1)]) % 7 or 7)
    match = re.fullmatch(r"([a-z]+|\d+) ([a-z]+) ago", said)
    if match:
        return _shift(today, *match.groups(), sign=-1)
    if said in ("end of week", "end of the week"):
        return today + timedelta(days=(4 - today.weekday()) % 7)
    if said in ("end of month", "end of the month"):
        return date(today.year, today.month, days_in_month(today.year, today.month))
    if said == "next week":
        return today + timedelta(days=7 - today.weekday())
    if said == "next month":
        return _add_months(today, 1)
    match = re.fullmatch(r"(next |this |on )?([a-z]+)", said)
    if match and match.group(2) in _WEEKDAYS and past and match.group(1) != "next ":
        return today - timedelta(days=(today.weekday() - _WEEKDAYS[match.group(2)]) % 7)
    if match and match.group(2) in _WEEKDAYS:
        ahead = (_WEEKDAYS[match.group(2)] - today.weekday()) % 7
        if ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead)
    match = re.fullmatch(r"in ([a-z]+|\d+) ([a-z]+)", said)
    if match:
        return _shift(today, *match.groups(), sign=1)
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)(?: (\d{2,4}))?", said)
    if match and match.group(2) in _MONTHS:
        given_year = int(match.group(3)) if match.group(3) else None
        return _day_month(int(match.group(1)), _MONTHS[match.group(2)], given_year, today, past)
    match = re.fullmatch(r"([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?: (\d{2,4}))?", said)
    if match and match.group(1) in _MONTHS:
        given_year = int(match.group(3)) if match.group(3) else None
        return _day_month(int(match.group(2)), _MONTHS[match.group(1)], given_year, today, past)
    match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?", said)
    if match:
        # Day first, as written in the UK; month first when the leader's date order says so.
        first, second = int(match.group(1)), int(match.group(2))
        day, month = (second, first) if DATE_ORDER == "month-day" else (first, second)
        given_year = int(match.group(3)) if match.group(3) else None
        return _day_month(day, month, given_year, today, past)
    raise ValueError(said)


def describe(day: date, today: date) -> str:
    """A date as a person says it: 'Friday 4 December 2026 (in 12 days)'."""
    name = shown_date(day, "%A %-d %B %Y")
    delta = (day - today).days
    if delta == 0:
        relative = "today"
    elif delta == 1:
        relative = "tomorrow"
    elif delta == -1:
        relative = "yesterday"
    elif delta > 0:
        relative = f"in {delta} days"
    else:
        relative = f"{-delta} days ago"
    return f"{name} ({relative})"
