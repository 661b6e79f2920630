"""Build the fictional demo journal in journals/demo/ by driving Companion's real core.

The story itself is data: tools/demo_story.toml holds Amira's six months (every entry with its
answers, private marks and tags, every change to a commitment) and says how it is laid out. This
script replays it: every entry is written through a real Session, and every commitment change goes
through the Journal, with a clock that the story moves forward. Nothing here writes journal files
directly.

Every person, place and organisation in the story is invented.

Run it from the repository root:

    .venv/bin/python tools/make_demo.py            # rebuilds journals/demo/
    .venv/bin/python tools/make_demo.py /tmp/x/demo # or a folder inside the temp directory

The output is the same on every run: the clock is scripted and the random part of each id
comes from a seeded generator.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path
from typing import Any
from unittest import mock

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from companion.core import ids  # noqa: E402
from companion.core.model import CommitmentStatus  # noqa: E402
from companion.core.scripts import load_library  # noqa: E402
from companion.core.session import Session  # noqa: E402
from companion.journal import Journal  # noqa: E402

DEFAULT_FOLDER = ROOT / "journals" / "demo"
STORY = HERE / "demo_story.toml"
SEED = 20261120
#: The day the demo is meant to be opened "as of": the celebration event.
AS_OF = date(2026, 11, 20)
#: Where the story starts: the end of the introductory workshop.
START = datetime(2026, 5, 21, 16, 30)

BST = timezone(timedelta(hours=1), "BST")
GMT = timezone(timedelta(0), "GMT")
CLOCKS_GO_BACK = date(2026, 10, 25)

#: What each kind of record in the story may hold (tools/demo_story.toml explains them).
FIELDS = {
    "entry": {"when", "script", "key", "extra_tags", "private", "shared", "answers", "review"},
    "change": {"when", "key", "status", "note", "due", "step"},
}
#: The decision a weekly review records for a commitment the story says nothing about.
STILL_ON: dict[str, Any] = {"decision": "still-on"}


# ---------------------------------------------------------------------- time and ids


def london(moment: datetime) -> datetime:
    """A wall-clock time in (fixed-offset) UK time: +01:00 in summer, +00:00 from 25 October."""
    zone = BST if moment.date() < CLOCKS_GO_BACK else GMT
    return moment.replace(tzinfo=zone)


class DemoClock:
    """A clock that only moves when the story says so."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        if moment < self.moment:
            raise SystemExit(f"The demo clock cannot go back from {self.moment} to {moment}.")
        self.moment = moment

    def advance(self, minutes: int) -> None:
        self.moment += timedelta(minutes=minutes)


@contextmanager
def reproducible_ids(seed: int = SEED) -> Iterator[None]:
    """Ids take their time from the journal clock; this fixes their random part too."""
    with mock.patch.object(ids, "random_below", random.Random(seed).randrange):
        yield


# ---------------------------------------------------------------------- the story


def load_story(path: Path = STORY) -> list[dict[str, Any]]:
    """The story's entries and commitment changes, in the order they happened."""
    with path.open("rb") as file:
        story = tomllib.load(file)
    events = [{**entry, "kind": "entry"} for entry in story.get("entry", [])]
    events += [{**change, "kind": "change"} for change in story.get("change", [])]
    for event in events:
        check_event(event)
    events.sort(key=lambda event: event["when"])
    for before, after in pairwise(events):
        if before["when"] == after["when"]:
            raise SystemExit(f"Two moments in the story are both {after['when']}: move one on.")
    return events


def check_event(event: dict[str, Any]) -> None:
    """Catch a mistyped field, which the builder would otherwise silently ignore."""
    kind, when = event["kind"], event.get("when")
    unknown = set(event) - FIELDS[kind] - {"kind"}
    if unknown or not isinstance(when, datetime):
        raise SystemExit(f"A story {kind} at {when}: unknown fields or no time {sorted(unknown)}")
    marked = {*event.get("private", ()), *event.get("shared", ())}
    if missing := marked - set(event.get("answers", {})):
        raise SystemExit(f"The {kind} at {when} marks answers it does not give: {sorted(missing)}")


def _words(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_words(v) for v in value.values())
    if isinstance(value, list):
        return sum(_words(v) for v in value)
    return len(str(value).split()) if value is not None else 0


def _thinking_minutes(value: Any) -> int:
    """How long the answer took to write, roughly: a minute, plus one per thirty words."""
    return 1 + _words(value) // 30


def _privacy(entry: dict[str, Any], step_id: str) -> bool | None:
    """True if she marked the answer private, False if she shared a private-by-default one."""
    if step_id in entry.get("private", ()):
        return True
    if step_id in entry.get("shared", ()):
        return False
    return None


# ---------------------------------------------------------------------- the driver


