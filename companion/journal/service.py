"""The journal service: the only way the rest of Companion reads or writes a journal.

Layout of a journal folder (each file small, so a save never rewrites the whole journal)::

    journal.json               what this folder is, and its format version
    entries/2026-11.json       finished reflections, one file per month of creation
    commitments/2026-11.json   commitments, one file per month of creation
    drafts.json                unfinished reflections (a handful at most)
    backups/                   the previous versions of every file, five deep
    .lock                      held while a save is under way (always empty)
    encryption.json            only in an encrypted journal: how its key is made (see crypto.py)
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from companion.core import ids
from companion.core.errors import (
    JournalBusy,
    JournalDamaged,
    JournalKeyChanged,
    JournalLocked,
    JournalTooNew,
    UsageError,
)
from companion.core.model import (
    SCHEMA_VERSION,
    Clock,
    Commitment,
    CommitmentStatus,
    Draft,
    Entry,
    local_now,
)
from companion.journal import converters, crypto, files
from companion.journal.crypto import Keyring
from companion.journal.store import (
    Codec,
    FileStore,
    PlainCodec,
    Signature,
    meta_shape,
    tinydb_shape,
)

if TYPE_CHECKING:
    from filelock import BaseFileLock

    from companion.journal.crypto import KdfParams
    from companion.journal.encryption import Conversion

#: The stored statuses of commitments no longer to do.
_FINISHED = frozenset(status.value for status in CommitmentStatus if not status.is_active)
META_FILE = "journal.json"
DRAFTS_FILE = "drafts.json"
LOCK_FILE = ".lock"
ENTRIES = "entries"
COMMITMENTS = "commitments"
DRAFTS = "drafts"

T = TypeVar("T")


#: How each change is said in a refusal: "... so it cannot be marked done."
_CHANGE_WORDS = {
    CommitmentStatus.DONE: "marked done",
    CommitmentStatus.DROPPED: "let go",
    CommitmentStatus.RENEGOTIATED: "renegotiated",
}


def check_commitment_change(commitment: Commitment, status: CommitmentStatus) -> None:
    """Refuse a change of status to a done or dropped commitment: it is closed.

    Marking a done commitment done again would count it twice in follow-through figures.
    """
    if commitment.status.is_active:
        return
    raise UsageError(
        f"That commitment is already {commitment.status.value}, so it cannot be "
        f"{_CHANGE_WORDS.get(status, 'changed')}. Make a new commitment for what comes next."
    )


def change_commitment_status(
    commitment: Commitment,
    status: CommitmentStatus,
    at: datetime,
    *,
    note: str = "",
    due: date | None = None,
    step: str | None = None,
) -> None:
    """Check the rule, then move the commitment to its new status (recorded in its history)."""
    check_commitment_change(commitment, status)
    commitment.change_status(status, at, note=note, due=due, step=step)


class Journal:
    """A journal folder, opened for reading and writing by one Companion process."""

    def __init__(
        self,
        folder: Path,
        *,
        clock: Clock = local_now,
        lock_timeout: float = 5.0,
        codec: Codec | None = None,
    ) -> None:
        self.folder = Path(folder)
        self.clock = clock
        self.lock_timeout = lock_timeout
        self.store = FileStore(self.folder, codec)
        self._thread_lock = threading.RLock()
        self._file_lock: BaseFileLock | None = None  # made on the first write (see locked)
        self._too_new: JournalTooNew | None = None
        #: Per question and file, the records kept (see commitments_where), until the file changes.
        self._kept: dict[tuple[str, Path], tuple[Signature, list[Any]]] = {}
        # Two threads asking for the same files wait for one read instead of both parsing.
        self._reading = threading.Lock()
        self.meta: dict[str, Any] = {}
        #: The unlocked keys of an encrypted journal (None for a plain one).
        self.keyring: Keyring | None = None
        #: Things done on opening that the leader should hear about (a finished conversion).
        self.notes: list[str] = []
        self._encryption_signature: Signature | None = None

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
                f"{self.folder} is a file, but a journal is a folder. "
                "Give --journal the folder that holds journal.json, or a new folder's name."
            )
        if keyring is None and crypto.is_encrypted(self.folder):
            if passphrase is None:
                raise JournalLocked(self.folder)
            keyring = crypto.unlock(self.folder, passphrase)  # slow: before taking the lock
        files.ensure_private_dir(self.folder)
        if keyring is None and self._open_as_it_is():
            return
        with self.locked():
            for leftover in files.stale_temp_files(self.folder):  # never the only copy
                with contextlib.suppress(OSError):
                    files.discard(leftover)
            if keyring is None and crypto.is_encrypted(self.folder):
                raise JournalLocked(self.folder)  # encrypted by another Companion meanwhile
            if keyring is not None:
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

    def _open_as_it_is(self) -> bool:
        """Open a plaintext journal that needs nothing written: no crashed write to tidy, no
        description to create, no format to migrate. Reading needs no lock (every write
        replaces a whole file), so the usual open takes none. False: open under the lock."""
        # The encryption description's signature is taken first: if another Companion
        # encrypts the journal from here on, the store's guard (or the check after reading)
        # sees it, and the open goes the locked way, which says the journal is locked.
        self.use_keyring(None)
        if files.stale_temp_files(self.folder) or crypto.is_encrypted(self.folder):
            return False
        try:
            meta = self.store.load(self.folder / META_FILE, meta_shape)
        except (JournalDamaged, JournalKeyChanged):  # the locked way says what is wrong
            return False
        if crypto.is_encrypted(self.folder):
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
            os.chmod(target, files.FILE_MODE)

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
        self._encryption_signature = Signature.of(crypto.description_path(self.folder))
        self.store.guard = self._check_encryption_unchanged
        self.store.forget_all()
        self._kept.clear()

    def _adopt_description(self, keyring: Keyring, now: crypto.Description | None) -> Keyring:
        """keyring, if encryption.json changed since unlocking only by being written afresh."""
        key = keyring.write_key
        if (
            keyring.description is None  # unlocked from the files' headers
            and now is not None
            and now.state == crypto.ENCRYPTED
            and now.current.spec == key.spec
            and key.verifies(now.current.check)
        ):
            return Keyring(self.folder, key, [key], crypto.ENCRYPTED, now)
        raise JournalKeyChanged(self.folder)

    def _check_encryption_unchanged(self) -> None:
        # Never write plaintext into a journal another Companion has just encrypted (or seal
        # with a key it has just replaced): encryption.json changes with every such step.
        if Signature.of(crypto.description_path(self.folder)) != self._encryption_signature:
            raise JournalKeyChanged(self.folder)

    def encrypt(self, passphrase: str, params: KdfParams | None = None) -> Conversion:
        """Encrypt this journal, its drafts and backups with a new passphrase."""
        from companion.journal import encryption

        return encryption.encrypt(self, passphrase, params or crypto.DEFAULT_PARAMS)

    def decrypt(self) -> Conversion:
        """Store this (unlocked) journal in plaintext again, backups included."""
        from companion.journal import encryption

        return encryption.decrypt(self)

    def change_passphrase(self, new_passphrase: str, params: KdfParams | None = None) -> Conversion:
        """Re-encrypt every file with a key from the new passphrase (and a new salt)."""
        from companion.journal import encryption

        return encryption.change_passphrase(self, new_passphrase, params or crypto.DEFAULT_PARAMS)

    def journal_files(self) -> list[Path]:
        """Every file that holds journal data (not backups, not the lock)."""
        found = [p for p in (self.folder / META_FILE, self.folder / DRAFTS_FILE) if p.exists()]
        for kind in (ENTRIES, COMMITMENTS):
            found.extend(self._shard_paths(kind))
        return found

    # ----------------------------------------------------------------- locking

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the journal lock: other Companions wait until we have saved."""
        from filelock import FileLock, Timeout  # only a write needs it: reading starts faster

        with self._thread_lock:
            # A planted link in place of the lock file would be created or truncated outside.
            files.check_safe(self.folder, self.folder / LOCK_FILE, writing=True)
            if self._file_lock is None:
                self._file_lock = FileLock(
                    str(self.folder / LOCK_FILE),
                    timeout=self.lock_timeout,
                    mode=0o600,
                    thread_local=False,
                )
            try:
                self._file_lock.acquire()
            except Timeout:
                raise JournalBusy(
                    f"The journal at {self.folder} is busy: another Companion has been saving "
                    f"to it for over {self.lock_timeout:g} seconds. Try again in a moment; "
                    "if it stays busy, close other Companion windows."
                ) from None
            except OSError as error:
                if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                    raise files.write_error(self.folder / LOCK_FILE, error) from error
                raise
            try:
                with contextlib.suppress(OSError):
                    os.chmod(self.folder / LOCK_FILE, files.FILE_MODE)
                yield
            finally:
                self._file_lock.release()

    def check_writable(self) -> None:
        """Raise JournalTooNew if a newer Companion's format forbids writing."""
        if self._too_new is not None:
            raise self._too_new

    _check_writable = check_writable

    # ----------------------------------------------------------------- shards

    def _shard_path(self, kind: str, record_id: str) -> Path:
        month = ids.id_time(record_id).strftime("%Y-%m")
        return self.folder / kind / f"{month}.json"

    def _shard_paths(self, kind: str) -> list[Path]:
        folder = self.folder / kind
        try:
            names = sorted(
                # Not only files: a planted folder, pipe or link is refused when read, not skipped.
                e.name
                for e in os.scandir(folder)
                if e.name.endswith(".json")
            )
        except FileNotFoundError:
            return []
        return [folder / name for name in names]

    def _records(self, path: Path, kind: str, convert: Callable[[dict[str, Any]], T]) -> list[T]:
        records: list[T] = self.store.load_records(path, kind, convert)[1]
        return records

    def _all(self, kind: str, convert: Callable[[dict[str, Any]], T]) -> list[T]:
        result: list[T] = []
        for path in self._shard_paths(kind):
            result.extend(self._records(path, kind, convert))
        return result

    def _write(self, kind: str, record_id: str, change: Callable[[Any], T]) -> T:
        with self.locked():
            self._check_writable()
            path = self._shard_path(kind, record_id)
            return change(_tables().open_table(self.store, path, kind))

    def state(self) -> tuple[tuple[str, Signature | None], ...]:
        """A token that changes whenever any journal file changes (to notice other processes)."""
        return tuple((str(p), Signature.of(p)) for p in self.journal_files())

    # ----------------------------------------------------------------- entries

    def entries(self) -> list[Entry]:
        """Every finished entry, newest first. Treat them as read-only snapshots."""
        found = self._all(ENTRIES, converters.entry_from_doc)
        return sorted(found, key=lambda e: (e.completed, e.id), reverse=True)

    def recent_entries(self, limit: int) -> list[Entry]:
        """The newest finished entries, newest first, reading only the latest monthly files.

        An entry's file is the month its id was made, never before it was finished, so once
        `limit` entries are newer than everything an older file can hold, the rest is skipped.
        """
        return self._newest(
            limit, lambda path: self._records(path, ENTRIES, converters.entry_from_doc)
        )

    def _newest(self, limit: int, read: Callable[[Path], list[Entry]]) -> list[Entry]:
        """The newest `limit` of what read finds in each monthly entries file, newest first,
        reading from the newest file back and stopping once no older file can hold a newer one.
        """
        found: list[Entry] = []
        paths = self._shard_paths(ENTRIES) if limit > 0 else []
        with self._reading:
            while paths:
                found.extend(read(paths.pop()))
                found.sort(key=lambda e: (e.completed, e.id), reverse=True)
                enough = len(found) >= limit
                if enough and paths and found[limit - 1].completed >= _month_end(paths[-1]):
                    break
        return found[:limit]

    def entries_since(self, moment: datetime) -> list[Entry]:
        """Entries finished at or after moment, newest first, reading only the months since.

        (An entry's file is the month its id was made, never before it was finished.) Nothing
        more is kept in memory than the entries returned.
        """
        found: list[Entry] = []
        for path in self._shard_paths(ENTRIES):
            if _month_end(path) > moment:
                _, records = self.store.load_records(
                    path, ENTRIES, converters.entry_from_doc, cache=False
                )
                found.extend(e for e in records if e.completed >= moment)
        return sorted(found, key=lambda e: (e.completed, e.id), reverse=True)

    def entry(self, id_or_prefix: str) -> Entry:
        """One entry by id or unique id prefix."""
        return _pick(self.entries(), id_or_prefix, "entry", "entries", lambda e: e.title)

    def save_entry(self, entry: Entry) -> None:
        """Add or replace an entry."""
        doc = converters.entry_to_doc(entry)
        self._write(ENTRIES, entry.id, lambda table: _tables().put(table, doc))

    def delete_entry(self, entry_id: str) -> None:
        """Remove an entry (its previous file version stays in the backups)."""

        def remove(table: Any) -> None:
            if table.contains(doc_id=entry_id):
                table.remove(doc_ids=[entry_id])

        self._write(ENTRIES, entry_id, remove)

    # ----------------------------------------------------------------- commitments

    def commitments(self) -> list[Commitment]:
        """Every commitment, oldest first."""
        found = self._all(COMMITMENTS, converters.commitment_from_doc)
        return sorted(found, key=lambda c: c.id)

    def active_commitments(self) -> list[Commitment]:
        """Commitments still to do (open or renegotiated), oldest first.

        Every file is read (a commitment from years ago may still be open), but only the active
        ones are converted and kept in memory, so Home stays light however long the journal.
        """
        return self.commitments_active_or_touched(None)

    def commitments_active_or_touched(self, since: datetime | None) -> list[Commitment]:
        """Commitments still to do, and (with since) those made, due or changed since then,
        oldest first: what Home's lists and its follow-through by month need.

        As active_commitments: every file is read, but a record is converted only if its stored
        dates could fall after since (compared as text, two days early to allow for any time
        zone), and only the matching ones are kept.
        """
        earliest = None if since is None else (since.date() - timedelta(days=2)).isoformat()

        def maybe(doc: dict[str, Any]) -> bool:
            # Anything not plainly finished and old is converted, so damage is still reported.
            if doc.get("status", "open") not in _FINISHED:
                return True
            if earliest is None:
                return False
            try:
                due = doc.get("due")
                return (
                    doc["created"][:10] >= earliest
                    or (due is not None and due[:10] >= earliest)
                    or any(change["at"][:10] >= earliest for change in doc.get("history", ()))
                )
            except (KeyError, TypeError):
                return True

        def keep(c: Commitment) -> bool:
            return c.status.is_active or (
                since is not None
                and (
                    c.created >= since
                    or (c.due is not None and c.due >= since.date())
                    or any(change.at >= since for change in c.history)
                )
            )

        key = "active" if since is None else f"active-or-since-{since.isoformat()}"
        found = self._scan(COMMITMENTS, converters.commitment_from_doc, key, keep, maybe)
        return sorted(found, key=lambda c: c.id)

    def latest_entries_where(
        self, key: str, keep: Callable[[Entry], bool], limit: int
    ) -> list[Entry]:
        """The newest `limit` entries keep accepts, newest first, for questions about every
        year such as "on this day": files are read from the newest, and no further than needed
        (see recent_entries), holding only the accepted entries in memory.

        key names the question (the same key must always mean the same keep): its answer for
        each monthly file is reused until that file changes.
        """
        return self._newest(
            limit,
            lambda path: self._kept_in(path, ENTRIES, converters.entry_from_doc, key, keep),
        )

    def _scan(
        self,
        kind: str,
        convert: Callable[[dict[str, Any]], T],
        key: str,
        keep: Callable[[T], bool],
        maybe: Callable[[dict[str, Any]], bool] | None = None,
    ) -> list[T]:
        found: list[T] = []
        with self._reading:
            for path in self._shard_paths(kind):
                found.extend(self._kept_in(path, kind, convert, key, keep, maybe))
        return found

    def _kept_in(
        self,
        path: Path,
        kind: str,
        convert: Callable[[dict[str, Any]], T],
        key: str,
        keep: Callable[[T], bool],
        maybe: Callable[[dict[str, Any]], bool] | None = None,
    ) -> list[T]:
        """The records of one file that keep accepts; remembered until the file changes."""
        cached = self._kept.get((key, path))
        if cached is not None and cached[0] == Signature.of(path):
            return cached[1]
        signature, records = self.store.load_records(path, kind, convert, cache=False, maybe=maybe)
        kept = [record for record in records if keep(record)]
        if signature is not None:
            self._kept[(key, path)] = (signature, kept)
        return kept

    def entries_with_documents(self) -> list[tuple[Entry, dict[str, Any]]]:
        """Every entry with the document it is stored as, newest first (for a lossless export,
        which writes the stored form as it is; nothing is cached)."""
        found = self._with_documents(ENTRIES, converters.entry_from_doc)
        return sorted(found, key=lambda pair: (pair[0].completed, pair[0].id), reverse=True)

    def commitments_with_documents(self) -> list[tuple[Commitment, dict[str, Any]]]:
        """Every commitment with the document it is stored as, oldest first."""
        found = self._with_documents(COMMITMENTS, converters.commitment_from_doc)
        return sorted(found, key=lambda pair: pair[0].id)

    def _with_documents(
        self, kind: str, convert: Callable[[dict[str, Any]], T]
    ) -> list[tuple[T, dict[str, Any]]]:
        found: list[tuple[T, dict[str, Any]]] = []
        for path in self._shard_paths(kind):
            found.extend(self.store.load_with_documents(path, kind, convert))
        return found

    def commitment(self, id_or_prefix: str) -> Commitment:
        """One commitment by id or unique id prefix."""
        return _pick(
            self.commitments(), id_or_prefix, "commitment", "commitments", lambda c: c.text
        )

    def new_commitment(
        self,
        text: str,
        *,
        due: date | None = None,
        first_step: str | None = None,
        entry_id: str | None = None,
        script_id: str | None = None,
    ) -> Commitment:
        """A commitment ready to save (not saved yet)."""
        text = text.strip()
        if not text:
            raise UsageError("A commitment needs some words: say what you will do.")
        now = self.clock()
        return Commitment(
            id=self.new_id(),
            text=text,
            created=now,
            due=due,
            first_step=(first_step or "").strip() or None,
            entry_id=entry_id,
            script_id=script_id,
        )

    def add_commitment(self, text: str, *, due: date | None = None, **links: Any) -> Commitment:
        """Create and save a commitment."""
        commitment = self.new_commitment(text, due=due, **links)
        self.save_commitment(commitment)
        return commitment

    def save_commitment(self, commitment: Commitment) -> None:
        doc = converters.commitment_to_doc(commitment)
        self._write(COMMITMENTS, commitment.id, lambda table: _tables().put(table, doc))

    def update_commitment(
        self, commitment_id: str, change: Callable[[Commitment], None]
    ) -> Commitment:
        """Read a commitment fresh under the lock, change it, save it (read-modify-write)."""

        def apply(table: Any) -> Commitment:
            doc = table.get(doc_id=commitment_id)
            if doc is None:
                raise UsageError(f"There is no commitment {commitment_id}.")
            commitment = converters.commitment_from_doc(dict(doc))
            change(commitment)
            _tables().put(table, converters.commitment_to_doc(commitment))
            return commitment

        return self._write(COMMITMENTS, commitment_id, apply)

    def set_commitment_status(
        self,
        commitment_id: str,
        status: CommitmentStatus,
        note: str = "",
        due: date | None = None,
        step: str | None = None,
    ) -> Commitment:
        """Record a status change with its date and note (refused on a closed commitment).

        The one way every face (app, plain mode, command line) changes a commitment's status:
        the rule is checked on the commitment as read under the lock, so two Companions
        cannot both mark it done.
        """
        at = self.clock()
        return self.update_commitment(
            commitment_id,
            lambda c: change_commitment_status(c, status, at, note=note, due=due, step=step),
        )

    # ----------------------------------------------------------------- drafts

    def drafts(self) -> list[Draft]:
        """Unfinished reflections, most recently touched first."""
        data = self.store.load(self.folder / DRAFTS_FILE, tinydb_shape(DRAFTS))
        if data is None:
            return []
        found = [converters.draft_from_doc(doc) for doc in data.get(DRAFTS, {}).values()]
        return sorted(found, key=lambda d: d.updated, reverse=True)

    def draft(self, id_or_prefix: str) -> Draft:
        return _pick(self.drafts(), id_or_prefix, "draft", "drafts", lambda d: d.script_title)

    def _drafts_table(self) -> Any:
        return _tables().open_table(self.store, self.folder / DRAFTS_FILE, DRAFTS, backup=False)

    def save_draft(self, draft: Draft) -> None:
        """Save a draft (called after every answer, so it must stay cheap)."""
        doc = converters.draft_to_doc(draft)
        with self.locked():
            self._check_writable()
            _tables().put(self._drafts_table(), doc)

    def delete_draft(self, draft_id: str) -> None:
        with self.locked():
            self._check_writable()
            table = self._drafts_table()
            if table.contains(doc_id=draft_id):
                table.remove(doc_ids=[draft_id])

    # ----------------------------------------------------------------- finishing

    def finish(self, entry: Entry, commitments: list[Commitment], draft_id: str | None) -> None:
        """Save a finished entry and its commitments, then forget the draft, under one lock."""
        with self.locked():
            self._check_writable()
            for commitment in commitments:
                self.save_commitment(commitment)
            self.save_entry(entry)
            if draft_id is not None:
                self.delete_draft(draft_id)

    # ----------------------------------------------------------------- importing

    def add_missing(
        self,
        entries: Sequence[Entry] = (),
        commitments: Sequence[Commitment] = (),
        drafts: Sequence[Draft] = (),
    ) -> AddedCounts:
        """Add the records whose ids the journal does not have yet; never change one it has.

        Each monthly file is written once (one backup each), all under one lock, so an import
        of hundreds of entries costs a handful of saves and leaves the backups useful.
        """
        counts = AddedCounts()
        with self.locked():
            self._check_writable()
            for kind, docs in (
                (ENTRIES, [converters.entry_to_doc(e) for e in entries]),
                (COMMITMENTS, [converters.commitment_to_doc(c) for c in commitments]),
            ):
                by_path: dict[Path, list[dict[str, Any]]] = {}
                for doc in docs:
                    by_path.setdefault(self._shard_path(kind, doc["id"]), []).append(doc)
                for path, shard_docs in sorted(by_path.items()):
                    added, present = _tables().insert_missing(
                        _tables().open_table(self.store, path, kind), shard_docs
                    )
                    counts.add(kind, added, present)
            if drafts:
                draft_docs = [converters.draft_to_doc(d) for d in drafts]
                added, present = _tables().insert_missing(self._drafts_table(), draft_docs)
                counts.add(DRAFTS, added, present)
        return counts

    # ----------------------------------------------------------------- many at once

    def save_many(
        self, *, entries: Iterable[Entry] = (), commitments: Iterable[Commitment] = ()
    ) -> None:
        """Add or replace many entries and commitments, writing each monthly file once.

        For building or importing a journal in bulk: ten years of records cost a few hundred
        saves, not thousands. Records with an id already in the journal are replaced.
        """
        batches: dict[tuple[str, Path], list[dict[str, Any]]] = {}
        for commitment in commitments:
            path = self._shard_path(COMMITMENTS, commitment.id)
            batches.setdefault((COMMITMENTS, path), []).append(
                converters.commitment_to_doc(commitment)
            )
        for entry in entries:
            path = self._shard_path(ENTRIES, entry.id)
            batches.setdefault((ENTRIES, path), []).append(converters.entry_to_doc(entry))
        with self.locked():
            self._check_writable()
            for (kind, path), docs in sorted(batches.items()):
                _tables().put_many(self.store, path, kind, docs)

    # ----------------------------------------------------------------- settings

    def set_meta(self, key: str, value: Any) -> None:
        """Remember a small journal-wide setting (such as when the last review was)."""
        with self.locked():
            self._check_writable()
            path = self.folder / META_FILE
            self.store.forget(path)  # read-modify-write: start from the file, not the cache
            current = dict(self.store.load(path, meta_shape) or self.meta)
            current[key] = value
            self.store.save(path, current)
            self.meta = current

    def today(self) -> date:
        return self.clock().date()

    def new_id(self) -> str:
        """A new record id, ordered by this journal's clock (so a test or demo clock sorts too)."""
        return ids.new_id(self.clock())

    def now(self) -> datetime:
        return self.clock()


