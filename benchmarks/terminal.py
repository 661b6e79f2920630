"""Start a full-screen program in a pseudo-terminal, as a person's terminal would.

Measures the time from spawning the process to the moment a given text first appears on its
screen, then presses Ctrl+Q and reports the process's peak memory (max RSS) once it has exited.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import termios
import time
from dataclasses import dataclass

#: Escape sequences (CSI, OSC, DCS and two-character ones), removed before looking for text.
_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|.)")
CTRL_Q = b"\x11"


@dataclass(frozen=True)
class Run:
    ready_ms: float
    max_rss_mb: float


class TerminalError(RuntimeError):
    pass


def run_until(
    argv: list[str],
    ready_text: str,
    env: dict[str, str],
    *,
    columns: int = 120,
    lines: int = 36,
    timeout: float = 60.0,
) -> Run:
    """Spawn argv in a pseudo-terminal; time until ready_text is on screen; quit; measure RSS."""
    wanted = ready_text.encode()
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the program
        try:
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    screen = b""
    ready: float | None = None
    deadline = start + timeout
    quit_sent_at = 0.0
    try:
        while True:
            now = time.perf_counter()
            if now > deadline:
                break
            if ready is not None and now - quit_sent_at > 2.0:  # ask again if it did not hear
                os.write(fd, CTRL_Q)
                quit_sent_at = now
            readable, _, _ = select.select([fd], [], [], 0.5)
            if not readable:
                continue
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # the child closed the terminal: it has exited
                break
            if not chunk:
                break
            if ready is None:
                screen += chunk
                if wanted in _ESCAPES.sub(b"", screen):
                    ready = (time.perf_counter() - start) * 1000
                    os.write(fd, CTRL_Q)
                    quit_sent_at = time.perf_counter()
                    screen = b""
    finally:
        if ready is None or time.perf_counter() > deadline:
            os.kill(pid, 9)
        _, status, usage = os.wait4(pid, 0)
        os.close(fd)
    if ready is None:
        shown = _ESCAPES.sub(b"", screen)[-400:].decode(errors="replace")
        raise TerminalError(
            f"{' '.join(argv)} never showed {ready_text!r} (exit status {status}); "
            f"last text on screen: {shown!r}"
        )
    return Run(ready_ms=ready, max_rss_mb=usage.ru_maxrss / 1024)
