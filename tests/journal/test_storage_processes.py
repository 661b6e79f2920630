"""Real processes against one journal: kill -9 in the middle of saving, two Companions at once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from companion.core.errors import JournalBusy
from companion.core.model import CommitmentStatus
from companion.journal import Journal, doctor, files
from tests.helpers.storage import ROOT, at, child_env, make_commitment, stderr_sentence, temp_files

pytestmark = pytest.mark.slow

# A Companion that saves as fast as it can, printing each id only after its save returned.
SAVER = r"""
import sys
from datetime import datetime, timezone
from pathlib import Path

from companion.core import ids
from companion.journal import Journal
from companion.core.model import Answer, CommitmentStatus, Draft, Entry

journal = Journal.open(Path(sys.argv[1]), lock_timeout=30)
tag = sys.argv[2]
now = datetime.now(timezone.utc)


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


draft = Draft(id=ids.new_id(), script_id="learning-diary", script_version=1,
              script_title="Learning diary", started=now, updated=now)
journal.save_draft(draft)
say("ready")
say("d %s 0" % draft.id)
i = 0
while True:
    i += 1
    commitment = journal.add_commitment("%s commitment %d" % (tag, i))
    say("c " + commitment.id)
    entry = Entry(id=ids.new_id(), script_id="learning-diary", script_version=1,
                  script_title="Learning diary", started=now, completed=now,
                  answers=[Answer("happened", "What happened?", "long", tag + " x" * (i % 40))])
    journal.save_entry(entry)
    say("e " + entry.id)
    draft.position = i
    draft.answers = {"happened": Answer("happened", "What happened?", "long", "y" * (i % 30))}
    journal.save_draft(draft)
    say("d %s %d" % (draft.id, i))
    if i % 3 == 0:
        journal.set_commitment_status(commitment.id, CommitmentStatus.DONE)
        say("s " + commitment.id)
    if i % 7 == 0:
        journal.set_meta("last_review", str(i))
        say("m %d" % i)
"""

NOVEMBER = at(2026, 11, 15)
KILL_TRIALS = 52
FOLDERS = 4


def _confirmed(stdout: str) -> list[list[str]]:
    """Complete lines only: a line cut by the kill was never confirmed."""
    lines = stdout.split("\n")
    return [line.split() for line in lines[:-1] if line and line != "ready"]


def _check_after_kill(folder: Path, confirmed: list[list[str]], context: str) -> None:
    findings = doctor.check(folder)
    problems = [f for f in findings if not f.ok]
    assert problems == [], f"{context}: {problems}"
    journal = Journal.open(folder)
    assert not temp_files(folder), f"{context}: leftover temp files survived Journal.open"
    commitments = {c.id: c for c in journal.commitments()}
    entries = {e.id for e in journal.entries()}
    drafts = {d.id: d for d in journal.drafts()}
    for fields in confirmed:
        kind, record = fields[0], fields[1]
        if kind == "c":
            assert record in commitments, f"{context}: saved commitment {record} is missing"
        elif kind == "s":
            assert commitments[record].status == CommitmentStatus.DONE, f"{context}: {record}"
        elif kind == "e":
            assert record in entries, f"{context}: saved entry {record} is missing"
        elif kind == "d":
            assert record in drafts, f"{context}: saved draft {record} is missing"
            assert drafts[record].position >= int(fields[2]), f"{context}: draft went back"
        elif kind == "m":
            assert int(journal.meta["last_review"]) >= int(record), f"{context}: meta went back"


def test_kill_9_at_random_instants_never_loses_or_damages_a_saved_record(tmp_path: Path) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    chance = random.Random(seed)
    folders = [tmp_path / f"journal-{n}" for n in range(FOLDERS)]
    killed_mid_save = 0
    confirmed_commitments = dict.fromkeys(folders, 0)
    for trial in range(KILL_TRIALS):
        folder = folders[trial % FOLDERS]
        context = f"trial {trial} (seed {seed})"
        child = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(folder), f"t{trial}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=child_env(),
        )
        try:
            assert child.stdout is not None
            first = child.stdout.readline()
            assert first == "ready\n", (
                f"{context}: {first!r} {child.stderr.read() if child.stderr else ''}"
            )
            time.sleep(chance.uniform(0.005, 0.060))
            child.send_signal(signal.SIGKILL)
            stdout, stderr = child.communicate(timeout=10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == -signal.SIGKILL, f"{context}: child ended by itself: {stderr}"
        assert "Traceback" not in stderr, f"{context}: {stderr}"
        confirmed = _confirmed(stdout)
        confirmed_commitments[folder] += sum(1 for fields in confirmed if fields[0] == "c")
        if temp_files(folder):
            killed_mid_save += 1
        _check_after_kill(folder, confirmed, context)
    # Each folder kept growing across its trials, and every trial confirmed saves.
    assert sum(confirmed_commitments.values()) > 0, "the children never got to save"
    for folder, confirmed_count in confirmed_commitments.items():  # each folder kept growing
        assert len(Journal.open(folder).commitments()) >= confirmed_count
    print(f"seed {seed}: {killed_mid_save} of {KILL_TRIALS} kills left a temp file behind")


# ---------------------------------------------------------------------- two Companions at once

ADDER = r"""
import sys
from pathlib import Path

from companion.core import ids
from companion.journal import Journal
from companion.core.model import CommitmentStatus, Draft
from datetime import datetime, timezone

journal = Journal.open(Path(sys.argv[1]), lock_timeout=30)
count, tag = int(sys.argv[2]), sys.argv[3]
now = datetime.now(timezone.utc)
draft = Draft(id=ids.new_id(), script_id="learning-diary", script_version=1,
              script_title="Learning diary", started=now, updated=now)
