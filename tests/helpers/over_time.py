"""A journal with known dates for the reports: commitments through every transition, reflections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from companion.core.model import Commitment, CommitmentStatus
from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal
from tests.conftest import LONDON_WINTER, FakeClock


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=LONDON_WINTER)


def commitment_history(journal: Journal, clock: FakeClock) -> dict[str, Commitment]:
    """Five commitments, September to November 2026; the clock ends on 20 November.

    September: A made and done on time; B made, due 20 Sep, done late (2 Oct).
    October: C made and dropped; D made, renegotiated to 30 Nov.
    November: E made, due 10 Nov, still open (overdue).
    """
    from datetime import date

    made: dict[str, Commitment] = {}
    clock.moment = at(9, 1)
    made["A"] = journal.add_commitment("Map the partnership table", due=date(2026, 9, 10))
    clock.moment = at(9, 5)
    made["B"] = journal.add_commitment("Ask Dev about the Board", due=date(2026, 9, 20))
    clock.moment = at(9, 8)
    journal.set_commitment_status(made["A"].id, CommitmentStatus.DONE, note="Easier than feared")
    clock.moment = at(10, 1)
    made["C"] = journal.add_commitment("Tell the story at the Board", due=date(2026, 10, 15))
    clock.moment = at(10, 2)
    journal.set_commitment_status(made["B"].id, CommitmentStatus.DONE)
    clock.moment = at(10, 3)
    made["D"] = journal.add_commitment("Pause the update meeting", due=date(2026, 10, 20))
    clock.moment = at(10, 10)
    journal.set_commitment_status(made["C"].id, CommitmentStatus.DROPPED, note="Wrong moment")
    clock.moment = at(10, 18)
    journal.set_commitment_status(
        made["D"].id,
        CommitmentStatus.RENEGOTIATED,
        note="Partners want it kept",
        due=date(2026, 11, 30),
        step="Halve it instead",
    )
    clock.moment = at(11, 2)
    made["E"] = journal.add_commitment("Send the note to the ICB", due=date(2026, 11, 10))
    clock.moment = at(11, 20, 16)
    return {key: journal.commitment(c.id) for key, c in made.items()}


def reflect(
    journal: Journal,
    library: Library,
    clock: FakeClock,
    when: datetime,
    script_id: str,
    answers: dict[str, Any],
    private: tuple[str, ...] = (),
) -> str:
    """Finish one reflection at a given moment; returns the entry id."""
    clock.moment = when
    session = Session(library.get(script_id), journal, autosave=False)
    for step_id, value in answers.items():
        session.answer(value, step_id=step_id, private=step_id in private or None)
    return session.finish().entry.id


def coaching_cycle(journal: Journal, library: Library, clock: FakeClock) -> dict[str, str]:
    """A call, then a barrier, an experiment and a preparation for the next call."""
    ids = {
        "diary-before": reflect(
            journal,
            library,
            clock,
            at(10, 12),
            "learning-diary",
            {"happened": "Before the call: the old pot of funding ran out."},
        ),
        "debrief": reflect(
            journal,
            library,
            clock,
            at(10, 20),
            "coaching-debrief",
            {
                "takeaway": "I can ask for a different kind of meeting.",
                "commitment": {"text": "Book a walk with Carys", "due": "2026-11-06"},
            },
        ),
        "reframe": reflect(
            journal,
            library,
            clock,
            at(10, 25),
            "reframe-barrier",
            {
                "barrier": "Our partnership Board spends its time on performance dashboards.",
                "barrier-kind": "governance",
                "held-by": "The chair protects the dashboard",
                "enabler": "A Board that works on one system challenge at a time.",
                "experiment": {
                    "text": "Open the next Board with one challenge",
                    "due": "2026-11-12",
                },
            },
        ),
        "plan": reflect(
            journal,
            library,
            clock,
            at(11, 1),
            "plan-experiment",
            {
                "for": "The Board and its performance dashboards",
                "try": "Residents in the room for the first half hour of the Board.",
                "first-step": {"text": "Ask Nasra to come", "due": "2026-11-30"},
            },
        ),
        "prep": reflect(
            journal,
            library,
            clock,
            at(11, 18),
            "coaching-prep",
            {
                "ambitions": "Residents shape what the partnership funds.",
                "barriers": "Winter pressures swallow everything.",
                "enablers": "A named owner for each experiment.",
                "trio-reflections": "SECRET-TRIO-NOTE about Dev",
                "want-from-call": "Help deciding what to hand on before the programme ends.",
            },
        ),
    }
    clock.moment = at(11, 20, 16)
    return ids
