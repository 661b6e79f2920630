"""The journal's files on disk: reading with damage detection, caching, and TinyDB storage."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from companion.core.collector import paused_collector
from companion.core.errors import JournalDamaged
from companion.journal import converters, files, spans, stored_form

BACKUP_FOLDER = "backups"


class CodecError(Exception):
    """A codec could not turn stored bytes back into JSON; the message says why."""


class Codec(Protocol):
    """Turns stored bytes into JSON bytes and back (plain, or sealed: see crypto.py).

    decode raises CodecError when the bytes are not what the codec wrote.
    """

    def encode(self, plain: bytes, path: Path) -> bytes: ...

    def decode(self, stored: bytes, path: Path) -> bytes: ...


class PlainCodec:
    def encode(self, plain: bytes, path: Path) -> bytes:
        return plain

    def decode(self, stored: bytes, path: Path) -> bytes:
        return stored


@dataclass(frozen=True)
class Signature:
    """Enough of a file's stat to know it changed (rename gives a new inode)."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Signature | None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(st.st_ino, st.st_size, st.st_mtime_ns)


Validator = Callable[[Any], str | None]

#: How each table's records are read; a record they cannot read makes the file damaged.
_READERS: dict[str, Callable[[dict[str, Any]], object]] = {
    "entries": converters.entry_from_doc,
    "commitments": converters.commitment_from_doc,
    "drafts": converters.draft_from_doc,
    "sessions": converters.session_from_doc,
}


def read_table(
    data: Any,
    table: str,
    convert: Callable[[dict[str, Any]], Any] | None,
    maybe: Callable[[dict[str, Any]], bool] | None = None,
) -> tuple[str | None, list[Any]]:
    """Check that data is a TinyDB file with one table of records; convert each record once.

    Returns what is wrong (or None) and the converted records (empty without convert). With
    maybe, a record it rejects is only checked to be a record, and neither converted nor
    returned (maybe must never reject a record the caller wants).
    """
    if not isinstance(data, dict):
        return "it does not hold a table of records (expected a JSON object)", []
    unexpected = [name for name in data if name != table]
    if unexpected:
        return f"it holds an unexpected table {unexpected[0]!r} (expected {table!r})", []
    rows = data.get(table, {})
    if not isinstance(rows, dict):
        return f"its {table!r} table is not a JSON object", []
    records: list[Any] = []
    for key, row in rows.items():
        if not isinstance(row, dict) or row.get("id") != key:
            return f"record {key!r} in {table!r} is not a Companion record", []
        if convert is None or (maybe is not None and not maybe(row)):
            continue
        try:
            records.append(convert(row))
        except KeyError as error:
            return f"record {key!r} in {table!r} has no {error.args[0]!r}", []
        except (TypeError, ValueError, AttributeError) as error:
            return f"record {key!r} in {table!r} has a value Companion cannot read ({error})", []
    return None, records


def tinydb_shape(table: str) -> Validator:
    """A check that data is a TinyDB file with one table of documents that carry ids."""

    def check(data: Any) -> str | None:
        return read_table(data, table, _READERS.get(table))[0]

    return check


def meta_shape(data: Any) -> str | None:
    if not isinstance(data, dict) or data.get("companion") != "journal":
        return "it is not a Companion journal description"
    if not isinstance(data.get("schema"), int):
        return "it has no format version"
    return None


