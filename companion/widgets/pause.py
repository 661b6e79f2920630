"""Work done once a run of changes pauses: the reflection's autosave of what is typed.

One timer for a run of keys, not one made and stopped for every key: each change notes its
time, and when the timer is due it waits out what is left of the pause since the last change.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class AfterPause:
    """Calls `callback` once `delay` seconds have passed with no `changed()` (on owner's loop)."""

    def __init__(self, owner: MessagePump, delay: float, callback: Callable[[], None]) -> None:
        self._owner = owner
        self.delay = delay
        self._callback = callback
        self._timer: Timer | None = None
        self._changed_at = 0.0

    def changed(self) -> None:
        self._changed_at = time.monotonic()
        if self._timer is None:
            self._timer = self._owner.set_timer(self.delay, self._due)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _due(self) -> None:
        rest = self.delay - (time.monotonic() - self._changed_at)
        if rest > 0.005:  # changed since the timer was set: wait out the rest of the pause
            self._timer = self._owner.set_timer(rest, self._due)
            return
        self._timer = None
        self._callback()
