"""Two invented members of Amira's trio, as small journals: for the example contributions and
reports (journals/make_examples.py) and the tests of sharing and gathering.

Ben Okafor leads neighbourhood work for a housing association in Tarnside; Chloe Marsh manages
social prescribing for a primary care network. Each answers a few of the built-in scripts
through the reflection engine, on a fixed clock, with some answers marked private: every
private answer holds the word PRIVATE, so a test can prove none of it leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from companion.core.scripts import Library
from companion.core.session import Session
from companion.journal import Journal

LONDON_SUMMER = timezone(timedelta(hours=1))
PRIVATE_WORD = "PRIVATE"

#: (days after the start, script id, {step id: answer}, step ids answered in private)
Reflection = tuple[int, str, dict[str, Any], frozenset[str]]


@dataclass
class Member:
    name: str
    start: datetime
    reflections: list[Reflection]


BEN = Member(
    "Ben Okafor",
    datetime(2026, 5, 21, 17, 40, tzinfo=LONDON_SUMMER),
    [
        (
            0,
            "workshop-close-out",
            {
                "session": "Introductory workshop, Tarnside Community Hub",
                "resonated": "Hearing a resident say she had been 'consulted to death' and "
                "never once asked to decide anything.",
                "learned": "Our tenancy rules were written to protect the building, not the "
                "people in it. Nobody meant harm; nobody looked.",
                "try": "Ask three tenants what stops them using the community room.",
                "commitment": {"text": "Knock on three doors in Marsh Court and ask"},
                "feeling": 2,
                "tags": ["lived-experience", "accessible-and-safe-places"],
            },
            frozenset({"feeling"}),
        ),
        (
            34,
            "reframe-barrier",
            {
                "barrier": "Every community idea waits twelve weeks for procurement, so "
                "residents give up before we say yes.",
                "barrier-kind": "red-tape",
                "shows-up": "The walking group asked for £300 of waterproofs in March and got "
                "them in July.",
                "cost": f"{PRIVATE_WORD}: my director thinks the procurement lead is "
                "untouchable, and I am tired of fighting her.",
                "held-by": f"{PRIVATE_WORD}: one person's fear of the auditors.",
                "enabler": "A small pot residents decide on themselves, paid within a week, "
                "with the paperwork done by us afterwards.",
                "experiment": {"text": "Run a £2,000 resident-decided pot in Marsh Court"},
                "allies": ["Amira (trio)", "the tenants' association chair"],
                "indicators": ["days from idea to money", "how many ideas come forward"],
            },
            frozenset({"cost", "held-by"}),
        ),
        (
            104,
            "review-experiment",
            {
                "happened": "Eleven ideas came forward in a month; residents funded six, "
                "and the money reached them in five days on average.",
                "worked": "The tenants chose faster and better than our panel ever did.",
                "learned": "Trust is a process you can design. The risk we feared (fraud) "
                "never showed up; the risk we ignored (people giving up) was the real one.",
                "decision": "amplify",
                "next": {"text": "Take the pot to the housing board as a standing budget line"},
            },
            frozenset(),
        ),
        (
            160,
            "capture-impact",
            {
                "barrier-changed": "The twelve-week wait for small community spending: "
                "residents now decide on a standing pot, paid within a week.",
                "evidence": "The housing board made the pot a standing budget line in "
                "October. Average time from idea to money: five days.",
                "early-signs": "The walking group has doubled; two older tenants who had not "
                "left the estate in a year now lead the Thursday walk.",
                "difficulties": "Finance wanted every receipt before paying. We agreed to "
                "check a sample afterwards instead.",
                "advice": "Find the smallest amount of money that would make a difference "
                "and ask for the rules to bend for that first, not for everything.",
                "principle": "Residents decide; we do the paperwork.",
                "tags": ["resident-voice", "walking"],
            },
            frozenset(),
        ),
        (
            165,
            "learning-diary",
            {
                "happened": "The trio met to prepare for the celebration event.",
                "noticed": f"{PRIVATE_WORD}: I still talk over Chloe when I am nervous.",
                "learning": "Change sticks when the people it serves can see it and defend "
                "it themselves.",
                "tags": ["trio", "resident-voice"],
            },
            frozenset({"noticed"}),
        ),
    ],
)

CHLOE = Member(
    "Chloe Marsh",
    datetime(2026, 6, 2, 12, 15, tzinfo=LONDON_SUMMER),
    [
        (
            0,
            "shared-purpose",
            {
                "aspect": "Social prescribing in the Eastfield primary care network",
                "what": "Make sure every referral for physical activity lands somewhere that "
                "still exists, close to home, and that the person gets there.",
                "why": "Half our referrals went to groups that had closed, and the people "
                "least likely to try again were the ones we lost.",
                "benefits": "Fewer people returning to their GP with loneliness and pain; "
                "link workers who trust what they refer to.",
                "felt": f"{PRIVATE_WORD}: embarrassing, because I designed the old list.",
            },
            frozenset({"felt"}),
        ),
        (
            40,
            "reframe-barrier",
            {
                "barrier": "The NHS, the council and the clubs each keep their own list of "
                "activities, and none of them agree.",
                "barrier-kind": "silos",
                "shows-up": "A link worker spends a morning ringing clubs to check they still "
                "meet.",
                "cost": f"{PRIVATE_WORD}: we have probably sent people to closed doors for years.",
                "enabler": "One shared list that the clubs keep up to date themselves, with a "
                "phone number that is answered.",
                "experiment": {"text": "Ask ten clubs to update one shared list for a month"},
                "indicators": ["referrals that arrive", "clubs updating in a month"],
            },
            frozenset({"cost"}),
        ),
        (
            75,
            "coaching-debrief",
            {
                "takeaway": "I do not need permission to start small; I need permission to "
                "stop the old list.",
                "shift": "The barrier is not the data; it is that nobody owns the whole "
                "journey of one person.",
                "commitment": {"text": "Ask the PCN board to retire the old referral list"},
            },
            frozenset(),
        ),
        (
            150,
            "capture-impact",
            {
                "barrier-changed": "Three separate activity lists: replaced by one the clubs "
                "keep up themselves.",
                "evidence": "Forty-one clubs now update the shared list; the old council and "
                "NHS lists are retired.",
                "early-signs": "Referrals that reach an activity rose from about half to "
                "four in five. One man told his GP it was the first time a referral 'went "
                "somewhere'.",
                "difficulties": "Information governance took two months. Clubs without email "
                "needed a phone call every month.",
                "advice": "Follow one person's journey end to end before you redesign "
                "anything. You will find the barrier in the first week.",
                "principle": "Design for the person's whole journey, not our part of it.",
                "tags": ["physical-and-mental-health", "inequality"],
            },
            frozenset(),
        ),
    ],
)

TRIO = (BEN, CHLOE)


class _Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def write_journal(folder: Path, member: Member, library: Library) -> Journal:
    """A new journal in folder holding member's reflections, written through the engine."""
    clock = _Clock(member.start)
    journal = Journal.open(folder, clock=clock)
    for days, script_id, answers, private in member.reflections:
        clock.moment = member.start + timedelta(days=days)
        session = Session(library.get(script_id), journal)
        for step_id, value in answers.items():
            session.answer(value, step_id=step_id, private=step_id in private)
        session.finish()
    return journal


def private_words(member: Member) -> list[str]:
    """Every private answer's words (each holds PRIVATE_WORD)."""
    return [
        str(answers[step])
        for _, _, answers, private in member.reflections
        for step in private
        if isinstance(answers[step], str)
    ]


__all__ = ["BEN", "CHLOE", "PRIVATE_WORD", "TRIO", "Member", "private_words", "write_journal"]
