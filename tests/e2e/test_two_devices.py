"""Two devices, one journal, kept in step by two real Syncthing instances on loopback.

Offline edits on both sides to the same month, then a burst of writes from both at once:
afterwards every record is visible exactly once on both devices, and both changes to a
commitment changed on each side are in its history.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.core.model import CommitmentStatus
from companion.journal import Journal
from tests.conftest import run_companion
from tests.helpers import syncthing
from tests.helpers.storage import make_entry

pytestmark = pytest.mark.slow

BUDGET = 110.0  # seconds for the whole test, Syncthing's start included
BURST = 20.0


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[syncthing.Pair]:
    binary = syncthing.binary()
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("syncthing is missing; `make test` installs it.")
        pytest.skip("syncthing is not installed here (`make test` installs it)")
    devices = syncthing.Pair(tmp_path, binary)
    try:
        yield devices
    finally:
        devices.stop()


def _cli(folder: Path, *args: str) -> object:
    done = run_companion(*args, "--json", "--journal", str(folder), timeout=30)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def _converge(pair: syncthing.Pair, deadline: float) -> None:
    """Open the journal on each side (which merges any conflict copy) until both folders are
    the same and no copy is left."""
    while True:
        pair.settle(deadline)
        copies = [
            p
            for device in (pair.a, pair.b)
            for p in device.folder.rglob("*")
            if ".sync-conflict-" in p.name
            and "backups" not in p.parts
            and not p.name.startswith((".syncthing.", "~syncthing~"))  # a download given up
        ]
        if not copies:
            return
        for device in (pair.a, pair.b):
            Journal.open(device.folder, lock_timeout=10.0)
        assert time.monotonic() < deadline, f"conflict copies are still there: {copies}"


def _seen(folder: Path) -> tuple[list[str], list[str]]:
    """What Companion shows on a device: commitment texts and entry answers (as a leader
    would see them, through the command line)."""
    commitments = _cli(folder, "commitments")
    entries = _cli(folder, "list")
    assert isinstance(commitments, list) and isinstance(entries, list)
    return (
        sorted(c["text"] for c in commitments),
        sorted(e["answers"][0]["value"] for e in entries),
    )


def test_offline_edits_then_a_burst_on_two_devices_lose_and_double_nothing(
    pair: syncthing.Pair,
) -> None:
    deadline = time.monotonic() + BUDGET
    pair.start(deadline)
    laptop, desktop = pair.a.folder, pair.b.folder

    # The journal starts on the laptop and reaches the desktop.
    journal = Journal.open(laptop)
    shared = journal.add_commitment("Ask Priya to co-host the next session")
    journal.save_entry(make_entry(journal.now(), "Shared start"))
    pair.settle(deadline)
    assert (desktop / "commitments").is_dir()

    # Offline: each device changes the same commitment its own way, adds its own records.
    pair.pause()
    on_laptop = Journal.open(laptop)
    on_laptop.set_commitment_status(shared.id, CommitmentStatus.DONE, note="Priya said yes")
    on_laptop.add_commitment("Book the big room")
    on_laptop.save_entry(make_entry(on_laptop.now(), "Written on the laptop"))
    time.sleep(1.1)  # the desktop's change is the later one
    on_desktop = Journal.open(desktop)
    on_desktop.set_commitment_status(shared.id, CommitmentStatus.DROPPED, note="Session is off")
    on_desktop.add_commitment("Tell the team the session is off")
    on_desktop.save_entry(make_entry(on_desktop.now(), "Written on the desktop"))
    pair.resume(deadline)
    _converge(pair, deadline)

    expected = (
        sorted(
            [
                "Ask Priya to co-host the next session",
                "Book the big room",
                "Tell the team the session is off",
            ]
        ),
        ["Shared start", "Written on the desktop", "Written on the laptop"],
    )
    for folder in (laptop, desktop):
        assert _seen(folder) == expected
        shown = _cli(folder, "commitments", "show", shared.id[:8])
        assert isinstance(shown, dict)
        assert [c["status"] for c in shown["history"]] == ["done", "dropped"]
        assert shown["status"] == "dropped" and len(shown["disputed"]) == 2

    # A burst: both devices write at once, each a commitment every 0.2 to 1 s.
    written: dict[str, list[str]] = {"laptop": [], "desktop": []}
    stop = time.monotonic() + BURST

    def write(name: str, folder: Path) -> None:
        chance = random.Random(name)
        while time.monotonic() < stop:
            text = f"{name} commitment {len(written[name]) + 1}"
            Journal.open(folder, lock_timeout=10.0).add_commitment(text)
            written[name].append(text)
            time.sleep(chance.uniform(0.2, 1.0))

    writers = [
        threading.Thread(target=write, args=("laptop", laptop)),
        threading.Thread(target=write, args=("desktop", desktop)),
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert written["laptop"] and written["desktop"]
    _converge(pair, deadline)

    everything = sorted(expected[0] + written["laptop"] + written["desktop"])
    for folder in (laptop, desktop):
        commitments, entries = _seen(folder)
        assert commitments == everything  # each exactly once: none lost, none doubled
        assert entries == expected[1]
