"""Follow-through stays the journal's own length whatever a stored date says."""

from __future__ import annotations

from datetime import date

from companion.core.views.reports import follow_through_stats
from companion.journal import Journal


def test_a_year_one_due_date_adds_one_row_not_thousands(journal: Journal) -> None:
    made = journal.add_commitment("Invite a resident", due=date(2026, 12, 1))
    made.due = date(1, 1, 1)  # as a hand-edited or very old file might hold it
    journal.save_commitment(made)
    stats = follow_through_stats([], journal.commitments(), date(2026, 11, 20))
    assert len(stats.months) <= 3
    assert stats.months[-1].month == "2026-11"
