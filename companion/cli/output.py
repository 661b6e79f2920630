"""The command line's helpers: the journal it opens, passphrases it asks for, what it prints."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.core.errors import UsageError
from companion.core.text import safe_line, write_out

if TYPE_CHECKING:
    import argparse

    from companion.core.scripts import Library
    from companion.core.settings import Loaded
    from companion.journal import Journal
    from companion.journal.crypto import Keyring

PASSPHRASE_TRIES = 3

FORGET_WARNING = (
    "Keep the passphrase somewhere safe: nobody can recover the journal without it, "
    "and Companion keeps no copy of it."
)


def journal_dir(args: argparse.Namespace) -> Path:
    from companion.core.locations import journal_dir as located

    return located(getattr(args, "journal", None))


def read_passphrase_file(name: str, option: str = "--passphrase-file") -> str:
    """The first line of a passphrase file (without its line ending)."""
    from companion.core import limits

    path = Path(name).expanduser()
    try:
        first = limits.read_first_line(path).decode("utf-8")
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise UsageError(
            f"There is no passphrase file {path}. Check the path given to {option}."
        ) from None
    except limits.LimitExceeded as error:
        raise UsageError(
            f"The passphrase file {path} {error}. Give {option} a file whose first line is the "
            "passphrase."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise UsageError(
            f"Could not read the passphrase file {path} ({why}). Check the path given to {option}."
        ) from None
    passphrase = first.rstrip("\r\n")
    if not passphrase:
        raise UsageError(
            f"The passphrase file {path} starts with an empty line: put the passphrase on its "
            "first line."
        )
    from companion.journal import platform

    if mode & 0o077 and platform.current().private_modes:  # Windows: the profile keeps it
        warn(
            f"the passphrase file {path} can be read by other users; "
            f"make it private with: chmod 600 '{path}'"
        )
    return passphrase


def ask_secret(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(safe_line(prompt))  # the journal's path is shown
    except EOFError:
        raise UsageError("No passphrase was typed; nothing was changed.") from None


#: The leader's settings as this command read them (see use_settings).
_settings: list[Loaded] = []


def use_settings(*, tell: bool) -> Loaded:
    """Read the leader's settings once for this command and put the date order in force; a
    damaged file is told in one line on stderr (when tell), and never stops the command."""
    from companion.core.dates import use_date_order
    from companion.core.settings import load_settings

    loaded = load_settings()
    _settings[:] = [loaded]
    use_date_order(loaded.settings.date_order)
    if tell and loaded.problem:
        warn(loaded.problem)
    return loaded


def tell_settings_problem() -> None:
    """Plain mode and --answers: a damaged settings file told once, on stderr."""
    problem = settings().problem
    if problem:
        warn(problem)


def settings() -> Loaded:
    """The settings read when this command started (read now if they were not)."""
    return _settings[0] if _settings else use_settings(tell=False)


def can_ask() -> bool:
    return sys.stdin.isatty()


def keyring(args: argparse.Namespace, folder: Path) -> Keyring | None:
    """Unlock an encrypted journal: from --passphrase-file, or asked (no echo), three tries."""
    from companion.core.errors import JournalLocked, WrongPassphrase
    from companion.journal.encrypted import is_encrypted

    if not is_encrypted(folder):
        return None  # a plaintext journal: the encryption is not even loaded
    from companion.journal import crypto

    given = getattr(args, "passphrase_file", None)
    if given:
        return crypto.unlock(folder, read_passphrase_file(given))
    if not can_ask():
        raise JournalLocked(folder)
    for attempt in range(1, PASSPHRASE_TRIES + 1):
        passphrase = ask_secret(f"Passphrase for the journal at {folder}: ")
        try:
            return crypto.unlock(folder, passphrase)
        except WrongPassphrase:
            if attempt == PASSPHRASE_TRIES:
                raise WrongPassphrase(folder, tries=PASSPHRASE_TRIES) from None
            left = PASSPHRASE_TRIES - attempt
            write_out(
                f"Wrong passphrase or damaged file; try again ({left} "
                f"{'try' if left == 1 else 'tries'} left).",
                file=sys.stderr,
            )
    return None  # not reached


def open_journal(args: argparse.Namespace) -> Journal:
    from companion.journal import Journal

    folder = journal_dir(args)
    journal = Journal.open(folder, keyring=keyring(args, folder))
    for note_text in journal.notes:
        warn(note_text)
    return journal


def library(*, warn: bool = True) -> Library:
    from companion.core.scripts import load_library

    loaded = load_library()
    if warn:
        for problem in loaded.broken:
            _warn(f"skipped a broken script: {problem}")
    return loaded


def warn(message: str) -> None:
    from companion.core.text import safe_text

    write_out(f"companion: {safe_text(message)}", file=sys.stderr)


_warn = warn  # library() takes a keyword called warn


def note(message: str) -> None:
    """A line about what a command did, on stderr so stdout stays the document itself."""
    from companion.core.text import safe_text

    write_out(safe_text(message), file=sys.stderr)


def print_json(data: Any) -> None:
    write_out(json.dumps(data, ensure_ascii=False, indent=2), kind="json")


def wants_plain(explicit: bool) -> bool:
    """Plain mode when asked, or when the terminal cannot host the app."""
    if explicit or os.environ.get("TERM") == "dumb":
        return True
    return not (sys.stdin.isatty() and sys.stdout.isatty())


def warn_before_export(journal: Journal) -> None:
    """Say, before anything is written, what the leader should know about this export."""
    from companion.export import plaintext_warning

    warning = plaintext_warning(journal)
    if warning:
        warn(warning)


def new_passphrase(args: argparse.Namespace, option: str) -> str:
    """A new passphrase: from the file given with option, or typed twice without echo."""
    from companion.journal.crypto import check_new_passphrase

    given = getattr(args, option.lstrip("-").replace("-", "_"), None)
    if given:
        passphrase = read_passphrase_file(given, option)
        check_new_passphrase(passphrase)
        return passphrase
    if not can_ask():
        raise UsageError(
            f"Companion can only ask for a new passphrase in a terminal; give it in a file "
            f"with {option} PATH."
        )
    write_out(FORGET_WARNING, file=sys.stderr)
    for attempt in range(1, PASSPHRASE_TRIES + 1):
        passphrase = ask_secret("New passphrase: ")
        try:
            check_new_passphrase(passphrase)
        except UsageError as error:
            if attempt == PASSPHRASE_TRIES:
                raise
            write_out(error, file=sys.stderr)
            continue
        if ask_secret("The same passphrase again: ") == passphrase:
            return passphrase
        if attempt == PASSPHRASE_TRIES:
            break
        write_out("The two passphrases differ; type them again.", file=sys.stderr)
    raise UsageError("The passphrases typed did not match; nothing was changed.")
