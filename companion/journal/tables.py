"""Writing one journal file as a TinyDB table, with our durability rules (see store.FileStore).

Only writes come here, so reading a journal (starting the app, a listing, an export) never
loads TinyDB.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from companion.journal.converters import KNOWN_FIELDS
from companion.journal.store import FileStore, tinydb_shape


class RecordTable(Table):
    """A TinyDB table keyed by our own string ids instead of counters."""

    document_id_class = str  # type: ignore[assignment]


class RecordDB(TinyDB):
    table_class = RecordTable


class ShardStorage(Storage):
    """TinyDB storage over one journal file, with our durability rules."""

    def __init__(self, path: Path, store: FileStore, table: str, backup: bool = True) -> None:
        self._path = path
        self._store = store
        self._validate = tinydb_shape(table)
        self._backup = backup

    def read(self) -> dict[str, dict[str, Any]] | None:
        data = self._store.load(self._path, self._validate)
        if data is None:
            return None
        # TinyDB mutates what it reads before writing it back; give it a copy of the cache.
        return {
            table: {key: dict(row) for key, row in rows.items()} for table, rows in data.items()
        }

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._store.save(self._path, data, backup=self._backup)


def open_table(store: FileStore, path: Path, table: str, backup: bool = True) -> RecordTable:
    """A TinyDB table over one file, with the query cache off (other processes write too).

    Call it holding the journal lock: the file is read afresh, not from the cache.
    """
    store.forget(path)
    db = RecordDB(path, storage=ShardStorage, store=store, table=table, backup=backup)
    result: RecordTable = db.table(table, cache_size=0)  # type: ignore[assignment]
    return result


def put_many(store: FileStore, path: Path, table: str, docs: list[dict[str, Any]]) -> None:
    """Insert or replace many records in one file with a single write (as TinyDB lays it out).

    Call it holding the journal lock: the file is read afresh, not from the cache.
    """
    store.forget(path)
    data = store.load(path, tinydb_shape(table))
    rows: dict[str, Any] = dict(data.get(table, {})) if data else {}
    for doc in docs:
        rows[doc["id"]] = doc
    store.save(path, {table: rows})


def put(table: RecordTable, doc: dict[str, Any]) -> None:
    """Insert or replace a record with one write (TinyDB's upsert may write twice)."""
    record_id = doc["id"]
    known = KNOWN_FIELDS.get(table.name)

    def replace(current: MutableMapping[Any, Any]) -> None:
        # Fields a newer Companion (on another device) added are kept: never written downwards.
        newer = {k: v for k, v in current.items() if known is not None and k not in known}
        current.clear()
        current.update({**newer, **doc})

    if table.contains(doc_id=record_id):
        table.update(replace, doc_ids=[record_id])
    else:
        table.insert(Document(doc, doc_id=record_id))


def insert_missing(table: Any, docs: list[dict[str, Any]]) -> tuple[int, int]:
    """Insert the docs whose ids the table lacks, in one write; (added, already there)."""
    seen: set[str] = set()
    fresh = []
    for doc in docs:
        if doc["id"] in seen or table.contains(doc_id=doc["id"]):
            continue
        seen.add(doc["id"])
        fresh.append(Document(doc, doc_id=doc["id"]))
    if fresh:
        table.insert_multiple(fresh)
    return len(fresh), len(docs) - len(fresh)
