"""A commitment two devices disagree about, in the app: listed among the open ones as
"disputed", with what each device did and which change stands."""

from __future__ import annotations

import pytest

from companion.core.model import CommitmentStatus, StatusChange
from companion.journal import Journal
from companion.screens.commitments import CommitmentsScreen
from companion.widgets.plain_view import PlainView
from companion.widgets.row_table import RowTable
from tests.helpers.app import make_app, settle
from tests.helpers.storage import at


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (200, 60)])
async def test_a_disputed_commitment_is_listed_with_both_changes(  # type: ignore[no-untyped-def]
    journal: Journal, library, size: tuple[int, int]
) -> None:
    made = journal.add_commitment("Ask Priya to co-host the next session")
    done = StatusChange(at(2026, 11, 21), CommitmentStatus.DONE)
    dropped = StatusChange(at(2026, 12, 3), CommitmentStatus.DROPPED)
    made.history = [done, dropped]
    made.status = CommitmentStatus.DROPPED
    made.disputed = [done, dropped]
    journal.save_commitment(made)
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        rows = app.screen.query_one("#commitment-table", RowTable)
        assert rows.row_count == 1  # in the Open view: the leader's choice is waiting
        assert "disputed" in str(rows.get_row_at(0)[1])
        detail = app.screen.query_one("#commitment-history", PlainView).text
        assert "Marked done on one device and dropped on the other" in " ".join(detail.split())
