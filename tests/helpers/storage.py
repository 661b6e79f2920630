"""Small builders shared by the storage tests (records for given dates, file snapshots)."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from companion.core import ids
from companion.core.model import Answer, Commitment, Draft, Entry

ROOT = Path(__file__).resolve().parent.parent.parent


def at(year: int, month: int, day: int = 15, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def make_commitment(
    when: datetime, text: str = "Ask Priya to co-host the next session"
) -> Commitment:
    return Commitment(id=ids.new_id(at=when), text=text, created=when)


def make_entry(when: datetime, text: str = "We mapped who holds the budget") -> Entry:
    return Entry(
        id=ids.new_id(at=when),
        script_id="learning-diary",
        script_version=1,
        script_title="Learning diary",
        started=when,
        completed=when,
        answers=[Answer("happened", "What happened?", "long", text)],
    )


def make_draft(when: datetime, position: int = 0, text: str = "half an answer") -> Draft:
    return Draft(
        id=ids.new_id(at=when),
        script_id="learning-diary",
        script_version=1,
        script_title="Learning diary",
        started=when,
        updated=when,
        position=position,
        answers={"happened": Answer("happened", "What happened?", "long", text)},
    )


def data_snapshot(folder: Path) -> dict[str, bytes]:
    """Every journal data file's bytes (not the lock, not backups), by relative path."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] == "backups" or path.name == ".lock" or not path.is_file():
            continue
        found[str(relative)] = path.read_bytes()
    return found


def temp_files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*.tmp")]


def modes(folder: Path) -> dict[str, int]:
    """Permission bits of the folder and everything under it (links not followed)."""
    found = {".": stat.S_IMODE(os.stat(folder).st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(os.lstat(path).st_mode)
    return found


def child_env() -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def stderr_sentence(stderr: str) -> str:
    """The single line a CLI failure prints; fails the test on a traceback or several lines."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line of explanation, got: {stderr!r}"
    assert lines[0].startswith("companion: "), lines[0]
    return lines[0]
