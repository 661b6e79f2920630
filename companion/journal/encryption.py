"""Turning a journal encrypted, plain again, or over to a new passphrase, file by file.

Every conversion runs under the journal lock and goes in three steps:

1. encryption.json is written first, saying what is under way (``encrypting``, ``decrypting``
   or ``rekeying``; for a passphrase change it carries each key sealed by the other);
2. every stored file (journal files, drafts, backups, migration copies, damaged copies kept
   aside) is rewritten atomically in its new form, with no backup rotation (a backup would
   keep the old form); a plaintext file's old bytes are overwritten once nothing names them;
3. encryption.json is rewritten (or removed) to say the conversion is done.

A crash between 1 and 3 leaves each file whole, in its old form or its new one, and the
journal's own description of what was under way: the next open with the passphrase (the old
or the new one, for a passphrase change) finishes the work.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.errors import Hint, UsageError
from companion.core.progress import Progress, counted
from companion.journal import crypto, files, versions
from companion.journal.crypto import (
    DECRYPTING,
    DEFAULT_PARAMS,
    ENCRYPTED,
    ENCRYPTING,
    REKEYING,
    Description,
    JournalKey,
    KdfParams,
    Keyring,
)

if TYPE_CHECKING:
    from companion.journal.service import Journal


@dataclass
class Conversion:
    """What a conversion did, to tell the leader."""

    converted: int = 0
    backups: int = 0
    unreadable: list[Path] = field(default_factory=list)

    def summary(self, done: str) -> str:
        text = f"{done} {self.converted} file(s), {self.backups} of them backups."
        if self.unreadable:
            listed = ", ".join(str(p) for p in self.unreadable[:3])
            text += (
                f" {len(self.unreadable)} damaged file(s) could not be opened and were left as "
                f"they are ({listed}); `companion doctor` says more."
            )
        return text


def _replace(path: Path, data: bytes, scrub_old: bool) -> None:
    """Atomically put data in place of path; scrub the old bytes if they were plaintext."""
    target = files.real_path(path)
    wipe: Path | None = None
    if scrub_old:
        # A second name keeps the old inode reachable until the new file is in place, so it
        # can be overwritten afterwards; named like a temp file, a crash leaves it to cleanup.
        wipe = target.with_name(f".{target.name}.{secrets.token_hex(4)}.wipe{files.TEMP_SUFFIX}")
        try:
            os.link(target, wipe)
        except OSError:
            wipe = None
    files.atomic_write(path, data)
    if wipe is not None:
        files.discard(wipe)


def _convert_all(
    folder: Path,
    reader: Keyring,
    target: JournalKey | None,
    *,
    accept_plain: bool,
    progress: Progress | None = None,
) -> Conversion:
    """Rewrite every stored file sealed with target (or in plaintext when target is None).

    Each file is replaced whole; stopped half-way (progress raising), the journal's state
    says a conversion is under way and the next open finishes it."""
    report = Conversion()
    backups = folder / "backups"
    label = "Decrypting" if target is None else "Encrypting"
    for path in counted(crypto.stored_files(folder), progress, label):
        raw = files.read_bytes(path)
        if raw is None:
            continue
        sealed = crypto.is_encrypted_bytes(raw)
        if target is None and not sealed:
            continue
        if target is not None and target.sealed_by(raw):
            continue  # done before an interruption
        name = versions.name_of(folder, path) or path.name
        version = 1
        if sealed:
            key = reader.key_for(raw)
            opened = key.open_file(raw) if key is not None else None
            if opened is None:
                report.unreadable.append(path)
                continue
            plain, name, version = opened.plain, opened.name or name, opened.version or 1
        elif accept_plain:
            plain = raw
        else:
            report.unreadable.append(path)
            continue
        # A file keeps its name and version: a converted backup is still an older copy.
        new = plain if target is None else target.seal_file(plain, name, version)
        _replace(path, new, scrub_old=not sealed)
        report.converted += 1
        if backups in path.parents:
            report.backups += 1
    return report


def _discard_leftovers(folder: Path) -> None:
    for leftover in files.leftover_temp_files(folder):
        files.discard(leftover)


def encrypt(
    journal: Journal,
    passphrase: str,
    params: KdfParams = DEFAULT_PARAMS,
    progress: Progress | None = None,
) -> Conversion:
    """Encrypt a plain journal with a new passphrase, backups and all."""
    if journal.keyring is not None:
        raise UsageError(
            f"The journal at {journal.folder} is already encrypted. ", Hint.CHANGE_PASSPHRASE, "."
        )
    key = crypto.new_key(passphrase, params)  # slow: before taking the lock
    folder = journal.folder
    with journal.locked():
        journal.check_writable()
        if crypto.is_encrypted(folder):
            raise UsageError(
                f"The journal at {folder} was encrypted by another Companion meanwhile; "
                "nothing was changed."
            )
        _discard_leftovers(folder)
        description = Description(crypto.lock_for(key), ENCRYPTING)
        crypto.write_description(folder, description)
        keyring = Keyring(folder, key, [key], ENCRYPTING, description)
        journal.use_keyring(keyring)
        return _finish_encrypting(journal, keyring, progress)


def _finish_encrypting(
    journal: Journal, keyring: Keyring, progress: Progress | None = None
) -> Conversion:
    report = _convert_all(
        journal.folder, keyring, keyring.write_key, accept_plain=True, progress=progress
    )
    return _settle(journal, keyring, report)


def _settle(journal: Journal, keyring: Keyring, report: Conversion) -> Conversion:
    """Record that the journal is wholly under keyring's write key."""
    key = keyring.write_key
    # After a passphrase change the old key is kept, sealed by the new one: another device
    # may still save under the old passphrase until the change reaches it.
    old = [k for k in keyring.keys if k is not key][:1] if keyring.state == REKEYING else []
    previous = crypto.lock_for(old[0], key.wrap(old[0])) if old else None
    description = Description(crypto.lock_for(key), ENCRYPTED, previous=previous)
    crypto.write_description(journal.folder, description)
    settled = Keyring(journal.folder, key, [key, *old], ENCRYPTED, description)
    record_versions(journal.folder, settled)
    journal.use_keyring(settled)
    return report