@dataclass
class AddedCounts:
    """How many records an import added, and how many the journal already had."""

    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, added: int, present: int) -> None:
        self.added[kind] = self.added.get(kind, 0) + added
        self.present[kind] = self.present.get(kind, 0) + present


def _tables() -> ModuleType:
    """The TinyDB glue for writing, loaded by the first write (reading never needs it)."""
    from companion.journal import tables

    return tables


def _month_end(shard: Path) -> datetime:
    """The first moment (UTC) after the month a shard file holds: 2026-11.json → 1 Dec 2026."""
    try:
        year, month = (int(part) for part in shard.stem.split("-"))
        return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    except ValueError:  # not a month's file: it could hold anything, so never skip past it
        return datetime.max.replace(tzinfo=UTC)


def _pick(records: list[T], wanted: str, noun: str, plural: str, describe: Callable[[T], str]) -> T:
    wanted = wanted.strip().lower()
    if not wanted:
        raise UsageError(f"Say which {noun}: give its id (the first few characters are enough).")
    matches = [r for r in records if getattr(r, "id", "").startswith(wanted)]
    exact = [r for r in matches if getattr(r, "id", "") == wanted]
    if exact:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UsageError(
            f"There is no {noun} with the id {wanted!r}. "
            f"`companion {plural if plural != 'entries' else 'list'}` shows the ids."
        )
    listed = "; ".join(f"{getattr(r, 'id', '')} {describe(r)[:30]}" for r in matches[:5])
    raise UsageError(f"{wanted!r} matches {len(matches)} {plural} ({listed}). Type more of the id.")