class Demo:
    """Writes Amira's journal through Session and Journal, keeping track of her commitments."""

    def __init__(self, journal: Journal, clock: DemoClock) -> None:
        self.journal = journal
        self.clock = clock
        self.library = load_library(include_user=False)
        self.commitment_ids: dict[str, str] = {}
        self.labels: dict[str, str] = {}

    def play(self, event: dict[str, Any]) -> None:
        if event["kind"] == "entry":
            self.reflect(event)
        else:
            self.change(event)

    def reflect(self, entry: dict[str, Any]) -> None:
        """Run one script from start to finish at the entry's moment."""
        when, script_id = london(entry["when"]), entry["script"]
        self.clock.set(when)
        session = Session(self.library.get(script_id), self.journal)
        if "review" in entry:
            self._review(session, dict(entry["review"]))
        for step_id, given in entry.get("answers", {}).items():
            self.clock.advance(_thinking_minutes(given))
            session.answer(given, step_id=step_id, private=_privacy(entry, step_id))
        self.clock.advance(1)
        result = session.finish(extra_tags=list(entry.get("extra_tags", ())))
        key = entry.get("key")
        if key is not None:
            if len(result.commitments) != 1:
                raise SystemExit(f"{script_id} on {when:%d %B}: expected one commitment for {key}.")
            self.commitment_ids[key] = result.commitments[0].id
            self.labels[result.commitments[0].id] = key
        elif result.commitments:
            raise SystemExit(f"{script_id} on {when:%d %B}: a commitment needs a key.")

    def _review(self, session: Session, decisions: dict[str, dict[str, Any]]) -> None:
        for runtime in session.steps:
            if runtime.commitment is None:
                continue
            decision = decisions.pop(self.labels[runtime.commitment.id], STILL_ON)
            note = decision.get("note")
            self.clock.advance(_thinking_minutes(note))
            value = {name: decision.get(name) for name in ("decision", "note", "due", "step")}
            private = True if decision.get("private") else None
            session.answer(value, step_id=runtime.id, private=private)
        if decisions:
            raise SystemExit(
                f"Review decisions for commitments not under review: {sorted(decisions)}"
            )

    def _commitment(self, key: str) -> str:
        if key not in self.commitment_ids:
            raise SystemExit(f"No entry before this change made a commitment with key {key}.")
        return self.commitment_ids[key]

    def change(self, change: dict[str, Any]) -> None:
        """A change made from the commitments list, between entries."""
        self.clock.set(london(change["when"]))
        due = change.get("due")
        self.journal.set_commitment_status(
            self._commitment(change["key"]),
            CommitmentStatus(change["status"]),
            note=change["note"],
            due=date.fromisoformat(due) if due else None,
            step=change.get("step"),
        )


def write_story(demo: Demo, story: Sequence[dict[str, Any]] | None = None) -> None:
    for event in load_story() if story is None else story:
        demo.play(event)


# ---------------------------------------------------------------------- building and checking


def check_folder(folder: Path) -> Path:
    """Refuse any folder but journals/demo or a scratch folder inside the temporary directory.

    A checkout may itself live in the temporary directory (as in CI), so nothing inside the
    checkout counts as scratch except journals/demo.
    """
    folder = folder.expanduser().resolve()
    temp = Path(tempfile.gettempdir()).resolve()
    checkout = DEFAULT_FOLDER.resolve().parent.parent
    scratch = folder != temp and folder.is_relative_to(temp) and not folder.is_relative_to(checkout)
    allowed = folder == DEFAULT_FOLDER.resolve() or scratch
    if not allowed:
        raise SystemExit(
            f"Refusing to build the demo journal in {folder}: it is rebuilt from scratch, so it "
            f"may only go in {DEFAULT_FOLDER} or a folder inside {temp}."
        )
    if folder.exists():
        if not folder.is_dir():
            raise SystemExit(f"Refusing to replace {folder}: it is a file, not a journal folder.")
        if any(folder.iterdir()) and not (folder / "journal.json").is_file():
            raise SystemExit(f"Refusing to empty {folder}: it is not a journal (no journal.json).")
    return folder


def build_demo(folder: Path = DEFAULT_FOLDER) -> dict[str, Any]:
    """Delete and rebuild the demo journal in folder; return its summary."""
    folder = check_folder(folder)
    if folder.exists():
        shutil.rmtree(folder)
    start = london(START)
    clock = DemoClock(start)
    with reproducible_ids():
        journal = Journal.open(folder, clock=clock)
        write_story(Demo(journal, clock))
        summary = summarise(journal)
    # Noise for a repository: the backups of every save, and the lock file.
    shutil.rmtree(folder / "backups", ignore_errors=True)
    (folder / ".lock").unlink(missing_ok=True)
    return summary


def summarise(journal: Journal, as_of: date = AS_OF) -> dict[str, Any]:
    entries = journal.entries()
    commitments = journal.commitments()
    return {
        "entries": len(entries),
        "by_script": Counter(e.script_id for e in entries),
        "commitments": len(commitments),
        "by_status": Counter(c.status.value for c in commitments),
        "overdue": sum(c.is_overdue(as_of) for c in commitments),
        "private_answers": sum(a.private for e in entries for a in e.answers),
        "tagged_entries": sum(bool(e.tags) for e in entries),
        "first": min(e.started for e in entries),
        "last": max(e.completed for e in entries),
    }


def day_month(day: date) -> str:
    """The day and month, as in 21 May, without a leading zero on any platform."""
    return f"{day.day} {day:%B}"


def print_summary(folder: Path, summary: dict[str, Any]) -> None:
    print(f"Demo journal written to {folder}")
    print(
        f"  {summary['entries']} entries, {day_month(summary['first'])} to "
        f"{day_month(summary['last'])} {summary['last']:%Y}:"
    )
    for script_id, count in sorted(summary["by_script"].items()):
        print(f"    {script_id:<22} {count}")
    print(f"  {summary['commitments']} commitments:")
    for status in CommitmentStatus:
        print(f"    {status.value:<22} {summary['by_status'].get(status.value, 0)}")
    print(f"  {summary['overdue']} overdue as of {day_month(AS_OF)} {AS_OF:%Y}")
    print(f"  {summary['private_answers']} private answers")
    print(f"  {summary['tagged_entries']} entries with tags")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the fictional demo journal.")
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=DEFAULT_FOLDER,
        help=f"where to build it (default {DEFAULT_FOLDER}; otherwise only inside the temp folder)",
    )
    args = parser.parse_args(argv)
    summary = build_demo(args.folder)
    print_summary(check_folder(args.folder), summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