def record_versions(folder: Path, keyring: Keyring) -> None:
    """Record each journal file's version as it now is (sealed by this key, just converted)."""
    recorded = keyring.index.read(keyring.keys)
    found = dict(recorded)
    backups = folder / "backups"
    for path in crypto.stored_files(folder):
        raw = files.read_bytes(path)
        binding = crypto.read_binding(raw) if raw is not None else None
        if binding is not None and backups not in path.parents:
            found[binding.name] = max(found.get(binding.name, 0), binding.version)
    if found != recorded or not keyring.index.path.exists():
        keyring.index.write(keyring.write_key, found)


def decrypt(journal: Journal, progress: Progress | None = None) -> Conversion:
    """Store the journal in plaintext again (its backups too) and forget the passphrase."""
    keyring = journal.keyring
    if keyring is None:
        raise UsageError(f"The journal at {journal.folder} is not encrypted; nothing to do.")
    with journal.locked():
        journal.check_writable()
        _discard_leftovers(journal.folder)
        description = Description(crypto.lock_for(keyring.write_key), DECRYPTING)
        crypto.write_description(journal.folder, description)
        decrypting = Keyring(
            journal.folder, keyring.write_key, keyring.keys, DECRYPTING, description
        )
        journal.use_keyring(decrypting)
        return _finish_decrypting(journal, decrypting, progress)


def _finish_decrypting(
    journal: Journal, keyring: Keyring, progress: Progress | None = None
) -> Conversion:
    report = _convert_all(journal.folder, keyring, None, accept_plain=True, progress=progress)
    keyring.index.remove()  # a plain journal keeps no versions
    crypto.remove_description(journal.folder)
    journal.use_keyring(None)
    return report


def change_passphrase(
    journal: Journal,
    new_passphrase: str,
    params: KdfParams = DEFAULT_PARAMS,
    progress: Progress | None = None,
) -> Conversion:
    """Re-encrypt every file with a key from new_passphrase (and a new salt and parameters)."""
    keyring = journal.keyring
    if keyring is None:
        raise UsageError(f"The journal at {journal.folder} is not encrypted. ", Hint.ENCRYPT, ".")
    new = crypto.new_key(new_passphrase, params)  # slow: before taking the lock
    old = keyring.write_key
    with journal.locked():
        journal.check_writable()
        _discard_leftovers(journal.folder)
        description = Description(
            crypto.lock_for(old, old.wrap(new)), REKEYING, crypto.lock_for(new, new.wrap(old))
        )
        crypto.write_description(journal.folder, description)
        rekeying = Keyring(journal.folder, new, [new, old], REKEYING, description)
        journal.use_keyring(rekeying)
        return _finish_rekeying(journal, rekeying, progress)


def _finish_rekeying(
    journal: Journal, keyring: Keyring, progress: Progress | None = None
) -> Conversion:
    report = _convert_all(
        journal.folder, keyring, keyring.write_key, accept_plain=False, progress=progress
    )
    return _settle(journal, keyring, report)


def finish(journal: Journal, keyring: Keyring) -> str | None:
    """Complete a conversion a crash interrupted (the caller holds the lock); say what was done."""
    if keyring.state == ENCRYPTING:
        _finish_encrypting(journal, keyring)
        return "An interrupted encryption was finished: the journal is now encrypted."
    if keyring.state == REKEYING:
        _finish_rekeying(journal, keyring)
        return (
            "An interrupted change of passphrase was finished: from now on the journal opens "
            "with the new passphrase."
        )
    if keyring.state == DECRYPTING:
        _finish_decrypting(journal, keyring)
        return "An interrupted decryption was finished: the journal is now plain."
    if keyring.description is None and not crypto.description_path(journal.folder).exists():
        _settle(journal, keyring, Conversion())  # rebuild a lost encryption.json
    if len(keyring.keys) > 1:
        resealed = _reseal_older(journal.folder, keyring)
        if resealed:
            return (
                f"{resealed} file(s) saved under the previous passphrase (on another device, "
                "before the change reached it) were sealed again under the new one."
            )
    return None


def _reseal_older(folder: Path, keyring: Keyring) -> int:
    """Seal again under the journal's key every journal file still sealed by an older one
    (keeping its name and version). Only each file's first bytes are read to tell."""
    older = [k for k in keyring.keys if k is not keyring.write_key]
    count = 0
    for path in crypto.stored_files(folder):
        try:
            with open(path, "rb") as handle:
                head = handle.read(crypto.HEADER_BYTES)
        except OSError:
            continue
        if not any(k.sealed_by(head) for k in older):
            continue
        raw = files.read_bytes(path)
        key = keyring.key_for(raw) if raw is not None else None
        opened = key.open_file(raw) if key is not None and raw is not None else None
        if opened is None:
            continue
        name = opened.name or versions.name_of(folder, path) or path.name
        sealed = keyring.write_key.seal_file(opened.plain, name, max(opened.version, 1))
        _replace(path, sealed, scrub_old=False)
        count += 1
    return count


__all__ = ["ENCRYPTED", "Conversion", "change_passphrase", "decrypt", "encrypt", "finish"]
