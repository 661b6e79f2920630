"""Export the README's screenshots (SVG, by Textual) from a copy of the demo journal.

.venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion.app import CompanionApp  # noqa: E402
from companion.journal import Journal  # noqa: E402
from tests.helpers.app import freeze_cursors, settle  # noqa: E402

MOMENT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
OUT = ROOT / "docs" / "screenshots"


async def shoot() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "journal"
        shutil.copytree(ROOT / "journals" / "demo", folder)
        journal = Journal.open(folder, clock=lambda: MOMENT)
        app = CompanionApp(folder, journal=journal, poll=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            freeze_cursors(app)
            app.save_screenshot("home.svg", str(OUT))
            app.start_reflection("shared-purpose")
            await settle(pilot)
            session = app.screen.session
            session.answer("Walking for carers", step_id="aspect")
            session.answer(
                "Weekly walks that carers can join with the person they care for", step_id="what"
            )
            session.answer("Carers told us they have no time that is theirs", step_id="why")
            session.go_to("benefits")
            await app.screen.show_step()
            await settle(pilot)
            await pilot.press(*"Carers feel recognised and less alone; their health holds up")
            await pilot.press("f2")
            await settle(pilot)
            freeze_cursors(app)
            app.save_screenshot("reflect.svg", str(OUT))
            await pilot.press("escape", "d")
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
            freeze_cursors(app)
            app.save_screenshot("commitments.svg", str(OUT))


if __name__ == "__main__":
    asyncio.run(shoot())
    print(f"Screenshots written to {OUT}")
