"""Home shows confidence over time beside follow-through."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from companion.core.scripts import Library
from companion.journal import Journal
from tests.conftest import FakeClock
from tests.core.test_confidence import close_out
from tests.helpers.app import make_app, settle


@pytest.mark.parametrize("size", [(40, 12), (120, 40)])
async def test_home_shows_confidence_beside_follow_through(
    journal: Journal, library: Library, clock: FakeClock, size: tuple[int, int]
) -> None:
    clock.advance(days=-35)
    close_out(journal, library, 2)
    clock.advance(days=35)
    close_out(journal, library, 4)
    app = make_app(journal, library)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shown = str(app.screen.query_one("#rhythm", Static).render())
        assert "Follow-through by month:" in shown
        assert "Confidence by month:" in shown
        assert "Confidence 2.0 → 4.0 since October 2026" in shown
