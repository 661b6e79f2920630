"""The journal service: the only way the rest of Companion reads or writes a journal.

Layout of a journal folder (each file small, so a save never rewrites the whole journal)::

    journal.json               what this folder is, and its format version
    entries/2026-11.json       finished reflections, one file per month of creation
    commitments/2026-11.json   commitments, one file per month of creation
    drafts.json                unfinished reflections (a handful at most)
    sessions.json              the programme's sessions: workshops, coaching calls (a calendar)
    backups/                   the previous versions of every file, five deep (this device's)
    backups/merged/            sync tools' conflict copies, once merged (see merging.py)
    .lock                      held while a save is under way (always empty; this device's)
    .stignore                  what Syncthing should not carry to other devices (lock, backups)
    encryption.json            only in an encrypted journal: how its key is made (see crypto.py)
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.core.errors import (
    Hint,
    JournalDamaged,
    JournalKeyChanged,
    JournalLocked,
    JournalTooNew,
    UsageError,
)
from companion.core.model import SCHEMA_VERSION
from companion.journal import files, merging, platform
from companion.journal.encrypted import description_path, is_encrypted
from companion.journal.folder import (
    COMMITMENTS,
    DRAFTS,
    DRAFTS_FILE,
    ENTRIES,
    LOCK_FILE,
    META_FILE,
)
from companion.journal.reading import JournalReading
from companion.journal.store import PlainCodec, Signature, meta_shape
from companion.journal.writing import (
    AddedCounts,
    JournalWriting,
    change_commitment_status,
    check_commitment_change,
)

if TYPE_CHECKING:
    from companion.core.progress import Progress
    from companion.journal import crypto
    from companion.journal.crypto import KdfParams, Keyring
    from companion.journal.encryption import Conversion

#: What other modules import from here, as before the service was split in three.
__all__ = [
    "COMMITMENTS",
    "DRAFTS",
    "DRAFTS_FILE",
    "ENTRIES",
    "LOCK_FILE",
    "META_FILE",
    "AddedCounts",
    "Journal",
    "change_commitment_status",
    "check_commitment_change",
]


class Journal(JournalReading, JournalWriting):
    """A journal folder, opened for reading and writing by one Companion process.

    Reading is in reading.py, writing in writing.py, the files and lock they share in
    folder.py; opening, format upgrades and encryption are here.
    """

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        passphrase: str | None = None,
        keyring: Keyring | None = None,
        **options: Any,
    ) -> Journal:
        """Open (creating if needed) the journal in folder, ready to read and write.

        An encrypted journal needs its passphrase (or a keyring from ``crypto.unlock``):
        without one this raises JournalLocked, with a wrong one WrongPassphrase; either way
        nothing on disk changes.
        """
        journal = cls(folder, **options)
        journal._prepare(passphrase, keyring)
        return journal

    def _prepare(self, passphrase: str | None = None, keyring: Keyring | None = None) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise UsageError(
                f"{self.folder} is a file, but a journal is a folder. ", Hint.CHOOSE_JOURNAL, "."
            )
        if keyring is None and is_encrypted(self.folder):
            if passphrase is None:
                raise JournalLocked(self.folder)
            from companion.journal import crypto  # only an encrypted journal loads it

            keyring = crypto.unlock(self.folder, passphrase)  # slow: before taking the lock
        files.ensure_private_dir(self.folder)
        merging.keep_on_this_device(self.folder)  # a folder Syncthing shares: its .stignore
        if keyring is None and self._open_as_it_is():
            return
        with self.locked():
            for leftover in files.stale_temp_files(self.folder):  # never the only copy
                with contextlib.suppress(OSError):
                    files.discard(leftover)
            if keyring is None and is_encrypted(self.folder):
                raise JournalLocked(self.folder)  # encrypted by another Companion meanwhile
            if keyring is not None:
                from companion.journal import crypto

                try:
                    now = crypto.read_description(self.folder)
                except JournalDamaged:
                    now = None
                if now != keyring.description:
                    keyring = self._adopt_description(keyring, now)
            self.use_keyring(keyring)
            meta = self.store.load(self.folder / META_FILE, meta_shape)
            if meta is None:
                meta = {
                    "companion": "journal",
                    "schema": SCHEMA_VERSION,
                    "created": self.clock().isoformat(),
                }
                self.store.save(self.folder / META_FILE, meta)
            self.meta = dict(meta)
            found = int(meta["schema"])
            if found > SCHEMA_VERSION:
                self._too_new = JournalTooNew(self.folder, found, SCHEMA_VERSION)
            if keyring is not None and self.writable:
                from companion.journal.encryption import finish

                note = finish(self, keyring)
                if note:
                    self.notes.append(note)
            if found < SCHEMA_VERSION:
                self._migrate(found)
            if self.writable:  # a sync tool's conflict copies: merged by record, never lost
                with contextlib.suppress(JournalTooNew):  # a copy from a newer Companion
                    self.notes.extend(self.merge_copies())

    def _open_as_it_is(self) -> bool:
        """Open a plaintext journal that needs nothing written: no crashed write to tidy, no
        description to create, no format to migrate. Reading needs no lock (every write
        replaces a whole file), so the usual open takes none. False: open under the lock."""
        # The encryption description's signature is taken first: if another Companion
        # encrypts the journal from here on, the store's guard (or the check after reading)
        # sees it, and the open goes the locked way, which says the journal is locked.
        self.use_keyring(None)
        if files.stale_temp_files(self.folder) or is_encrypted(self.folder):
            return False
        if merging.conflict_copies(self.folder):  # merged under the lock
            return False
        try:
            meta = self.store.load(self.folder / META_FILE, meta_shape)
        except (JournalDamaged, JournalKeyChanged):  # the locked way says what is wrong
            return False
        if is_encrypted(self.folder):
            return False
        if meta is None or int(meta["schema"]) < SCHEMA_VERSION:
            return False
        self.meta = dict(meta)
        if self.meta["schema"] > SCHEMA_VERSION:
            self._too_new = JournalTooNew(self.folder, self.meta["schema"], SCHEMA_VERSION)
        return True

    def _migrate(self, found: int) -> None:
        from companion.journal.migrations import migrate

        stamp = self.clock().strftime("%Y%m%dT%H%M%S")
        backup = self.folder / "backups" / f"before-format-{SCHEMA_VERSION}-{stamp}"
        self.copy_files_to(backup)
        migrate(self, found, SCHEMA_VERSION)
        self.meta["schema"] = SCHEMA_VERSION
        self.store.save(self.folder / META_FILE, self.meta)

    def copy_files_to(self, destination: Path) -> None:
        """Copy every journal file (not backups) into destination, private."""
        files.ensure_private_dir(destination)
        for path in self.journal_files():
            files.check_safe(self.folder, path, writing=False)
            target = destination / path.relative_to(self.folder)
            files.ensure_private_dir(target.parent)
            shutil.copy2(path, target)
            platform.current().chmod(target, files.FILE_MODE)

    @property
    def writable(self) -> bool:
        return self._too_new is None

    # ----------------------------------------------------------------- encryption

    @property
    def encrypted(self) -> bool:
        """Whether this journal is stored encrypted (exports of it are plaintext: say so)."""
        return self.keyring is not None

    def use_keyring(self, keyring: Keyring | None) -> None:
        """Read and write through keyring (None: plaintext). Conversions call it under the lock."""
        self.keyring = keyring
        self.store.codec = keyring if keyring is not None else PlainCodec()
        self._encryption_signature = Signature.of(description_path(self.folder))
        self.store.guard = self._check_encryption_unchanged
        self.store.forget_all()
        self._kept.clear()

    def _adopt_description(self, keyring: Keyring, now: crypto.Description | None) -> Keyring:
        """keyring, if encryption.json changed since unlocking only by being written afresh."""
        from companion.journal import crypto

        key = keyring.write_key
        if (
            keyring.description is None  # unlocked from the files' headers
            and now is not None
            and now.state == crypto.ENCRYPTED
            and now.current.spec == key.spec
            and key.verifies(now.current.check)
        ):
            return crypto.Keyring(self.folder, key, [key], crypto.ENCRYPTED, now)
        raise JournalKeyChanged(self.folder)

    def _check_encryption_unchanged(self) -> None:
        # Never write plaintext into a journal another Companion has just encrypted (or seal
        # with a key it has just replaced): encryption.json changes with every such step.
        if Signature.of(description_path(self.folder)) != self._encryption_signature:
            raise JournalKeyChanged(self.folder)

    def encrypt(
        self, passphrase: str, params: KdfParams | None = None, progress: Progress | None = None
    ) -> Conversion:
        """Encrypt this journal, its drafts and backups with a new passphrase."""
        from companion.journal import crypto, encryption

        return encryption.encrypt(self, passphrase, params or crypto.DEFAULT_PARAMS, progress)

    def decrypt(self, progress: Progress | None = None) -> Conversion:
        """Store this (unlocked) journal in plaintext again, backups included."""
        from companion.journal import encryption

        return encryption.decrypt(self, progress)

    def change_passphrase(
        self,
        new_passphrase: str,
        params: KdfParams | None = None,
        progress: Progress | None = None,
    ) -> Conversion:
        """Re-encrypt every file with a key from the new passphrase (and a new salt)."""
        from companion.journal import crypto, encryption

        params = params or crypto.DEFAULT_PARAMS
        return encryption.change_passphrase(self, new_passphrase, params, progress)
