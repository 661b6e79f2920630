"""Confidence over time: the scale answers' mean month by month, in stats and on Home."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.cli import run
from companion.core.model import Answer, Entry
from companion.core.scripts import Library
from companion.core.session import Session
from companion.core.views.confidence import confidence_over_time
from companion.core.views.home import read_home
from companion.journal import Journal
from tests.conftest import LONDON_WINTER, FakeClock


def close_out(journal: Journal, library: Library, feeling: int | None) -> None:
    session = Session(library.get("workshop-close-out"), journal)
    session.answer("A workshop", step_id="session")
    for step in ("resonated", "learned", "try"):
        session.answer("Something", step_id=step)
    session.answer({"text": "Call Sam"}, step_id="commitment")
    if feeling is not None:
        session.answer(feeling, step_id="feeling")
    session.finish()


def _entry(day: date, value: object) -> Entry:
    at = datetime(day.year, day.month, day.day, 12, tzinfo=LONDON_WINTER)
    return Entry(
        id=f"e{day.isoformat()}{value}",
        script_id="workshop-close-out",
        script_version=1,
        script_title="Workshop close-out",
        started=at,
        completed=at,
        answers=[Answer("feeling", "How am I feeling about it?", "scale", value)],  # type: ignore[arg-type]
    )


def test_means_by_month_with_counts_and_a_line_for_home() -> None:
    entries = [
        _entry(date(2026, 6, 3), 2),
        _entry(date(2026, 6, 20), 3),
        _entry(date(2026, 8, 1), 4),
        _entry(date(2026, 9, 1), "four"),  # not a number: left out, never a crash
    ]
    found = confidence_over_time(entries, date(2026, 9, 30))
    assert found.months == ["2026-06", "2026-07", "2026-08", "2026-09"]
    doc = found.as_dict()
    scales = [m["scales"] for m in doc["months"]]
    assert scales[0] == {"workshop-close-out/feeling": {"mean": 2.5, "count": 2}}
    assert scales[1] == {} and scales[3] == {}
    assert found.summary() == "Confidence 2.5 → 4.0 since June 2026"
    assert found.sparkline() == "▄ ▆ "
    assert "  2026-06  2.5  from 2 answers" in found.lines()


@settings(max_examples=30)
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31)),
            st.integers(min_value=1, max_value=5),
        ),
        max_size=30,
    )
)
def test_every_answer_up_to_today_is_counted_once(answers: list[tuple[date, int]]) -> None:
    today = date(2026, 11, 30)
    found = confidence_over_time([_entry(day, value) for day, value in answers], today)
    counted = sum(
        scale["count"] for month in found.as_dict()["months"] for scale in month["scales"].values()
    )
    assert counted == sum(1 for day, _ in answers if day <= today)
    assert len(found.sparkline()) == len(found.months)
    for month in found.as_dict()["months"]:
        for scale in month["scales"].values():
            assert 1 <= scale["mean"] <= 5


def test_stats_show_confidence_beside_follow_through(
    journal: Journal, library: Library, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    first = clock.advance(days=-400)  # the command counts up to the real today
    close_out(journal, library, 2)
    later = clock.advance(days=40)
    close_out(journal, library, 4)
    close_out(journal, library, 5)
    close_out(journal, library, None)
    one, two = f"{first:%Y-%m}", f"{later:%Y-%m}"
    folder = ["--journal", str(journal.folder)]
    assert run(["stats", "--json", *folder]) == 0
    doc = json.loads(capsys.readouterr().out)
    rows = {row["month"]: row for row in doc["confidence"]["months"]}
    assert rows[one]["scales"] == {"workshop-close-out/feeling": {"mean": 2.0, "count": 1}}
    assert rows[two]["scales"] == {"workshop-close-out/feeling": {"mean": 4.5, "count": 2}}
    assert [row["month"] for row in doc["months"]] == list(rows)  # the same months, side by side
    assert doc["confidence"]["questions"][0]["prompt"] == "How am I feeling about it?"
    assert run(["stats", *folder]) == 0
    out = capsys.readouterr().out
    assert "Workshop close-out: How am I feeling about it?" in out
    assert f"  {two}  4.5  from 2 answers" in out


def test_home_sums_up_confidence(journal: Journal, library: Library, clock: FakeClock) -> None:
    close_out(journal, library, 3)
    clock.advance(days=35)
    close_out(journal, library, 5)
    confidence = read_home(journal).confidence
    assert confidence is not None
    assert confidence.summary() == "Confidence 3.0 → 5.0 since November 2026"


def test_no_scale_answers_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert confidence_over_time([], date(2026, 11, 30)).summary() == ""
    assert run(["stats", "--journal", str(tmp_path / "j")]) == 0
    assert "No scale questions answered yet" in capsys.readouterr().out
