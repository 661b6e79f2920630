"""Moving between places (Home, the Journal, Commitments, Barriers, the brief) as Textual modes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from textual.app import App


class PlacesApp(App[None]):
    """An app whose places open without Textual's fixed pause.

    Textual's `switch_mode` holds all drawing for 50 ms to hide a half-made screen, and throws
    away the frame drawn in that time. `switch_place` holds drawing instead until the new place
    is mounted, which is sooner, so a place shows as soon as it is made, and never half-made.
    """

    #: Longest drawing is held for a place that never says it is mounted.
    HOLD_AT_MOST = 2.0
    _switching = False
    _drawn_when_mounted: asyncio.Task[None] | None = None

    def switch_place(self, mode: str) -> None:
        self._begin_batch()
        self._switching = True
        try:
            mounted = self.switch_mode(mode)
        except BaseException:
            self._end_batch()
            raise
        finally:
            self._switching = False
        self._drawn_when_mounted = asyncio.create_task(self._end_batch_after(mounted))

    def still_opening(self, then: Callable[[], object]) -> bool:
        """True while the last place is still being made; `then` runs once it is shown. Going
        elsewhere before a place is made would remove it mid-way (a fast typist, a slow
        machine): the next move waits its turn."""
        opening = self._drawn_when_mounted
        if opening is None or opening.done():
            return False
        opening.add_done_callback(lambda _: self.call_later(then))
        return True

    def delay_update(self, delay: float = 0.05) -> None:
        if not self._switching:  # the command palette's own short hold stays
            super().delay_update(delay)

    async def _end_batch_after(self, mounted: Awaitable[object]) -> None:
        try:
            with contextlib.suppress(TimeoutError):  # then shown as it is rather than not at all
                await asyncio.wait_for(asyncio.ensure_future(mounted), self.HOLD_AT_MOST)
        finally:
            self._end_batch()
            if not self._batch_count:
                self.screen.refresh()
