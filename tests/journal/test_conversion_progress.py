"""Encrypting, decrypting and changing the passphrase tell their progress; Ctrl+C part-way leaves
every file whole, and the next open finishes the change."""

from __future__ import annotations

from typing import Any

import pytest

from companion.core.scripts import Library
from companion.journal import Journal
from companion.journal.crypto import OWASP_MINIMUM
from tests.helpers.app import fill_journal

PASSPHRASE = "walking meetings in the rain"


def test_encrypting_tells_progress_to_the_end(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    told: list[tuple[int, int, str]] = []
    journal.encrypt(PASSPHRASE, OWASP_MINIMUM, progress=lambda *step: told.append(step))
    assert told and told[-1][0] == told[-1][1] > 1
    assert {label for _, _, label in told} == {"Encrypting"}
    told.clear()
    journal.decrypt(lambda *step: told.append(step))
    assert told and told[-1][0] == told[-1][1] and told[-1][2] == "Decrypting"


def test_encrypting_stopped_part_way_is_finished_at_the_next_open(
    journal: Journal, library: Library, clock: Any
) -> None:
    fill_journal(journal, library, clock)
    entries = [(e.id, e.answers) for e in journal.entries()]

    def ctrl_c(done: int, total: int, label: str) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        journal.encrypt(PASSPHRASE, OWASP_MINIMUM, progress=ctrl_c)
    reopened = Journal.open(journal.folder, clock=clock, passphrase=PASSPHRASE)
    assert any("interrupted" in note for note in reopened.notes)
    assert [(e.id, e.answers) for e in reopened.entries()] == entries
