"""The programme's sessions in tests: London's clocks, and a session added in one line."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.core.calendar.model import Session, SessionKind, guess_kind
from companion.journal import Journal

LONDON = ZoneInfo("Europe/London")


def use_london(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's clock in London (the autouse fixture in conftest restores it)."""
    monkeypatch.setenv("TZ", "Europe/London")
    if hasattr(time, "tzset"):
        time.tzset()
    assert os.environ["TZ"] == "Europe/London"


def london(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LONDON)  # type: ignore[misc]


def add_session(
    journal: Journal,
    title: str,
    start: datetime,
    minutes: int = 60,
    kind: SessionKind | None = None,
) -> Session:
    session = Session(
        journal.new_id(),
        title,
        kind or guess_kind(title),
        start,
        start + timedelta(minutes=minutes),
    )
    journal.add_sessions([session])
    return session
