"""Writing a journal: entries, commitments (and the rule on closed ones), drafts, imports.

Every write holds the journal lock and replaces whole monthly files (see folder.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from companion.core.calendar.model import Session
from companion.core.errors import UsageError
from companion.core.model import Commitment, CommitmentStatus, Draft, Entry
from companion.core.progress import Progress
from companion.journal import converters
from companion.journal.folder import (
    COMMITMENTS,
    DRAFTS,
    DRAFTS_FILE,
    ENTRIES,
    SESSIONS,
    SESSIONS_FILE,
    JournalFolder,
    write_tables,
)

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
    if commitment.status.is_active or commitment.disputed:  # disputed: the leader chooses
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


class JournalWriting(JournalFolder):
    """The journal's writers (Journal combines them with the readers)."""

    # ----------------------------------------------------------------- entries

    def save_entry(self, entry: Entry) -> None:
        """Add or replace an entry."""
        doc = converters.entry_to_doc(entry)
        self._write(ENTRIES, entry.id, lambda table: write_tables().put(table, doc))

    def delete_entry(self, entry_id: str) -> None:
        """Remove an entry (its previous file version stays in the backups)."""

        def remove(table: Any) -> None:
            if table.contains(doc_id=entry_id):
                table.remove(doc_ids=[entry_id])

        self._write(ENTRIES, entry_id, remove)

    # ----------------------------------------------------------------- commitments

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
        self._write(COMMITMENTS, commitment.id, lambda table: write_tables().put(table, doc))

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
            write_tables().put(table, converters.commitment_to_doc(commitment))
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

    def _drafts_table(self) -> Any:
        return write_tables().open_table(
            self.store, self.folder / DRAFTS_FILE, DRAFTS, backup=False
        )

    def save_draft(self, draft: Draft) -> None:
        """Save a draft (called after every answer, so it must stay cheap)."""
        doc = converters.draft_to_doc(draft)
        with self.locked():
            self._check_writable()
            write_tables().put(self._drafts_table(), doc)

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
        progress: Progress | None = None,
    ) -> AddedCounts:
        """Add the records whose ids the journal does not have yet; never change one it has.

        Each monthly file is written once (one backup each), all under one lock, so an import
        of hundreds of entries costs a handful of saves and leaves the backups useful. progress
        is told file by file (stopped between two, each file written is whole).
        """
        counts = AddedCounts()
        done, total = 0, len(entries) + len(commitments)
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
                    if progress is not None:
                        progress(done, total, "Importing")
                    added, present = write_tables().insert_missing(
                        write_tables().open_table(self.store, path, kind), shard_docs
                    )
                    counts.add(kind, added, present)
                    done += len(shard_docs)
            if drafts:
                draft_docs = [converters.draft_to_doc(d) for d in drafts]
                added, present = write_tables().insert_missing(self._drafts_table(), draft_docs)
                counts.add(DRAFTS, added, present)
        if progress is not None:
            progress(total, total, "Importing")
        return counts

    # ----------------------------------------------------------------- sessions

    def change_sessions(self, change: Callable[[dict[str, Session]], None]) -> dict[str, Session]:
        """Read the sessions fresh under the lock, let change add, replace or remove them (by
        id), and save them in one write. Returns the sessions as saved."""
        with self.locked():
            self._check_writable()
            path = self.folder / SESSIONS_FILE
            self.store.forget(path)
            _, found = self.store.load_records(path, SESSIONS, converters.session_from_doc)
            sessions: dict[str, Session] = {s.id: s for s in found}
            before = dict(sessions)
            change(sessions)
            if sessions != before:
                rows = {sid: converters.session_to_doc(s) for sid, s in sorted(sessions.items())}
                self.store.save(path, {SESSIONS: rows})
            return sessions

    def add_sessions(self, sessions: Sequence[Session]) -> None:
        """Add (or replace, by id) sessions, in one write."""

        def add(current: dict[str, Session]) -> None:
            current.update({s.id: s for s in sessions})

        self.change_sessions(add)

    def remove_session(self, session_id: str) -> None:
        """Remove a session (the previous file stays in the backups)."""

        def remove(current: dict[str, Session]) -> None:
            current.pop(session_id, None)

        self.change_sessions(remove)

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
                write_tables().put_many(self.store, path, kind, docs)


@dataclass
class AddedCounts:
    """How many records an import added, and how many the journal already had."""

    added: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, added: int, present: int) -> None:
        self.added[kind] = self.added.get(kind, 0) + added
        self.present[kind] = self.present.get(kind, 0) + present
