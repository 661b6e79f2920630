"""Shared fixtures: a journal in a temporary folder with a clock the test controls."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from companion.core.scripts import Library, load_library
from companion.journal import Journal
from tools import sample

# Generated tests are the same on every run (CI reproduces a failure) and keep no database in the
# checkout; each is bounded by its example count, never by a clock.
settings.register_profile(
    "companion",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("companion")

ROOT = Path(__file__).resolve().parent.parent
LONDON_WINTER = timezone(timedelta(hours=0), "GMT")


class FakeClock:
    """A clock that only moves when the test says so."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> datetime:
        self.moment += timedelta(**delta)
        return self.moment


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 20, 16, 30, tzinfo=LONDON_WINTER))


@pytest.fixture
def journal_dir(tmp_path: Path) -> Path:
    return tmp_path / "journal"


@pytest.fixture
def journal(journal_dir: Path, clock: FakeClock) -> Journal:
    return Journal.open(journal_dir, clock=clock, lock_timeout=2.0)


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(include_user=False)


@pytest.fixture(scope="session")
def ten_years(library: Library) -> sample.Sample:
    """The ten-year sample journal (2,000 entries, 3,000 commitments), in memory, built once."""
    return sample.build(sample.TEN_YEARS, library=library)


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """No test reads or writes the real user's journal or scripts.

    Companion's own variables do it on every platform (platformdirs ignores HOME and XDG_* on
    Windows); HOME (and USERPROFILE, Windows' home) only keep other libraries in the folder.
    The journal is where the default would put it, so a test of the default sees the same."""
    home = tmp_path_factory.mktemp("home")
    data = home / "companion-data"
    monkeypatch.setenv("COMPANION_DATA_DIR", str(data))
    monkeypatch.setenv("COMPANION_CONFIG_DIR", str(home / "companion-config"))
    monkeypatch.setenv("COMPANION_CACHE_DIR", str(home / "companion-cache"))
    monkeypatch.setenv("COMPANION_JOURNAL", str(data / "journal"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr("companion.core.dates.DATE_ORDER", "day-month")  # set by faces at start
    yield


@pytest.fixture(autouse=True)
def _time_zone_restored() -> Iterator[None]:
    """A test that changes TZ (and calls tzset) leaves the process's time zone as it found it."""
    before = os.environ.get("TZ")
    yield
    if os.environ.get("TZ") != before:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
    if hasattr(time, "tzset"):  # POSIX only; monkeypatch has restored TZ, tzset re-reads it
        time.tzset()


def run_companion(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run `python -m companion` as a user would run the command, capturing its output."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        timeout=timeout,
        cwd=ROOT,
    )


@pytest.fixture
def companion_cli():  # type: ignore[no-untyped-def]
    return run_companion
