"""Full-text search and filters over entries, fast enough to run on every keystroke.

What a search sees is privacy.visible_entry's: the leader's own Journal search sees their
private answers (it is their journal, on their machine); a search choosing what leaves the
journal (an export's --search and --tag) sees only what would leave, so it cannot tell which
entries mention a private word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from companion.core.model import Entry
from companion.core.views.privacy import visible_entry


def entry_text(entry: Entry) -> str:
    """Everything a leader might search for in an entry, lower-cased."""
    parts: list[str] = [entry.script_title, " ".join(entry.tags)]
    for answer in entry.answers:
        value = answer.value
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(str(item) for item in value)
        elif isinstance(value, dict):
            parts.extend(str(v) for k, v in value.items() if v and k != "commitment_id")
        elif value is not None:
            parts.append(str(value))
    return "\n".join(parts).casefold()


@dataclass(frozen=True)
class Filters:
    text: str = ""
    script_id: str | None = None
    tag: str | None = None
    since: date | None = None
    until: date | None = None
    #: The leader's own search sees private answers; a search for an output leaves them out
    #: (and answers about private_commitments), unless private answers go out with it.
    include_private: bool = True
    private_commitments: frozenset[str] = frozenset()


#: What a search sees of an entry: its text and its tags, or None (a private entry, for an output).
_Seen = tuple[str, tuple[str, ...]] | None


class SearchIndex:
    """Lower-cased text per entry, rebuilt only for entries that changed."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, int, bool, bool, frozenset[str]], _Seen] = {}

    def _look(self, entry: Entry, filters: Filters | None = None) -> _Seen:
        filters = filters or Filters()
        hidden = frozenset() if filters.include_private else filters.private_commitments
        # An entry marked private since it was last seen is seen afresh.
        key = (entry.id, len(entry.edits), entry.private, filters.include_private, hidden)
        if key in self._seen:
            return self._seen[key]
        shown = visible_entry(
            entry, include_private=filters.include_private, private_commitments=hidden
        )
        found = None if shown is None else (entry_text(shown), tuple(shown.tags))
        self._seen[key] = found
        return found

    def prepare(self, entries: Iterable[Entry]) -> None:
        """Lower-case every entry's text now (off the app's thread), so no key press waits."""
        for entry in entries:
            self._look(entry)

    def search(self, entries: Iterable[Entry], filters: Filters) -> list[Entry]:
        """Entries matching every word of the text and every filter, in the order given.

        With a text or tag filter, only what the filters may see is matched (see Filters).
        """
        words = filters.text.casefold().split()
        tag = filters.tag.strip().casefold() if filters.tag else None
        result = []
        for entry in entries:
            if filters.script_id and entry.script_id != filters.script_id:
                continue
            day = entry.completed.date()
            if filters.since and day < filters.since:
                continue
            if filters.until and day > filters.until:
                continue
            if tag or words:
                seen = self._look(entry, filters)
                if seen is None:
                    continue
                text, tags = seen
                if tag and not any(tag in t for t in tags):
                    continue
                if not all(word in text for word in words):
                    continue
            result.append(entry)
        return result
