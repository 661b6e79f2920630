"""A journal folder's files, lock and shards: what reading and writing a journal share.

See service.py for the layout of a journal folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from companion.core import ids, locations
from companion.core.errors import (
    Hint,
    JournalBusy,
    JournalDamaged,
    JournalTooNew,
    JournalUnsafe,
    UsageError,
)
from companion.core.model import SCHEMA_VERSION, Clock, local_now
from companion.journal import files, platform
from companion.journal.store import Codec, FileStore, Signature, meta_shape
from companion.journal.sync import is_month

if TYPE_CHECKING:
    from filelock import BaseFileLock

    from companion.journal.crypto import Keyring

META_FILE = "journal.json"
DRAFTS_FILE = "drafts.json"
LOCK_FILE = ".lock"
ENTRIES = "entries"
COMMITMENTS = "commitments"
DRAFTS = "drafts"
#: The programme's sessions (workshops, coaching calls): one small file, a table like the others.
SESSIONS_FILE = "sessions.json"
SESSIONS = "sessions"
#: The journal's files that are not split by month: every list of them starts here.
SINGLE_FILES = (META_FILE, DRAFTS_FILE, SESSIONS_FILE)

T = TypeVar("T")


class JournalFolder:
    """A journal folder: its files, its lock and its clock (Journal adds reading and writing)."""

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
        self._device_lock: BaseFileLock | None = None  # this device's own (see locked)
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

    def journal_files(self) -> list[Path]:
        """Every file that holds journal data (not backups, not the lock)."""
        found = [p for p in (self.folder / META_FILE, self.folder / DRAFTS_FILE) if p.exists()]
        found += [p for p in (self.folder / SESSIONS_FILE,) if p.exists()]
        for kind in (ENTRIES, COMMITMENTS):
            found.extend(self._shard_paths(kind))
        return found

    # ----------------------------------------------------------------- locking

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the journal lock: other Companions wait until we have saved."""
        from filelock import FileLock, Timeout  # only a write needs it: reading starts faster

        with self._thread_lock, self._on_this_device():
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
                    platform.current().chmod(self.folder / LOCK_FILE, files.FILE_MODE)
                yield
            finally:
                self._file_lock.release()

    @contextlib.contextmanager
    def _on_this_device(self) -> Iterator[None]:
        """Hold a second lock, in this device's own data folder (keyed by the journal's real
        path), that no sync tool ever carries: a .lock deleted or replaced by a sync tool (on
        another device's say-so) never lets two Companions on this device save at once.
        Where that folder cannot be written, the journal's own .lock is the only one."""
        import hashlib  # only a write needs it: reading starts without OpenSSL

        from filelock import FileLock, Timeout

        if self._device_lock is None:
            key = hashlib.sha256(str(files.real_path(self.folder)).encode("utf-8")).hexdigest()
            place = locations.data_dir() / "locks"
            try:
                files.create_private_dirs(place)
                usable = True
            except OSError:
                usable = False
            if usable:
                self._device_lock = FileLock(
                    str(place / f"{key[:32]}.lock"),
                    timeout=self.lock_timeout,
                    mode=0o600,
                    thread_local=False,
                )
        held = False
        if self._device_lock is not None:
            try:
                self._device_lock.acquire()
                held = True
            except Timeout:
                raise JournalBusy(
                    f"The journal at {self.folder} is busy: another Companion on this computer "
                    f"has been saving to it for over {self.lock_timeout:g} seconds. Try again "
                    "in a moment; if it stays busy, close other Companion windows."
                ) from None
            except OSError:
                pass  # an unwritable data folder: the journal's own .lock still guards
        try:
            yield
        finally:
            if held and self._device_lock is not None:
                self._device_lock.release()

    def check_writable(self) -> None:
        """Raise JournalTooNew if a newer Companion's format forbids writing.

        journal.json is looked at again (one stat when unchanged): another device may have
        upgraded the journal since it was opened here. Nothing is ever written downwards.
        """
        if self._too_new is None and self.meta:
            unreadable = (JournalDamaged, JournalUnsafe, KeyError, TypeError, ValueError)
            with contextlib.suppress(*unreadable):
                meta = self.store.load(self.folder / META_FILE, meta_shape)
                found = int(meta["schema"]) if meta is not None else 0
                if found > SCHEMA_VERSION:
                    self._too_new = JournalTooNew(self.folder, found, SCHEMA_VERSION)
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
                # Exactly YYYY-MM.json: a sync tool's conflict copy or temp file is not a month.
                if is_month(e.name)
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
            self.merge_copies(path)
            return change(write_tables().open_table(self.store, path, kind))

    def merge_copies(self, target: Path | None = None) -> list[str]:
        """Merge the conflict copies a sync tool left (of target only, if given) into their
        files, under the lock; what was done, in sentences (see merging.py)."""
        from companion.journal import merging

        if not merging.conflict_copies(self.folder, target):
            return []
        with self.locked():
            self._check_writable()
            return merging.merge_pending(self, target)

    def state(self) -> tuple[tuple[str, Signature | None], ...]:
        """A token that changes whenever any journal file changes (to notice other processes)."""
        return tuple((str(p), Signature.of(p)) for p in self.journal_files())

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


def write_tables() -> ModuleType:
    """The TinyDB glue for writing, loaded by the first write (reading never needs it)."""
    from companion.journal import tables

    return tables


def month_end(shard: Path) -> datetime:
    """The first moment (UTC) after the month a shard file holds: 2026-11.json → 1 Dec 2026."""
    try:
        year, month = (int(part) for part in shard.stem.split("-"))
        return datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
    except ValueError:  # not a month's file: it could hold anything, so never skip past it
        return datetime.max.replace(tzinfo=UTC)


def pick(records: list[T], wanted: str, noun: str, plural: str, describe: Callable[[T], str]) -> T:
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
        hint = Hint.SHOW_ENTRY_IDS if plural == "entries" else Hint.SHOW_COMMITMENT_IDS
        raise UsageError(f"There is no {noun} with the id {wanted!r}. ", hint, ".")
    listed = "; ".join(f"{getattr(r, 'id', '')} {describe(r)[:30]}" for r in matches[:5])
    raise UsageError(f"{wanted!r} matches {len(matches)} {plural} ({listed}). Type more of the id.")
