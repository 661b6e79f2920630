"""`companion doctor`, `encrypt`, `decrypt` and `passwd`: looking after the journal itself."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli import output
from companion.cli.parser import Verbs, add_verb
from companion.cli.progress import progress_shown
from companion.core.errors import UsageError
from companion.core.text import write_out

if TYPE_CHECKING:
    from companion.journal.store import FileStore


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    doctor = add_verb(
        verbs, common, "doctor", "check the journal's health and show where things are"
    )
    doctor.add_argument("--restore", action="store_true", help="restore damaged files from backups")
    doctor.add_argument(
        "--merge",
        action="store_true",
        help="merge the conflict copies a sync tool left (record by record; nothing is lost)",
    )

    add_verb(
        verbs,
        common,
        "encrypt",
        "protect the journal with a passphrase (asked twice; --passphrase-file sets it)",
    )
    add_verb(verbs, common, "decrypt", "store the journal unencrypted again")
    passwd = add_verb(verbs, common, "passwd", "change the journal's passphrase")
    passwd.add_argument(
        "--new-passphrase-file",
        metavar="PATH",
        help="the new passphrase: the first line of PATH (otherwise Companion asks twice)",
    )


def _unlocked_store(args: argparse.Namespace, folder: Path) -> tuple[FileStore | None, str | None]:
    """The journal's store if it opens, else why not (a doctor still checks what it can)."""
    from companion.core.errors import JournalLocked, WrongPassphrase
    from companion.journal.store import FileStore

    try:
        keyring = output.keyring(args, folder)
    except (JournalLocked, WrongPassphrase) as error:
        if args.restore:
            raise
        return None, (
            "the journal is encrypted and no passphrase was given."
            if isinstance(error, JournalLocked)
            else "the passphrase did not unlock it (wrong passphrase or damaged file)."
        )
    return (FileStore(folder, keyring) if keyring is not None else None), None


def cmd_doctor(args: argparse.Namespace) -> int:
    from companion.core import locations
    from companion.journal.doctor import check, restore

    folder = output.journal_dir(args)
    write_out(f"Journal:        {folder}")
    write_out(f"Your scripts:   {locations.user_scripts_dir()}")
    write_out(f"Built-in scripts: {locations.builtin_scripts_dir()}")
    store, not_unlocked = _unlocked_store(args, folder)
    if args.merge:
        _merge(args)
    if args.restore:
        try:
            actions = restore(folder, store)
        except OSError as error:  # a read-only disk or folder: nothing could be put back
            from companion.journal.files import write_error

            raise write_error(Path(error.filename or folder), error) from None
        for line in actions or ["Nothing is damaged, so nothing was restored."]:
            write_out(line)
    findings = check(folder, store, not_unlocked=not_unlocked)
    write_out()
    for finding in findings:
        mark = "ok     " if finding.ok else "PROBLEM"
        write_out(f"{mark} {finding.topic}: {finding.detail}")
    library = output.library(warn=False)
    for problem in library.broken:
        write_out(f"PROBLEM script: {problem}")
    healthy = all(f.ok for f in findings) and not library.broken
    write_out("\nAll is well." if healthy else "\nSomething needs attention: see PROBLEM above.")
    return 0 if healthy else 1


def _merge(args: argparse.Namespace) -> None:
    """Merge conflict copies: opening the journal merges them (its notes say so)."""
    journal = output.open_journal(args)
    done = journal.notes + journal.merge_copies()
    if not done:
        write_out("There are no conflict copies to merge.")
    if journal.notes:
        write_out("The conflict copies were merged (see above).")
    for line in done[len(journal.notes) :]:
        write_out(line)


#: Said when Ctrl+C stops a conversion: each file was replaced whole, and the journal knows.
STOPPED_CONVERTING = (
    "Stopped part-way. Nothing is lost: Companion finishes the change the next time it opens "
    "the journal."
)


def cmd_encrypt(args: argparse.Namespace) -> int:
    journal = output.open_journal(args)
    if journal.encrypted:
        raise UsageError(
            f"The journal at {journal.folder} is already encrypted. "
            "To change its passphrase, run `companion passwd`."
        )
    passphrase = output.new_passphrase(args, "--passphrase-file")
    with progress_shown(STOPPED_CONVERTING) as progress:
        report = journal.encrypt(passphrase, progress=progress)
    write_out(report.summary("Encrypted"))
    write_out(
        "Companion will ask for the passphrase whenever it opens this journal. "
        "Exports are not encrypted."
    )
    return 0


def cmd_decrypt(args: argparse.Namespace) -> int:
    journal = output.open_journal(args)
    if not journal.encrypted:
        raise UsageError(f"The journal at {journal.folder} is not encrypted; nothing to do.")
    with progress_shown(STOPPED_CONVERTING) as progress:
        report = journal.decrypt(progress)
    write_out(report.summary("Decrypted"))
    write_out("The journal is no longer encrypted: anyone who can read its files can read it.")
    return 0


def _warn_if_synced(folder: Path) -> None:
    from companion.journal.merging import synced_by

    reason = synced_by(folder)
    if reason:
        output.warn(
            f"This journal looks kept in step with other devices ({reason}). Best: change the "
            "passphrase while Companion is closed on the others and their sync has finished, "
            "then give them the new passphrase. A file another device saves under the old one "
            "meanwhile still opens here, and is sealed again under the new one."
        )


def cmd_passwd(args: argparse.Namespace) -> int:
    journal = output.open_journal(args)
    if not journal.encrypted:
        raise UsageError(
            f"The journal at {journal.folder} is not encrypted. "
            "To give it a passphrase, run `companion encrypt`."
        )
    _warn_if_synced(journal.folder)
    passphrase = output.new_passphrase(args, "--new-passphrase-file")
    with progress_shown(STOPPED_CONVERTING) as progress:
        report = journal.change_passphrase(passphrase, progress=progress)
    write_out(report.summary("Re-encrypted"))
    write_out("The journal now opens with the new passphrase only.")
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "doctor": cmd_doctor,
    "encrypt": cmd_encrypt,
    "decrypt": cmd_decrypt,
    "passwd": cmd_passwd,
}
