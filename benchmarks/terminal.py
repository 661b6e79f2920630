"""Start a full-screen program in a pseudo-terminal, as a person's terminal would.

Measures the time from spawning the process to the moment a given text first appears on its
screen, and the process's own peak memory at that moment; then presses keys and times what
they show, and quits with Ctrl+Q.

Peak memory is the process's own high-water mark, `VmHWM` in /proc/PID/status, read while the
program runs and its screen is ready. (`ru_maxrss` from `wait4` is no use on Linux: a child
started with fork and exec keeps the high-water mark of the process it was forked from, so it
reports the benchmark's own size whenever that is the larger.) Where /proc is absent the run
says so, and the figure falls back to `ru_maxrss`, marked as such.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time
from dataclasses import dataclass

#: Escape sequences (CSI, OSC, DCS and two-character ones), removed before looking for text.
_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|.)")
CTRL_Q = b"\x11"


@dataclass(frozen=True)
class Run:
    ready_ms: float
    #: The process's own peak resident memory when its screen was ready (VmHWM), in MB.
    peak_mb: float
    #: Where peak_mb came from: "VmHWM" (/proc), or "ru_maxrss" where /proc is absent.
    memory_source: str


class TerminalError(RuntimeError):
    pass


def own_peak_mb(pid: int) -> float | None:
    """The process's own peak resident memory (VmHWM) in MB, or None without /proc."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        return None
    return None


class Terminal:
    """One program in a pseudo-terminal: wait for texts, press keys, quit."""

    def __init__(
        self, argv: list[str], env: dict[str, str], *, columns: int = 120, lines: int = 36
    ) -> None:
        self.argv = argv
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the program
            try:
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.screen = b""
        self.closed = False

    def wait_for(self, *texts: str, since: float | None = None, timeout: float = 60.0) -> float:
        """Milliseconds from `since` (default: the start) until one of texts appears in what the
        program wrote since the last press (escape sequences removed)."""
        wanted = [t.encode() for t in texts]
        start = self.started if since is None else since
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            plain = _ESCAPES.sub(b"", self.screen)
            if any(w in plain for w in wanted):
                return (time.perf_counter() - start) * 1000
            readable, _, _ = select.select([self.fd], [], [], 0.5)
            if not readable:
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                self.closed = True
                break
            self.screen += chunk
        shown = _ESCAPES.sub(b"", self.screen)[-400:].decode(errors="replace")
        raise TerminalError(
            f"{' '.join(self.argv)} never showed {texts!r}; last text on screen: {shown!r}"
        )

    def drain(self, quiet: float = 0.15, longest: float = 3.0) -> None:
        """Read what the program writes until it has been quiet for `quiet` seconds (a blinking
        cursor is never quiet: at most `longest` seconds)."""
        until = time.perf_counter() + longest
        while time.perf_counter() < until:
            readable, _, _ = select.select([self.fd], [], [], quiet)
            if not readable:
                return
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            self.screen += chunk

    def press(self, keys: bytes) -> float:
        """Send keys; returns the moment they were sent (what shows next is looked for anew)."""
        self.screen = b""
        os.write(self.fd, keys)
        return time.perf_counter()

    def peak_mb(self) -> float | None:
        return own_peak_mb(self.pid)

    def quit(self, timeout: float = 20.0) -> float:
        """Ctrl+Q until the program exits; returns ru_maxrss in MB (see the module's note)."""
        deadline = time.perf_counter() + timeout
        sent = 0.0
        try:
            while not self.closed and time.perf_counter() < deadline:
                if time.perf_counter() - sent > 2.0:  # ask again if it did not hear
                    with contextlib.suppress(OSError):
                        os.write(self.fd, CTRL_Q)
                    sent = time.perf_counter()
                readable, _, _ = select.select([self.fd], [], [], 0.5)
                if readable:
                    try:
                        if not os.read(self.fd, 1 << 16):
                            break
                    except OSError:
                        break
        finally:
            if time.perf_counter() >= deadline:
                os.kill(self.pid, 9)
            _, _, usage = os.wait4(self.pid, 0)
            os.close(self.fd)
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes there, kB here
        return usage.ru_maxrss / scale


def run_until(
    argv: list[str],
    ready_text: str,
    env: dict[str, str],
    *,
    columns: int = 120,
    lines: int = 36,
    timeout: float = 60.0,
) -> Run:
    """Spawn argv in a pseudo-terminal; time until ready_text is on screen; read its own peak
    memory then; quit."""
    terminal = Terminal(argv, env, columns=columns, lines=lines)
    try:
        ready = terminal.wait_for(ready_text, timeout=timeout)
        peak = terminal.peak_mb()
    except BaseException:
        os.kill(terminal.pid, 9)
        terminal.quit(timeout=1)
        raise
    max_rss = terminal.quit()
    if peak is None:
        return Run(ready_ms=ready, peak_mb=max_rss, memory_source="ru_maxrss")
    return Run(ready_ms=ready, peak_mb=peak, memory_source="VmHWM")
