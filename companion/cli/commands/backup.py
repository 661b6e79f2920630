"""`companion backup` and `companion restore`: the whole journal to one file, and back."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from companion.cli import output
from companion.cli.parser import Verbs, add_verb
from companion.core.errors import ImportFileError
from companion.core.text import write_out

if TYPE_CHECKING:
    from companion.export.backup import BackupContents
    from companion.importing.restore import SealedBackup
    from companion.journal import Journal


def add_parser(verbs: Verbs, common: argparse.ArgumentParser) -> None:
    backup = add_verb(
        verbs,
        common,
        "backup",
        "everything in the journal (private answers, drafts, histories, settings) to one file",
    )
    backup.add_argument("-o", "--output", metavar="FILE", required=True, help="the backup file")
    backup.add_argument(
        "--seal",
        action="store_true",
        help="a plain journal: seal the backup with a passphrase you choose (asked twice, or "
        "the first line of --passphrase-file); an encrypted journal's backup is always sealed",
    )
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")

    restore = add_verb(
        verbs, common, "restore", "put a backup back: into an empty journal, or merged by id"
    )
    restore.add_argument("file", metavar="FILE", help="the file `companion backup` wrote")
    restore.add_argument(
        "--merge",
        action="store_true",
        help="the journal has entries: add what it lacks, keep what it has",
    )
    restore.add_argument(
        "--backup-passphrase-file",
        metavar="PATH",
        help="a sealed backup's passphrase: the first line of PATH (otherwise Companion asks)",
    )
    restore.add_argument(
        "--replace-settings",
        action="store_true",
        help="replace your settings with the backup's without asking",
    )


def cmd_backup(args: argparse.Namespace) -> int:
    from companion.export.backup import check_backup_target, describe, write_backup

    target = Path(args.output).expanduser()
    check_backup_target(target, force=args.force)  # refused before anything is asked
    journal = output.open_journal(args)
    passphrase = None
    if journal.keyring is None and (args.seal or getattr(args, "passphrase_file", None)):
        passphrase = output.new_passphrase(args, "--passphrase-file")
    written = write_backup(journal, target, passphrase=passphrase, force=args.force)
    said = describe(written)
    if not written.sealed:
        said += " To seal it with a passphrase of your own, make it again with --seal."
    output.note(said)
    return 0


def _unsealed(args: argparse.Namespace, sealed: SealedBackup, journal: Journal) -> BackupContents:
    """A sealed backup opened: with the journal's own key if it made it, else a passphrase
    (from a file, or asked three times)."""
    keyring = journal.keyring
    if keyring is not None:
        for key in keyring.keys:
            opened = sealed.open_with(key)
            if opened is not None:
                return opened
    given = args.backup_passphrase_file or getattr(args, "passphrase_file", None)
    wrong = ImportFileError(
        f"The passphrase does not open {sealed.path} (a wrong passphrase, or a damaged file); "
        "nothing was changed."
    )
    if given:
        opened = sealed.open(output.read_passphrase_file(given, "--backup-passphrase-file"))
        if opened is None:
            raise wrong
        return opened
    if not output.can_ask():
        raise ImportFileError(
            f"{sealed.path} is sealed; give its passphrase in a file with "
            "--backup-passphrase-file PATH. Nothing was changed."
        )
    for attempt in range(1, output.PASSPHRASE_TRIES + 1):
        opened = sealed.open(output.ask_secret(f"Passphrase for the backup {sealed.path}: "))
        if opened is not None:
            return opened
        if attempt < output.PASSPHRASE_TRIES:
            write_out("Wrong passphrase or damaged file; try again.", file=sys.stderr)
    raise wrong  # three wrong tries


def _settings(args: argparse.Namespace, contents: BackupContents) -> str:
    """Put the backup's settings back if there are none here, or as asked; say what was done."""
    from companion.core.settings import settings_path
    from companion.importing.restore import put_settings, settings_change

    change = settings_change(contents)
    if change in ("none", "same"):
        return ""
    if change == "different" and not args.replace_settings:
        if not output.can_ask():
            return (
                f" Your settings at {settings_path()} differ from the backup's and were kept; "
                "add --replace-settings to take the backup's."
            )
        answer = input("Your settings differ from the backup's. Replace them? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            return " Your settings were kept as they are."
    return f" Settings restored to {put_settings(contents)}."


def cmd_restore(args: argparse.Namespace) -> int:
    from companion.importing.restore import SealedBackup, read_backup, restore

    path = Path(args.file).expanduser()
    found = read_backup(path)  # a foreign, damaged or newer file: refused before the journal
    journal = output.open_journal(args)
    contents = _unsealed(args, found, journal) if isinstance(found, SealedBackup) else found
    result = restore(journal, contents, merge=args.merge)
    write_out(result.summary(path) + _settings(args, contents))
    return 0


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    "backup": cmd_backup,
    "restore": cmd_restore,
}
