"""Errors a user may meet, each carrying one clear sentence that says what to do next."""

from __future__ import annotations

from pathlib import Path


class CompanionError(Exception):
    """Base of every error shown to a user: ``str(error)`` is the message, exit_code the status."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(CompanionError):
    """The user asked for something that does not exist or does not parse."""

    exit_code = 2


class ImportFileError(CompanionError):
    """A file to import cannot be read or is not what it says; the journal is untouched."""

    exit_code = 2


class JournalError(CompanionError):
    """Something about the journal on disk stops us."""


class JournalBusy(JournalError):
    """Another Companion holds the journal lock for longer than we can wait."""

    exit_code = 3


class JournalDamaged(JournalError):
    """A journal file cannot be read; it is left untouched."""

    exit_code = 4

    def __init__(self, path: Path, problem: str, newest_backup: Path | None) -> None:
        self.path = path
        self.problem = problem
        self.newest_backup = newest_backup
        if newest_backup is not None:
            advice = (
                f"The newest backup is {newest_backup}. Run `companion doctor --restore` "
                "to put it back; the damaged file is kept beside it."
            )
        else:
            advice = (
                "There is no backup of it. The file has not been changed; "
                "keep a copy of it before trying to repair it by hand."
            )
        super().__init__(f"The journal file {path} is damaged: {problem}. {advice}")


class JournalTooNew(JournalError):
    """The journal was written by a newer Companion."""

    exit_code = 5

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            f"The journal at {path} uses format version {found}, but this Companion "
            f"understands up to version {supported}. Install a newer Companion "
            f"(format version {found} or later) to write to it; nothing has been changed."
        )


class JournalWriteError(JournalError):
    """A save failed (disk full, read-only folder, I/O error); the old file is intact."""

    exit_code = 6


class ScriptError(CompanionError):
    """A script file is broken, or a script id is unknown."""

    exit_code = 2


class AnswerError(CompanionError):
    """An answer does not fit its step."""

    exit_code = 2
