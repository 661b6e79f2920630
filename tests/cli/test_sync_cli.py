"""Two devices through the `companion` command: doctor lists and merges conflict copies,
`commitments` shows a commitment the devices disagree about, passwd warns in a synced folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from companion.core.model import CommitmentStatus
from companion.journal import Journal
from companion.journal.crypto import OWASP_MINIMUM
from tests.helpers.storage import at

Cli = Callable[..., Any]
COPY = "2026-11.sync-conflict-20261130-024832-4BV6JOA.json"


def _disagreeing(tmp_path: Path) -> tuple[Path, str]:
    """A journal with a conflict copy in which the other device dropped what this one did."""
    laptop_dir, desktop_dir = tmp_path / "laptop", tmp_path / "desktop"
    laptop = Journal.open(laptop_dir, clock=lambda: at(2026, 11, 20, 9))
    shared = laptop.add_commitment("Ask Priya to co-host the next session")
    shutil.copytree(laptop_dir, desktop_dir)
    Journal.open(laptop_dir, clock=lambda: at(2026, 11, 21, 9)).set_commitment_status(
        shared.id, CommitmentStatus.DONE
    )
    desktop = Journal.open(desktop_dir, clock=lambda: at(2026, 12, 3, 9))
    desktop.set_commitment_status(shared.id, CommitmentStatus.DROPPED)
    Journal.open(desktop_dir, clock=lambda: at(2026, 11, 22, 9)).add_commitment(
        "Tell the team the session is off"
    )
    shutil.copy2(desktop_dir / "commitments" / "2026-11.json", laptop_dir / "commitments" / COPY)
    return laptop_dir, shared.id


def test_doctor_lists_a_copy_then_merge_merges_it(tmp_path: Path, companion_cli: Cli) -> None:
    folder, shared = _disagreeing(tmp_path)
    base = ("--journal", str(folder))
    checked = companion_cli("doctor", *base)
    assert checked.returncode == 1
    assert f"commitments/{COPY}" in checked.stdout
    assert "1 record(s) only it holds" in checked.stdout
    assert "companion doctor --merge" in checked.stdout

    merged = companion_cli("doctor", "--merge", *base)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "merged into commitments/2026-11.json" in merged.stderr + merged.stdout
    assert "All is well." in merged.stdout
    assert not (folder / "commitments" / COPY).exists()

    listed = companion_cli("commitments", *base)
    assert listed.returncode == 0, listed.stderr
    lines = [line for line in listed.stdout.splitlines() if line.strip()]
    assert len(lines) == 2  # each commitment once
    assert "(two devices disagree)" in listed.stdout

    shown = companion_cli("commitments", "show", shared[:8], *base)
    assert shown.returncode == 0, shown.stderr
    assert (
        "Marked done on one device and dropped on the other; the later "
        "(dropped, 3 December 2026) stands until you choose."
    ) in shown.stdout


def test_passwd_warns_when_the_journal_looks_synced(tmp_path: Path, companion_cli: Cli) -> None:
    for place, warned in ((tmp_path / "Dropbox" / "journal", True), (tmp_path / "j", False)):
        journal = Journal.open(place)
        journal.add_commitment("Book the big room")
        journal.encrypt("walking meetings in the rain", OWASP_MINIMUM)
        old, new = tmp_path / "old", tmp_path / "new"
        old.write_text("walking meetings in the rain\n")
        new.write_text("a board that listens to residents\n")
        changed = companion_cli(
            "passwd",
            "--journal",
            str(place),
            "--passphrase-file",
            str(old),
            "--new-passphrase-file",
            str(new),
        )
        assert changed.returncode == 0, changed.stderr
        assert ("looks kept in step with other devices" in changed.stderr) is warned
