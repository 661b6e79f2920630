"""The app words an error's hint as keys and screens, never as command-line flags."""

from __future__ import annotations

from companion.core.errors import Hint, UsageError
from companion.core.scripts import Library
from companion.journal import Journal
from tests.helpers.app import make_app, settle


async def test_an_error_shown_in_the_app_names_a_screen_not_a_command(
    journal: Journal, library: Library
) -> None:
    app = make_app(journal, library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.show_error(
            UsageError("There is no commitment with the id 'zz'. ", Hint.SHOW_COMMITMENT_IDS, ".")
        )
        await settle(pilot)
        shown = [str(n.message) for n in app._notifications]
        assert shown == ["There is no commitment with the id 'zz'. Commitments (c) lists them."]