print("ready", flush=True)
sys.stdin.readline()
for i in range(count):
    commitment = journal.add_commitment("%s %d" % (tag, i))
    if i % 4 == 0:
        journal.set_commitment_status(commitment.id, CommitmentStatus.DONE, note=tag)
    draft.position = i % 10
    journal.save_draft(draft)
    print(commitment.id, flush=True)
print("draft", draft.id, draft.position, flush=True)
"""


def _start(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=child_env(),
    )


def test_two_companions_adding_at_once_keep_every_record(journal_dir: Path) -> None:
    Journal.open(journal_dir)
    count = 40
    children = [_start(ADDER, str(journal_dir), str(count), tag) for tag in ("left", "right")]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children:  # both start saving at the same moment
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    outputs = [child.communicate(timeout=60) for child in children]
    for child, (_, stderr) in zip(children, outputs, strict=True):
        assert child.returncode == 0, stderr

    journal = Journal.open(journal_dir)
    found = {c.id: c for c in journal.commitments()}
    assert len(found) == 2 * count
    texts = {c.text for c in found.values()}
    assert texts == {f"{tag} {i}" for tag in ("left", "right") for i in range(count)}
    shards = {p.name for p in (journal_dir / "commitments").iterdir()}
    assert len(shards) <= 2  # one month (two only if the test straddles midnight at month end)
    for tag, (stdout, _) in zip(("left", "right"), outputs, strict=True):
        lines = stdout.split()
        *ids_printed, _, draft_id, position = lines
        assert set(ids_printed) <= set(found)
        done = [
            c for c in found.values() if c.text.startswith(tag + " ") and c.status.value == "done"
        ]
        assert len(done) == count // 4
        assert all(c.history[-1].note == tag for c in done)
        assert journal.draft(draft_id).position == int(position)


TWO_SAVES = r"""
import sys
from pathlib import Path
from datetime import datetime, timezone

from companion.core import ids
from companion.journal import Journal
from companion.core.model import Answer, Draft, Entry

journal = Journal.open(Path(sys.argv[1]))
now = datetime.now(timezone.utc)
commitment = journal.add_commitment("from the other window")
entry = Entry(id=ids.new_id(), script_id="learning-diary", script_version=1,
              script_title="Learning diary", started=now, completed=now,
              answers=[Answer("happened", "What happened?", "long", "other window")])
journal.save_entry(entry)
draft = Draft(id=ids.new_id(), script_id="learning-diary", script_version=1,
              script_title="Learning diary", started=now, updated=now)
journal.save_draft(draft)
print(commitment.id, entry.id, draft.id)
"""


def test_an_open_journal_sees_what_another_process_saved(journal: Journal) -> None:
    mine = journal.add_commitment("from this window")
    assert [c.id for c in journal.commitments()] == [mine.id]
    assert journal.entries() == [] and journal.drafts() == []
    before = journal.state()

    done = subprocess.run(
        [sys.executable, "-c", TWO_SAVES, str(journal.folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=child_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    commitment_id, entry_id, draft_id = done.stdout.split()

    assert journal.state() != before
    assert [c.id for c in journal.commitments()] == sorted([mine.id, commitment_id])
    assert [e.id for e in journal.entries()] == [entry_id]
    assert [d.id for d in journal.drafts()] == [draft_id]
    # And this window's next save keeps the other window's record.
    journal.add_commitment("from this window, later")
    assert commitment_id in {c.id for c in Journal.open(journal.folder).commitments()}


HOLDER = r"""
import sys, time
from pathlib import Path
from companion.journal import Journal

journal = Journal.open(Path(sys.argv[1]))
with journal.locked():
    print("locked", flush=True)
    time.sleep(120)
"""


@pytest.fixture
def lock_holder(journal_dir: Path) -> Iterator[subprocess.Popen[str]]:
    Journal.open(journal_dir).save_commitment(make_commitment(NOVEMBER, "before the lock"))
    child = _start(HOLDER, str(journal_dir))
    try:
        assert child.stdout is not None and child.stdout.readline() == "locked\n"
        yield child
    finally:
        child.kill()
        child.wait()


def test_a_journal_held_by_another_companion_is_busy_not_broken(
    journal_dir: Path, lock_holder: subprocess.Popen[str], companion_cli: Callable[..., Any]
) -> None:
    waiting = Journal(journal_dir, lock_timeout=0.3)
    shard = journal_dir / "commitments" / "2026-11.json"
    before = shard.read_bytes()
    assert [c.text for c in waiting.commitments()] == ["before the lock"], "reading needs no lock"
    with pytest.raises(JournalBusy) as raised:
        waiting.save_commitment(make_commitment(NOVEMBER, "while locked"))
    assert "busy" in str(raised.value)
    assert shard.read_bytes() == before

    result = companion_cli("--journal", str(journal_dir), "commitments", "add", "while locked")
    assert result.returncode == JournalBusy.exit_code
    line = stderr_sentence(result.stderr)
    assert "busy" in line and "another Companion" in line
    assert result.stdout == ""
    assert shard.read_bytes() == before

    lock_holder.kill()  # the other Companion goes away (even by kill -9): the lock is free
    lock_holder.wait()
    waiting.save_commitment(make_commitment(NOVEMBER, "after the lock"))
    assert {c.text for c in Journal.open(journal_dir).commitments()} == {
        "before the lock",
        "after the lock",
    }
    assert not files.leftover_temp_files(journal_dir)
