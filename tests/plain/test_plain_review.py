"""Plain mode's weekly review with many commitments open: the same questions, in the same
order, with the same count, as the app (one engine), each made as it is reached."""

from __future__ import annotations

from datetime import date, timedelta

from companion.core.scripts import Library
from companion.journal import Journal
from tests.plain.test_plain_answers import draft, run

OPEN = 6


def commitments(journal: Journal) -> list[str]:
    """Open commitments, due a day apart (so the most overdue is the first made)."""
    texts = [f"Commitment {i}" for i in range(OPEN)]
    for i, text in enumerate(texts):
        journal.add_commitment(text, due=date(2026, 11, 1) + timedelta(days=i))
    return texts


def test_plain_mode_asks_about_every_open_commitment_in_order(
    journal: Journal, library: Library
) -> None:
    texts = commitments(journal)
    typed = [line for _ in texts for line in ("still on", "On it")]
    typist = run(journal, library, "review-commitments", *typed, ":skip", "save")
    headings = [line for line in typist.said if line.startswith("Question ")]
    assert headings[:OPEN] == [
        f"Question {n} of {OPEN + 1}: How is this commitment going? “{text}”"
        for n, text in enumerate(texts, start=1)
    ]
    (review,) = [e for e in journal.entries() if e.script_id == "review-commitments"]
    decisions = [a.value for a in review.answers if a.kind == "commitment-review"]
    assert [d["decision"] for d in decisions] == ["still-on"] * OPEN  # type: ignore[index]


def test_plain_mode_keeps_a_review_left_half_way_at_its_question(
    journal: Journal, library: Library
) -> None:
    commitments(journal)
    typist = run(journal, library, "review-commitments", "done", "Sent", "still on", "", ":quit")
    assert typist.code == 130  # type: ignore[attr-defined]
    kept = draft(journal)
    assert kept.position == 2
    assert len([k for k in kept.answers if k.startswith("review/")]) == 2
