"""Reading a journal: every record, or only the newest and the matching ones, newest first.

A journal can hold ten years of reflections, so the readers that Home and the reports use read
only the monthly files they need and keep in memory only the records they return.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from companion.core.calendar.model import Session
from companion.core.model import Commitment, CommitmentStatus, Draft, Entry
from companion.journal import converters
from companion.journal.folder import (
    COMMITMENTS,
    DRAFTS,
    DRAFTS_FILE,
    ENTRIES,
    SESSIONS,
    SESSIONS_FILE,
    JournalFolder,
    month_end,
    pick,
)
from companion.journal.store import Signature, tinydb_shape

#: The stored statuses of commitments no longer to do.
_FINISHED = frozenset(status.value for status in CommitmentStatus if not status.is_active)

T = TypeVar("T")


def may_be_active_or_touched(doc: dict[str, Any], earliest: str | None) -> bool:
    """Whether a stored commitment must be converted to know if it is still to do or (with
    earliest, a day as YYYY-MM-DD) made, due or changed since then: its stored dates compared
    as text. Anything not plainly finished and old is converted, so damage is still reported.

    (A stored date is compared whole: for text, date[:10] >= earliest exactly when
    date >= earliest, and this runs for every commitment ever made as Home opens.)
    """
    status = doc.get("status", "open")
    if not isinstance(status, str) or status not in _FINISHED:  # [] would stop the look
        return True
    if earliest is None:
        return False
    try:
        if doc["created"] >= earliest:
            return True
        due = doc.get("due")
        if due is not None and due >= earliest:
            return True
        for change in doc.get("history", ()):
            if change["at"] >= earliest:
                return True
    except (KeyError, TypeError):
        return True
    return False


class JournalReading(JournalFolder):
    """The journal's readers (Journal combines them with the writers)."""

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
                if enough and paths and found[limit - 1].completed >= month_end(paths[-1]):
                    break
        return found[:limit]

    def entries_since(self, moment: datetime) -> list[Entry]:
        """Entries finished at or after moment, newest first, reading only the months since.

        (An entry's file is the month its id was made, never before it was finished.) Nothing
        more is kept in memory than the entries returned.
        """
        found: list[Entry] = []
        for path in self._shard_paths(ENTRIES):
            if month_end(path) > moment:
                _, records = self.store.load_records(
                    path, ENTRIES, converters.entry_from_doc, cache=False
                )
                found.extend(e for e in records if e.completed >= moment)
        return sorted(found, key=lambda e: (e.completed, e.id), reverse=True)

    def entry(self, id_or_prefix: str) -> Entry:
        """One entry by id or unique id prefix."""
        return pick(self.entries(), id_or_prefix, "entry", "entries", lambda e: e.title)

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
            return may_be_active_or_touched(doc, earliest)

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

    def entries_with_texts(self) -> list[tuple[Entry, bytes | None]]:
        """Every entry, newest first, with the text it is stored as where that text may stand
        for it in a lossless export (store.load_with_texts); nothing is cached."""
        found = self._with_texts(ENTRIES, converters.entry_from_doc)
        return sorted(found, key=lambda pair: (pair[0].completed, pair[0].id), reverse=True)

    def commitments_with_texts(self) -> list[tuple[Commitment, bytes | None]]:
        """Every commitment, oldest first, with its stored text (as entries_with_texts)."""
        found = self._with_texts(COMMITMENTS, converters.commitment_from_doc)
        return sorted(found, key=lambda pair: pair[0].id)

    def _with_texts(
        self, kind: str, convert: Callable[[dict[str, Any]], T]
    ) -> list[tuple[T, bytes | None]]:
        found: list[tuple[T, bytes | None]] = []
        for path in self._shard_paths(kind):
            found.extend(self.store.load_with_texts(path, kind, convert))
        return found

    def commitment(self, id_or_prefix: str) -> Commitment:
        """One commitment by id or unique id prefix."""
        return pick(self.commitments(), id_or_prefix, "commitment", "commitments", lambda c: c.text)

    # ----------------------------------------------------------------- drafts

    def drafts(self) -> list[Draft]:
        """Unfinished reflections, most recently touched first."""
        data = self.store.load(self.folder / DRAFTS_FILE, tinydb_shape(DRAFTS))
        if data is None:
            return []
        found = [converters.draft_from_doc(doc) for doc in data.get(DRAFTS, {}).values()]
        return sorted(found, key=lambda d: d.updated, reverse=True)

    def draft(self, id_or_prefix: str) -> Draft:
        return pick(self.drafts(), id_or_prefix, "draft", "drafts", lambda d: d.script_title)

    # ----------------------------------------------------------------- sessions

    def sessions(self) -> list[Session]:
        """The programme's sessions (workshops, calls), earliest first."""
        path = self.folder / SESSIONS_FILE
        found: list[Session] = self.store.load_records(path, SESSIONS, converters.session_from_doc)[
            1
        ]
        return sorted(found, key=lambda s: (s.start, s.id))

    def session(self, id_or_prefix: str) -> Session:
        """One session by id or unique id prefix."""
        return pick(self.sessions(), id_or_prefix, "session", "calendar", lambda s: s.title)
