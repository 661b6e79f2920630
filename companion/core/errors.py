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


class JournalUnsafe(JournalError):
    """A file in the journal folder is a link out of it or not a file; it is neither read
    nor written through."""

    exit_code = 4


class JournalWriteError(JournalError):
    """A save failed (disk full, read-only folder, I/O error); the old file is intact."""

    exit_code = 6


class ScriptError(CompanionError):
    """A script file is broken, or a script id is unknown."""

    exit_code = 2


class AnswerError(CompanionError):
    """An answer does not fit its step."""

    exit_code = 2


class JournalLocked(JournalError):
    """The journal is encrypted and no passphrase was given: a face asks for it and retries."""

    exit_code = 7

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(
            f"The journal at {folder} is encrypted. Type its passphrase when Companion asks "
            "(in a terminal), or give it in a file with --passphrase-file PATH."
        )


class WrongPassphrase(JournalError):
    """The passphrase does not open the journal (or its key description was changed)."""

    exit_code = 8

    def __init__(self, folder: Path, tries: int = 1) -> None:
        self.folder = folder
        after = f" ({tries} tries)" if tries > 1 else ""
        super().__init__(
            f"Could not unlock the journal at {folder}: wrong passphrase or damaged file{after}. "
            "Nothing was changed. Check the passphrase (is Caps Lock on?) and try again; "
            "`companion doctor` checks the journal's files."
        )


class JournalKeyChanged(JournalError):
    """Another Companion encrypted, decrypted or re-keyed the journal after we opened it."""

    exit_code = 9

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"Another Companion encrypted the journal at {folder}, decrypted it or changed its "
            "passphrase after it was opened here, so nothing was saved just now. Close this "
            "Companion and open the journal again."
        )
