"""Progress of long work on a terminal: a bar where the terminal can redraw one, a plain line now
and then where it cannot (NO_COLOR, TERM=dumb, a pipe or a file), nothing for quick work.

A bar is drawn on standard error (standard output may carry the export itself), at most ten
times a second, and wiped when the work ends; a plain line is never redrawn, so a screen reader
or a log reads each once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from typing import TextIO

from companion.core.progress import Stopped
from companion.core.text import safe_line

#: Work shorter than this shows nothing.
SHOW_AFTER = 0.7
#: A bar is redrawn at most this often (seconds).
REDRAW_EVERY = 0.1
#: Without a bar, a plain line at most this often (seconds).
LINE_EVERY = 5.0
BAR_WIDTH = 24


def can_redraw(stream: TextIO, env: Mapping[str, str]) -> bool:
    """A terminal that can redraw a line: stderr is one, TERM is not dumb, NO_COLOR unset."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return interactive and env.get("TERM", "") != "dumb" and "NO_COLOR" not in env


class TerminalProgress:
    """A Progress callback (done, total, label) for the command line."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.bar = can_redraw(self.stream, os.environ if env is None else env)
        self.clock = clock
        self.started = clock()
        self.last_shown: float | None = None
        self.drawn = False

    def __call__(self, done: int, total: int, label: str) -> None:
        now = self.clock()
        if now - self.started < SHOW_AFTER:
            return
        every = REDRAW_EVERY if self.bar else LINE_EVERY
        if self.last_shown is not None and now - self.last_shown < every:
            return
        self.last_shown = now
        if self.bar:
            self._draw(done, total, label)
        else:
            self._line(done, total, label)

    def _draw(self, done: int, total: int, label: str) -> None:
        share = min(done / total, 1.0) if total else 0.0
        filled = round(share * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)  # ASCII: every console's code page
        self.stream.write(f"\r{safe_line(label)} [{bar}] {share:4.0%}\x1b[K")
        self.stream.flush()
        self.drawn = True

    def _line(self, done: int, total: int, label: str) -> None:
        counts = f"{done:,} of {total:,}" if total else f"{done:,}"
        self.stream.write(f"{safe_line(label)}: {counts}\n")
        self.stream.flush()

    def finish(self) -> None:
        """Wipe the bar (the command's own report follows on a clean line)."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False


@contextlib.contextmanager
def progress_shown(stopped: str) -> Iterator[TerminalProgress]:
    """A TerminalProgress for the work inside; Ctrl+C there becomes Stopped(stopped), the one
    sentence that says what was left (the bar is wiped either way)."""
    progress = TerminalProgress()
    try:
        yield progress
    except KeyboardInterrupt:
        raise Stopped(stopped) from None
    finally:
        progress.finish()
