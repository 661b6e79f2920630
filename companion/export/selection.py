"""What leaves the machine: the entries chosen by the filters, and what is held back as private.

Held back unless the leader asks for private things explicitly:

- entries marked private, whole, with the commitments made in them;
- private answers inside the entries that go, and the commitments made in a private answer;
- answers about a held-back commitment (a weekly review names the commitment in its question);
- the tags only private answers set, and a title drawn from a private answer;
- the change a private review answer made to a commitment (its decision, note, smaller step
  and new date): the commitment goes as its shared history leaves it;
- a stored summary of the journal (the coaching preparation's "Since your last ...").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from companion.core.dates import parse_date, shown_date
from companion.core.errors import UsageError
from companion.core.model import LAST_REVIEW_KEY, Commitment, Draft, Entry, StepKind
from companion.core.views.privacy import PrivateLinks, commitment_in, private_links, visible_entry
from companion.core.views.search import Filters, SearchIndex

if TYPE_CHECKING:
    from companion.journal import Journal

#: Journal settings that belong to the leader's work and travel with a lossless export.
#: Anything else in journal.json (format, creation, keys) stays with the journal itself.
PORTABLE_SETTINGS = (LAST_REVIEW_KEY,)


@dataclass(frozen=True)
class ExportOptions:
    """Which entries to take out, and whether private things go too."""

    since: date | None = None
    until: date | None = None
    script: str | None = None
    tag: str | None = None
    search: str = ""
    include_private: bool = False

    @classmethod
    def from_text(
        cls,
        today: date,
        *,
        since: str | None = None,
        until: str | None = None,
        script: str | None = None,
        tag: str | None = None,
        search: str | None = None,
        include_private: bool = False,
    ) -> ExportOptions:
        """Options from what a leader typed; UsageError says which date did not parse."""
        dates: list[date | None] = []
        for name, text in (("Since", since), ("Until", until)):
            if text is None or not text.strip():
                dates.append(None)
                continue
            try:
                dates.append(parse_date(text, today, past=True))
            except UsageError as error:
                raise UsageError(f"{name}: {error}") from None
        options = cls(
            since=dates[0],
            until=dates[1],
            script=(script or "").strip() or None,
            tag=(tag or "").strip() or None,
            search=(search or "").strip(),
            include_private=include_private,
        )
        options.check()
        return options

    def check(self) -> None:
        """Raise UsageError if the options cannot select anything."""
        if self.since and self.until and self.since > self.until:
            raise UsageError(
                f"The start date ({shown_date(self.since, '%-d %B %Y')}) is after the end date "
                f"({shown_date(self.until, '%-d %B %Y')}). Swap them, or leave one out."
            )

    @property
    def whole_journal(self) -> bool:
        """No filter at all: everything (that is not private) goes."""
        return not (self.since or self.until or self.script or self.tag or self.search)

    def describe(self) -> str:
        """The filters in words, for the top of an export ('' when there are none)."""
        parts = []
        if self.since and self.until:
            parts.append(
                f"from {shown_date(self.since, '%-d %B %Y')} "
                f"to {shown_date(self.until, '%-d %B %Y')}"
            )
        elif self.since:
            parts.append(f"from {shown_date(self.since, '%-d %B %Y')}")
        elif self.until:
            parts.append(f"up to {shown_date(self.until, '%-d %B %Y')}")
        if self.script:
            parts.append(f"script {self.script}")
        if self.tag:
            parts.append(f"tag {self.tag}")
        if self.search:
            parts.append(f"matching “{self.search}”")
        return ", ".join(parts)


@dataclass(frozen=True)
class HeldBack:
    """One entry with something held back, for the leader to see before anything is written."""

    entry: Entry
    whole: bool
    answers: int = 0


@dataclass
class Selection:
    """What an export will contain, already stripped of what is held back."""

    options: ExportOptions
    entries: list[Entry] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    held_back: list[HeldBack] = field(default_factory=list)
    private_commitments: int = 0
    private_draft_answers: int = 0
    journal_entries: int = 0
    #: Record id → (the record as read, the UTF-8 text it is stored as), for each record that
    #: goes as it was read and whose stored text may stand for it (see
    #: Journal.entries_with_texts): it is exported as that text (see lossless.export_json).
    stored: dict[str, tuple[Entry | Commitment, bytes]] = field(default_factory=dict)

    @property
    def private_entries(self) -> int:
        return sum(1 for h in self.held_back if h.whole)

    @property
    def private_answers(self) -> int:
        return sum(h.answers for h in self.held_back if not h.whole)

    @property
    def empty(self) -> bool:
        return not self.entries and not self.commitments and not self.drafts

    def going(self) -> str:
        """'12 entries and 5 commitments'."""
        going = _count(len(self.entries), "entry", "entries")
        if self.commitments:
            going += f" and {_count(len(self.commitments), 'commitment')}"
        if self.drafts:
            going += f" (and {_count(len(self.drafts), 'unfinished draft')})"
        return going

    def summary(self) -> str:
        """What leaves and what stays, in one or two sentences."""
        going = self.going()
        return f"{going[0].upper()}{going[1:]} will leave this computer. {self.held_back_text()}"

    def held_back_text(self) -> str:
        """The sentence about private things."""
        parts = []
        if self.private_entries:
            parts.append(_count(self.private_entries, "private entry", "private entries"))
        if self.private_answers:
            parts.append(_count(self.private_answers, "private answer"))
        if self.private_commitments:
            parts.append(_count(self.private_commitments, "private commitment"))
        if self.private_draft_answers:
            parts.append(_count(self.private_draft_answers, "private answer") + " in drafts")
        if not parts:
            if self.options.include_private:
                return "Private entries and answers are included, as asked."
            return "Nothing in them is private."
        return f"Held back: {_join(parts)}."

    def held_back_lines(self, limit: int = 0) -> list[str]:
        """Which entries are held back whole, and which lose private answers (newest last)."""
        lines = []
        for held in self.held_back:
            when = f"{held.entry.completed:%Y-%m-%d}"
            what = f"{held.entry.script_title}: {held.entry.title}"
            if held.whole:  # a private entry's title is its own words: the script names it
                lines.append(f"{when} {held.entry.script_title} (private entry)")
            else:
                lines.append(f"{when} {what} ({_count(held.answers, 'private answer')})")
        if limit and len(lines) > limit:
            lines = [*lines[: limit - 1], f"… and {len(lines) - limit + 1} more"]
        return lines


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else (plural or noun + 's')}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def select(
    entries: list[Entry],
    commitments: list[Commitment],
    options: ExportOptions,
    *,
    drafts: list[Draft] | None = None,
    settings: dict[str, Any] | None = None,
    index: SearchIndex | None = None,
) -> Selection:
    """Apply the filters, then hold back what is private (unless options.include_private).

    Commitments go with the entries they were made in; commitments added on their own (or
    whose entry was deleted) go when no script, tag or search filter is set and they were made
    inside the date range. Drafts
    and settings only go with a whole-journal selection (they belong to no date or script).
    """
    options.check()
    index = index or SearchIndex()
    keep_private = options.include_private
    selection = Selection(options=options, journal_entries=len(entries))

    # What private answers hide, across the whole journal (a review in an entry left out by
    # the filters still wrote its note into a commitment that may go).
    links = PrivateLinks() if keep_private else private_links(entries, commitments)
    private_commitments = links.commitments

    # The filters see what would leave (privacy.visible_entry): a word or tag only a private
    # answer holds chooses nothing.
    matched = index.search(
        sorted(entries, key=lambda e: (e.completed, e.id)),
        Filters(
            text=options.search,
            script_id=options.script,
            tag=options.tag,
            since=options.since,
            until=options.until,
            include_private=keep_private,
            private_commitments=frozenset(private_commitments),
        ),
    )

    _add_entries(selection, matched, keep_private, private_commitments)
    _add_commitments(selection, entries, matched, commitments, links)
    if options.whole_journal:
        _add_drafts(selection, drafts or [], keep_private, private_commitments)
        selection.settings = {
            key: value for key, value in (settings or {}).items() if key in PORTABLE_SETTINGS
        }
    return selection


def _add_entries(
    selection: Selection, matched: list[Entry], keep_private: bool, private_commitments: set[str]
) -> None:
    """The matched entries as they may leave, and what each holds back."""
    for entry in matched:
        shown = visible_entry(
            entry, include_private=keep_private, private_commitments=private_commitments
        )
        if shown is None:
            selection.held_back.append(HeldBack(entry, whole=True))
            continue
        # A stored summary (an info answer) is not a private answer held back.
        dropped = 0
        if shown is not entry:  # the same object: nothing was taken out
            info = StepKind.INFO
            dropped = len([a for a in entry.answers if a.kind != info]) - len(
                [a for a in shown.answers if a.kind != info]
            )
        if dropped:
            selection.held_back.append(HeldBack(entry, whole=False, answers=dropped))
        selection.entries.append(shown)


def _add_commitments(
    selection: Selection,
    entries: list[Entry],
    matched: list[Entry],
    commitments: list[Commitment],
    links: PrivateLinks,
) -> None:
    """The commitments that go: those of the matched entries, and (filtering by date only)
    those made on their own inside the date range; private ones are only counted."""
    options = selection.options
    by_date = not (options.script or options.tag or options.search)
    matched_ids = {e.id for e in matched}
    journal_ids = {e.id for e in entries}
    for commitment in sorted(commitments, key=lambda c: c.id):
        if commitment.entry_id in journal_ids:
            goes = commitment.entry_id in matched_ids
        else:
            day = commitment.created.date()
            goes = (
                by_date
                and (options.since is None or day >= options.since)
                and (options.until is None or day <= options.until)
            )
        if not goes:
            continue
        if commitment.id in links.commitments:
            selection.private_commitments += 1
            continue
        selection.commitments.append(links.shared(commitment))


def _add_drafts(
    selection: Selection, drafts: list[Draft], keep_private: bool, private_commitments: set[str]
) -> None:
    """Every draft, without its private answers (unless they go too)."""
    for draft in sorted(drafts, key=lambda d: d.id):
        if keep_private:
            selection.drafts.append(draft)
            continue
        shared = {
            key: a
            for key, a in draft.answers.items()
            if not a.private
            and commitment_in(a) not in private_commitments
            and key.rpartition("/")[2] not in private_commitments  # a review in progress
        }
        selection.private_draft_answers += len(draft.answers) - len(shared)
        selection.drafts.append(dataclasses.replace(draft, answers=shared))


def select_from_journal(
    journal: Journal,
    options: ExportOptions,
    index: SearchIndex | None = None,
    *,
    stored: bool = False,
) -> Selection:
    """select() over everything in a journal.

    stored keeps each record's stored text beside it, for the lossless JSON export: the stored
    form is the export form, so what goes unchanged is written as it is stored, neither
    converted nor encoded again.
    """
    if not stored or not journal.writable:  # a newer Companion's records: convert them all
        return select(
            journal.entries(),
            journal.commitments(),
            options,
            drafts=journal.drafts(),
            settings=dict(journal.meta),
            index=index,
        )
    entries = journal.entries_with_texts()
    commitments = journal.commitments_with_texts()
    selection = select(
        [entry for entry, _ in entries],
        [commitment for commitment, _ in commitments],
        options,
        drafts=journal.drafts(),
        settings=dict(journal.meta),
        index=index,
    )
    # Only a record that goes as it was read (the same object: the privacy rule took nothing
    # out of it) may go as stored.
    going = {id(record) for record in [*selection.entries, *selection.commitments]}
    read: list[tuple[Entry | Commitment, bytes | None]] = [*entries, *commitments]
    for record, text in read:
        if text is not None and id(record) in going:
            selection.stored[record.id] = (record, text)
    return selection


def plaintext_warning(journal: Journal) -> str | None:
    """A warning to show before an export is written, or None.

    Exports are plain text by design (they are for other tools and other people). When a
    journal is protected at rest, this is the one place that says the export will not be.
    """
    if not journal.encrypted:
        return None
    return (
        "Your journal is encrypted, but what this writes is not: anyone who can open the file "
        "can read it. Keep it somewhere safe, and delete it once it has done its job."
    )
