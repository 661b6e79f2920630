"""What a program started in a pseudo-terminal gets from a real terminal."""

from __future__ import annotations

import signal


def interruptible() -> None:
    """Run in the child before exec: Ctrl+C interrupts, as in a terminal a leader opens.

    A test run in the background (`make test &`, some CI runners) starts with SIGINT ignored,
    and a child inherits that: Python then installs no KeyboardInterrupt handler, and Ctrl+C
    sent to the pseudo-terminal would be ignored instead of tested.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
