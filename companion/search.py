"""Full-text search and filters over entries, fast enough to run on every keystroke."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from companion.model import Entry


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


class SearchIndex:
    """Lower-cased text per entry, rebuilt only for entries that changed."""

    def __init__(self) -> None:
        self._texts: dict[tuple[str, int], str] = {}

    def _text(self, entry: Entry) -> str:
        key = (entry.id, len(entry.edits))
        found = self._texts.get(key)
        if found is None:
            found = entry_text(entry)
            self._texts[key] = found
        return found

    def prepare(self, entries: Iterable[Entry]) -> None:
        """Lower-case every entry's text now (off the app's thread), so no key press waits."""
        for entry in entries:
            self._text(entry)

    def search(self, entries: Iterable[Entry], filters: Filters) -> list[Entry]:
        """Entries matching every word of the text and every filter, in the order given."""
        words = filters.text.casefold().split()
        tag = filters.tag.strip().casefold() if filters.tag else None
        result = []
        for entry in entries:
            if filters.script_id and entry.script_id != filters.script_id:
                continue
            if tag and not any(tag in t for t in entry.tags):
                continue
            day = entry.completed.date()
            if filters.since and day < filters.since:
                continue
            if filters.until and day > filters.until:
                continue
            if words:
                text = self._text(entry)
                if not all(word in text for word in words):
                    continue
            result.append(entry)
        return result
