"""Where the journal's storage differs by platform, decided in this one place.

- POSIX (Linux, macOS): files 0600 and folders 0700, so other users of the machine cannot read
  a leader's words. Windows has no such modes (Python before 3.13 has no os.fchmod there): the
  journal is kept in the user's profile, which Windows keeps to the user's account.
- macOS: fsync leaves the data in the drive's cache; fcntl F_FULLFSYNC asks the drive to write
  it. Where a disk cannot, fsync is the fallback.
- Windows: a file another program holds open (antivirus, OneDrive, a second Companion) cannot
  be replaced for a moment; the swap is tried again for about two seconds, then FileHeld says so.

`current()` is chosen once, from the running Python; tests put another in place with `use()`
to run the same saves as Windows or macOS would.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Windows' answers when another program holds a file: sharing violation, lock violation.
SHARING_VIOLATIONS = frozenset({32, 33})
#: Also access denied, which is what replacing a file another program has open without delete
#: sharing gives: tried again too, but named a held file only if it persists and the file is not
#: read-only.
ACCESS_DENIED = 5
#: The pauses between tries of a swap another program blocks: two seconds in all, at most.
RETRY_PAUSES = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.45, 0.5)
#: Files are read and written as bytes: without it, Windows' os.open turns \n into \r\n.
BINARY = getattr(os, "O_BINARY", 0)


class FileHeld(PermissionError):
    """Another program still held the file after every try: nothing was replaced."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(errno.EACCES, "another program is holding the file", os.fspath(path))


def held_by_another(error: BaseException) -> bool:
    """Whether error is Windows saying another program holds the file (or FileHeld)."""
    if isinstance(error, FileHeld):
        return True
    return isinstance(error, PermissionError) and (
        getattr(error, "winerror", None) in SHARING_VIOLATIONS
    )


@dataclass(frozen=True)
class Platform:
    """How this platform keeps files private, durable and replaceable."""

    name: str
    #: 0600/0700 keep other users out (POSIX); elsewhere the user's profile does.
    private_modes: bool
    #: fsync does not reach the disk itself (macOS): F_FULLFSYNC does.
    full_fsync: bool
    #: Another program may hold a file for a moment (Windows): swaps are tried again.
    files_held: bool
    #: os.fchmod where this Python has it (not on Windows before 3.13).
    fchmod: Callable[[int, int], None] | None
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)

    @property
    def windows(self) -> bool:
        return self.name == "windows"

    def make_private(self, fd: int, mode: int) -> None:
        """Give an open file mode where modes mean something; never fails a save."""
        if self.private_modes and self.fchmod is not None:
            # If it cannot, the file was made private (mkstemp, O_CREAT's mode) when created.
            with contextlib.suppress(OSError):
                self.fchmod(fd, mode)

    def chmod(self, path: Path, mode: int, *, follow_symlinks: bool = True) -> None:
        """Set path's mode where modes mean something (OSError passes through); on Windows
        nothing: the profile keeps the journal to its user."""
        if not self.private_modes:
            return
        if follow_symlinks:
            os.chmod(path, mode)
            return
        try:
            os.chmod(path, mode, follow_symlinks=False)
        except NotImplementedError:  # the caller looked with lstat: it was no link then
            os.chmod(path, mode)

    def is_private(self, mode: int, wanted: int) -> bool:
        """Whether a stat mode is as private as wanted (always, where modes mean nothing)."""
        return not self.private_modes or stat.S_IMODE(mode) == wanted

    def fsync(self, fd: int) -> None:
        """Write fd's data through to the disk itself."""
        if self.full_fsync:
            try:
                import fcntl

                full = getattr(fcntl, "F_FULLFSYNC", None)  # macOS only
                if full is not None:
                    fcntl.fcntl(fd, full)
                    return
            except (ImportError, OSError):
                pass  # a disk or filesystem that cannot: fsync is as far as it goes
        os.fsync(fd)

    def fsync_dir(self, folder: Path) -> None:
        """Make a rename in folder durable (nothing where folders cannot be opened: Windows)."""
        if self.windows:
            return
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            self.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def replace(self, source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        """os.replace, tried again while another program holds the file (then FileHeld)."""
        self._retried(os.replace, source, target)

    def rename(self, source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        """os.rename (never over an existing folder's files), tried again likewise."""
        self._retried(os.rename, source, target)

    def _retried(
        self,
        move: Callable[[str | os.PathLike[str], str | os.PathLike[str]], None],
        source: str | os.PathLike[str],
        target: str | os.PathLike[str],
    ) -> None:
        pauses = iter(RETRY_PAUSES if self.files_held else ())
        while True:
            try:
                move(source, target)
                return
            except PermissionError as error:
                code = getattr(error, "winerror", None)
                if code != ACCESS_DENIED and not held_by_another(error):
                    raise
                pause = next(pauses, None)
                if pause is None:
                    if code == ACCESS_DENIED and not _writable(target):
                        raise  # a read-only file, not one held: the error says so
                    raise FileHeld(target) from error
                self.sleep(pause)


def _writable(path: str | os.PathLike[str]) -> bool:
    """Whether path is missing or may be written (on Windows: not marked read-only)."""
    return not os.path.exists(path) or os.access(path, os.W_OK)


def detect(system: str | None = None) -> Platform:
    """The platform a Python reporting sys.platform == system runs on (default: this one)."""
    system = sys.platform if system is None else system
    fchmod = getattr(os, "fchmod", None)
    windows = system == "win32"
    return Platform(
        "windows" if windows else "macos" if system == "darwin" else system,
        private_modes=not windows,
        full_fsync=system == "darwin",
        files_held=windows,
        fchmod=fchmod,
    )


_chosen: Platform | None = None


def current() -> Platform:
    """The platform the journal is stored on, chosen once."""
    global _chosen
    if _chosen is None:
        _chosen = detect()
    return _chosen


def use(chosen: Platform | None) -> Platform | None:
    """Store as chosen from now on (None: choose again from the running Python); returns the
    one it replaces, so a test can put it back."""
    global _chosen
    before, _chosen = _chosen, chosen
    return before