class FileStore:
    """Reads and writes the JSON files of one journal folder, through a codec.

    Parsed files are cached by their stat signature, so re-reading an unchanged journal costs
    one stat per file and another process's writes are seen on the next read.
    """

    def __init__(self, folder: Path, codec: Codec | None = None) -> None:
        self.folder = folder
        self.codec: Codec = codec or PlainCodec()
        self._cache: dict[Path, tuple[Signature, Any]] = {}
        self._records: dict[Path, tuple[Signature, list[Any]]] = {}
        #: Called before fresh bytes are decoded or any file is written: it raises if the
        #: codec no longer fits the journal (another Companion encrypted or decrypted it).
        self.guard: Callable[[], None] | None = None

    def _check_guard(self) -> None:
        if self.guard is not None:
            self.guard()

    def forget_all(self) -> None:
        """Drop every cached file (the codec changed: what was read is read again)."""
        self._cache.clear()
        self._records.clear()

    def backup_dir_for(self, path: Path) -> Path:
        relative = path.parent.relative_to(self.folder)
        return self.folder / BACKUP_FOLDER / relative

    def check_safe(self, path: Path, *, writing: bool = False) -> None:
        """Refuse a file that is a link out of the journal folder, or not a file at all."""
        files.check_safe(self.folder, path, writing=writing)

    def private_backup_dir(self, path: Path) -> Path:
        """The folder for path's backups, checked; backups/ is made 0700 if it exists."""
        backup_dir = self.backup_dir_for(path)
        top = self.folder / BACKUP_FOLDER
        files.check_safe(self.folder, backup_dir, writing=True, folder_expected=True)
        if top.is_dir():  # rotate_backup makes the folders it needs, each 0700
            files.ensure_private_dir(top)
        return backup_dir

    def newest_backup(self, path: Path) -> Path | None:
        found = files.backups_of(self.backup_dir_for(path), path.name)
        return found[0] if found else None

    def damaged(self, path: Path, problem: str) -> JournalDamaged:
        return JournalDamaged(path, problem, self.newest_backup(path))

    def parse(self, path: Path, raw: bytes, validate: Validator) -> Any:
        """Decode and check a file's bytes; raise JournalDamaged if they are not sound."""
        data = self.decode(path, raw)
        problem = validate(data)
        if problem:
            raise self.damaged(path, problem)
        return data

    def _check_current(self, path: Path, raw: bytes) -> None:
        """Raise JournalDamaged if the file read from path is older than the one saved last
        (only a sealed file knows its version; backups are read through parse, unchecked)."""
        check = getattr(self.codec, "check_current", None)
        problem = check(raw, path) if check is not None else None
        if problem:
            raise self.damaged(path, problem)

    def decode(self, path: Path, raw: bytes) -> Any:
        """A file's bytes as JSON data; raise JournalDamaged if they are not JSON."""
        return self._json(path, self._text(path, self._plain(path, raw)))

    def _plain(self, path: Path, raw: bytes) -> bytes:
        """A file's bytes as the JSON bytes they hold (opened, if sealed)."""
        if not raw.strip():
            raise self.damaged(path, "the file is empty")
        try:
            return self.codec.decode(raw, path)
        except CodecError as error:
            raise self.damaged(path, str(error)) from None

    def _text(self, path: Path, plain: bytes) -> str:
        try:
            return plain.decode("utf-8")
        except UnicodeDecodeError:
            raise self.damaged(path, "it is not text (it may have been overwritten)") from None

    def _json(self, path: Path, text: str) -> Any:
        try:
            data = json.loads(text)
        except RecursionError:
            raise self.damaged(path, "it is nested too deeply to be a journal file") from None
        except json.JSONDecodeError as error:
            raise self.damaged(
                path,
                f"it is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
                "it may have been cut short",
            ) from None
        except ValueError:  # a number of thousands of digits (int() refuses them)
            raise self.damaged(path, "it holds a number too long to be Companion's") from None
        return data

    def load(self, path: Path, validate: Validator) -> Any | None:
        """The file's data, or None if it does not exist. Cached until the file changes."""
        self.check_safe(path)
        signature = Signature.of(path)
        if signature is None:
            self._cache.pop(path, None)
            return None
        cached = self._cache.get(path)
        if cached is not None and cached[0] == signature:
            return cached[1]
        self._check_guard()
        raw = files.read_bytes(path)
        if raw is None:
            return None
        data = self.parse(path, raw, validate)
        self._check_current(path, raw)
        # Stat again: if the file was replaced while we read it, do not cache the mix.
        if Signature.of(path) == signature:
            self._cache[path] = (signature, data)
        return data

    def load_records(
        self,
        path: Path,
        table: str,
        convert: Callable[[dict[str, Any]], Any],
        *,
        cache: bool = True,
        maybe: Callable[[dict[str, Any]], bool] | None = None,
    ) -> tuple[Signature | None, list[Any]]:
        """A shard's records, converted once and checked as they are; [] if it does not exist.

        Only the converted records are cached (not the parsed JSON), until the file changes;
        with cache=False nothing new is kept (for a caller that keeps only some of them). maybe
        skips converting the records it rejects (see read_table); it implies cache=False.
        """
        cache = cache and maybe is None
        self.check_safe(path)
        signature = Signature.of(path)
        if signature is None:
            self._records.pop(path, None)
            return None, []
        cached = self._records.get(path)
        if cached is not None and cached[0] == signature:
            return signature, cached[1]
        self._check_guard()
        raw = files.read_bytes(path)
        if raw is None:
            return None, []
        with paused_collector():
            problem, records = read_table(self.decode(path, raw), table, convert, maybe)
        if problem:
            raise self.damaged(path, problem)
        self._check_current(path, raw)
        # Stat again: if the file was replaced while we read it, do not cache the mix.
        if Signature.of(path) != signature:
            return None, records
        if cache:
            self._records[path] = (signature, records)
        return signature, records

    def load_with_texts(
        self, path: Path, table: str, convert: Callable[[dict[str, Any]], Any]
    ) -> list[tuple[Any, bytes | None]]:
        """A shard's records, each with the text it is stored as when that text may stand for
        it in a lossless export (else None), as the UTF-8 bytes it is stored as; nothing is
        cached.

        A record's text is given when its document holds exactly the fields, in the order,
        converting the record would write (stored_form.py), and the file shows its text says
        nothing more than that document (no key written twice: see spans.py).
        Checked as load_records checks them; [] if the file does not exist.
        """
        self.check_safe(path)
        self._check_guard()
        raw = files.read_bytes(path)
        if raw is None:
            return []
        plain = self._plain(path, raw)
        with paused_collector():
            quick = spans.compact_records(plain, table)  # the store's own form, checked
            if quick is None:
                text = self._text(path, plain)
                found = spans.record_spans(text, table)
                if found is None:
                    data = self._json(path, text)
                else:
                    data = {table: {key: document for key, document, _, _ in found}}
            else:
                data, places = quick
            problem, records = read_table(data, table, convert)
        if problem:
            raise self.damaged(path, problem)
        self._check_current(path, raw)
        if quick is not None:
            documents = list(data[table].values())
            return _with_texts(
                plain, documents, lambda n: plain[places[n][0] : places[n][1]], records
            )
        if found is None:
            return [(record, None) for record in records]
        # A record's own bytes: in a file of ASCII a character is a byte, so they are cut from
        # the file's bytes; else its text is encoded again (UTF-8 read strictly: the same bytes).
        ascii_only = plain.isascii()
        return _with_texts(
            plain,
            [document for _, document, _, _ in found],
            lambda n: (
                plain[found[n][2] : found[n][3]]
                if ascii_only
                else text[found[n][2] : found[n][3]].encode()
            ),
            records,
        )

    def save(self, path: Path, data: Any, *, backup: bool = True) -> None:
        """Write data atomically (keeping the previous version as a backup)."""
        self._check_guard()
        self.check_safe(path, writing=True)
        if backup and not path.exists() and self.newest_backup(path) is not None:
            # A fresh file would push the last good backup out of rotation within a few saves.
            raise self.damaged(path, "it is missing, but its backups still hold it")
        files.ensure_private_dir(path.parent)
        plain = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        backup_dir = self.private_backup_dir(path) if backup else None
        stored = self.codec.encode(plain, path)
        files.atomic_write(path, stored, backup_dir)
        saved = getattr(self.codec, "saved", None)  # a sealed file's version is recorded
        if saved is not None:
            saved(path, stored)
        self._records.pop(path, None)
        signature = Signature.of(path)
        if signature is not None:
            self._cache[path] = (signature, data)

    def remove(self, path: Path, *, backup: bool = True) -> None:
        """Delete a file, keeping it as a backup first."""
        if not path.exists():
            return
        self._check_guard()
        self.check_safe(path, writing=True)
        if backup:
            backup_dir = self.private_backup_dir(path)
            files.rotate_backup(files.real_path(path), backup_dir, name=path.name)
        path.unlink()
        self._cache.pop(path, None)
        self._records.pop(path, None)
        files.fsync_dir(path.parent)

    def forget(self, path: Path) -> None:
        """Drop path's cached data, so the next load reads the file itself.

        A stat signature can match a file another process rewrote (same size, a reused inode,
        timestamps only as fine as the clock tick); a read-modify-write must start from disk.
        """
        self._cache.pop(path, None)
        self._records.pop(path, None)


def _with_texts(
    plain: bytes, documents: list[Any], cut: Callable[[int], bytes], records: list[Any]
) -> list[tuple[Any, bytes | None]]:
    """Each record with its own bytes (cut(n) for the n-th) where they may stand for it: the
    record is stored exactly as converting it would write it, and the file's text holds exactly
    the keys of its parsed documents (the table's name, each record's id and each record's own
    keys), so no key is written twice with a value the documents would not show."""
    written = spans.keys_written(plain)
    if written is None:
        return [(record, None) for record in records]
    held = 1 + len(documents)
    exact: list[bool] = []
    for record, document in zip(records, documents, strict=True):
        count = stored_form.keys_as_converted(document, record)
        exact.append(count is not None)
        held += stored_form.keys_held(document) if count is None else count
    if held != written:
        return [(record, None) for record in records]
    return [
        (record, cut(number) if fits else None)
        for number, (record, fits) in enumerate(zip(records, exact, strict=True))
    ]
