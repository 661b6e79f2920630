"""A small journal with something private of every kind, for export and import tests.

Every private word contains SECRET, so a test can prove none of it leaves the machine.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal
from tests.helpers.app import fill_journal

SECRET = "SECRET"


def secret_journal(journal: Journal, library: Library, clock: Any) -> Journal:
    """fill_journal, plus a private entry, a private commitment and a private review note."""
    fill_journal(journal, library, clock)
    # fill_journal's private answer, marked so the tests can find it.
    diary = next(e for e in journal.entries() if e.script_id == "learning-diary")
    noticed = [
        dataclasses.replace(a, value=f"{SECRET} {a.value}") if a.private else a
        for a in diary.answers
    ]
    journal.save_entry(dataclasses.replace(diary, answers=noticed))

    clock.advance(days=1)
    debrief = Session(library.get("coaching-debrief"), journal)
    debrief.answer("Say less, ask more.", step_id="takeaway")
    debrief.answer(
        {"text": f"{SECRET} tell the chair what the budget really pays for", "due": "2026-12-01"},
        step_id="commitment",
        private=True,
    )
    debrief.finish(extra_tags=["board"])

    clock.advance(days=1)
    hidden = Session(library.get("learning-diary"), journal)
    hidden.answer(f"{SECRET} entry: what I think of the new chief executive.", step_id="happened")
    entry = hidden.finish().entry
    journal.save_entry(dataclasses.replace(entry, private=True))

    clock.advance(days=1)
    review = Session(library.get("review-commitments"), journal)
    for step in review.steps:
        if step.commitment is None:
            continue
        if "walking meeting" in step.commitment.text:
            review.answer(
                {"decision": "still-on", "note": f"{SECRET} review note about Sam"},
                step_id=step.id,
                private=True,
            )
        else:
            review.answer({"decision": "still-on"}, step_id=step.id)
    review.answer("Most of them move when I book the time.", step_id="overall")
    review.finish()
    clock.advance(days=1)
    return journal
