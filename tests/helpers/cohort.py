"""Three leaders' journals for the tests of sharing and gathering.

Ben and Chloe are the invented trio members of tools/trio.py (every private answer of theirs
holds PRIVATE); Dana is a third leader whose private words hold SECRET and whose principle is
hostile text (markup, a Textual action, terminal escapes, an open code fence).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from companion.core.scripts import Library
from companion.journal import Journal
from tools.trio import BEN, CHLOE, PRIVATE_WORD, Member, write_journal

SECRET = "SECRET"
HOSTILE = "<script>alert(1)</script> [@click=app.quit] \x1b[31mred\x1b]0;owned\x07 ```"

DANA = Member(
    "Dana Reyes",
    datetime(2026, 7, 1, 9, 5, tzinfo=timezone(timedelta(hours=1))),
    [
        (
            0,
            "workshop-close-out",
            {
                "session": "Storytelling day",
                "learned": "A story with a barrier in it moves a room more than any chart.",
                "commitment": {"text": "Tell my barrier story at the next Board"},
                "feeling": 4,
                "tags": ["storytelling"],
            },
            frozenset({"feeling"}),
        ),
        (
            20,
            "learning-diary",
            {
                "happened": "Board away day.",
                "noticed": f"{SECRET}: the chair undermines the director in every meeting.",
                "learning": "Silence in a meeting is information, not agreement.",
                "tags": ["board"],
            },
            frozenset({"noticed"}),
        ),
        (
            60,
            "capture-impact",
            {
                "barrier-changed": "Board papers written for the Board, not for residents.",
                "evidence": "Residents now co-write one paper a quarter.",
                "difficulties": f"{SECRET}: legal nearly stopped it.",
                "principle": HOSTILE,
            },
            frozenset({"difficulties"}),
        ),
    ],
)

LEADERS = (BEN, CHLOE, DANA)
PRIVATE_MARKS = (PRIVATE_WORD, SECRET)


def three_journals(folder: Path, library: Library) -> list[Journal]:
    """Ben's, Chloe's and Dana's journals, in folders named after them."""
    return [write_journal(folder / m.name.split()[0].lower(), m, library) for m in LEADERS]
