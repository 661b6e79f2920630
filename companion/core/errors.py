"""Errors a user may meet, each carrying one clear sentence that says what to do next."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Hint(Enum):
    """What the leader can do next, said by each face its own way (a flag, a key, a button)."""

    REPLACE = "replace"  # allow an existing file (or a folder's files) to be replaced
    INCLUDE_PRIVATE = "include-private"  # let private entries and answers out too
    RESTORE = "restore"  # put the newest backup back
    GIVE_PASSPHRASE = "give-passphrase"  # type or give an encrypted journal's passphrase
    CHECK_JOURNAL = "check-journal"  # check the journal's files
    SHOW_ENTRY_IDS = "show-entry-ids"  # where the leader sees their entries' ids
    SHOW_COMMITMENT_IDS = "show-commitment-ids"  # where the leader sees commitments' ids
    LIST_SCRIPTS = "list-scripts"  # where the leader sees the scripts they can run
    CHOOSE_JOURNAL = "choose-journal"  # open another journal folder
    WRITABLE_JOURNAL = "writable-journal"  # open a journal on a disk that can be written
    ENCRYPT = "encrypt"  # give the journal a passphrase
    CHANGE_PASSPHRASE = "change-passphrase"  # change an encrypted journal's passphrase
    GIVE_EXPORT = "give-export"  # import the file Companion's JSON export wrote
    FROM_JRNL = "from-jrnl"  # import a file as a jrnl export
    EXPORT_THAT_JOURNAL = "export-that-journal"  # export another journal folder to import it
    SHARE = "share"  # how a contribution for the trio is made
    MERGE = "merge"  # add a backup's records to a journal that has some, keeping its own


#: The command line's words for each hint: also the words of last resort (a log, a test),
#: since the command line is where every error can end up.
COMMAND_LINE_WORDS: Mapping[Hint, str] = {
    Hint.REPLACE: "add --force to replace it",
    Hint.INCLUDE_PRIVATE: "add --include-private to include them",
    Hint.RESTORE: "run `companion doctor --restore` to put it back",
    Hint.GIVE_PASSPHRASE: "give it in a file with --passphrase-file PATH",
    Hint.CHECK_JOURNAL: "`companion doctor` checks the journal's files",
    Hint.SHOW_ENTRY_IDS: "`companion list` shows the ids",
    Hint.SHOW_COMMITMENT_IDS: "`companion commitments` shows the ids",
    Hint.LIST_SCRIPTS: "`companion scripts list` shows the ones you can run",
    Hint.CHOOSE_JOURNAL: (
        "give --journal the folder that holds journal.json, or a new folder's name"
    ),
    Hint.WRITABLE_JOURNAL: "choose a journal on a writable disk with --journal",
    Hint.ENCRYPT: "to give it a passphrase, run `companion encrypt`",
    Hint.CHANGE_PASSPHRASE: "to change its passphrase, run `companion passwd`",
    Hint.GIVE_EXPORT: "give the file `companion export --format json` wrote",
    Hint.FROM_JRNL: "import it with `companion import --from jrnl FILE`",
    Hint.SHARE: "contributions are made with `companion share`",
    Hint.EXPORT_THAT_JOURNAL: (
        "export that journal with `companion export --format json --journal FOLDER`"
    ),
    Hint.MERGE: "add --merge to add only what it lacks",
}


class CompanionError(Exception):
    """Base of every error shown to a user: ``str(error)`` is the message, exit_code the status.

    An error may end in a hint (what to do next): message, the hint in a face's words, then.
    A face words it with worded(); ``str(error)`` uses the command line's words.
    """

    exit_code = 1

    def __init__(self, message: str, hint: Hint | None = None, then: str = "") -> None:
        self.hint = hint
        self.before = message
        self.then = then
        self.message = self.worded(COMMAND_LINE_WORDS)
        super().__init__(self.message)

    def worded(self, words: Mapping[Hint, str]) -> str:
        """The message with its hint in these words (the command line's where words has none)."""
        if self.hint is None:
            return self.before + self.then
        said = words.get(self.hint) or COMMAND_LINE_WORDS[self.hint]
        if self.before.endswith(". ") or not self.before:
            said = said[:1].upper() + said[1:]  # a hint that starts a sentence
        return self.before + said + self.then

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
            super().__init__(
                f"The journal file {path} is damaged: {problem}. "
                f"The newest backup is {newest_backup}. ",
                Hint.RESTORE,
                "; the damaged file is kept beside it.",
            )
            return
        super().__init__(
            f"The journal file {path} is damaged: {problem}. There is no backup of it. The file "
            "has not been changed; keep a copy of it before trying to repair it by hand."
        )


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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a script file, located as precisely as we can."""

    path: str
    message: str
    line: int | None = None
    step: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f", line {self.line}"
        if self.step is not None:
            where += f", step '{self.step}'"
        return f"{where}: {self.message}"


class ScriptFileError(ScriptError):
    """A script file with one or more problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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
            "(in a terminal), or ",
            Hint.GIVE_PASSPHRASE,
            ".",
        )


class WrongPassphrase(JournalError):
    """The passphrase does not open the journal (or its key description was changed)."""

    exit_code = 8

    def __init__(self, folder: Path, tries: int = 1) -> None:
        self.folder = folder
        after = f" ({tries} tries)" if tries > 1 else ""
        super().__init__(
            f"Could not unlock the journal at {folder}: wrong passphrase or damaged file{after}. "
            "Nothing was changed. Check the passphrase (is Caps Lock on?) and try again; ",
            Hint.CHECK_JOURNAL,
            ".",
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
