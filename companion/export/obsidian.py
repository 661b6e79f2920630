"""What Obsidian (and its Tasks plugin) read: tags, whole titles, task lines and block ids.

- A tag holds only letters, digits, ``_``, ``-`` and ``/``, no spaces (hyphenated), and is not
  only digits (Obsidian would not take it as a tag): ``tag-2026``.
- A commitment is a Tasks task: ``- [ ]`` open or renegotiated with ``📅 due``, ``- [x]`` done
  with ``✅ date`` (and its due), ``- [-]`` dropped (Tasks' cancelled) with ``❌ date``; the
  line ends with a block id, ``^c-<id>``, so ``[[commitments#^c-<id>]]`` links to it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from companion.core.model import Commitment, CommitmentStatus, Entry, StepKind
from companion.core.views.render import md_inline

#: Longest title kept whole in the front matter; a longer first line is cut at a word.
TITLE_LIMIT = 200

_NOT_TAG = re.compile(r"[^\w/-]+")

_BOXES = {
    CommitmentStatus.OPEN: " ",
    CommitmentStatus.RENEGOTIATED: " ",
    CommitmentStatus.DONE: "x",
    CommitmentStatus.DROPPED: "-",
}
_ENDED = {CommitmentStatus.DONE: "✅", CommitmentStatus.DROPPED: "❌"}
DUE = "📅"


def tag(text: str) -> str:
    """A tag Obsidian accepts: 'Resident voice' → 'resident-voice', '2026' → 'tag-2026'."""
    plain = unicodedata.normalize("NFC", str(text)).strip().lstrip("#")
    words = "-".join(plain.split())
    cleaned = _NOT_TAG.sub("-", words)
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-/")
    if not cleaned:
        return ""
    if cleaned.replace("/", "").isdigit():
        cleaned = f"tag-{cleaned}"
    return cleaned


def tags(items: list[str]) -> list[str]:
    """The entry's tags as Obsidian tags, in order, once each, none empty."""
    return list(dict.fromkeys(t for t in map(tag, items) if t))


def whole_title(entry: Entry) -> str:
    """The entry's title, never cut mid-word: the first line of its first shared text answer
    (a long one cut at a word, with …), else its script's title."""
    for answer in entry.answers:
        if answer.kind == StepKind.INFO or answer.private:
            continue
        if isinstance(answer.value, str) and answer.value.strip():
            first = " ".join(answer.value.strip().splitlines()[0].split())
            if len(first) <= TITLE_LIMIT:
                return first
            cut = first[: TITLE_LIMIT + 1].rsplit(" ", 1)[0] if " " in first else first
            return cut[:TITLE_LIMIT].rstrip(" ,;:") + "…"
    return entry.script_title


def block_id(commitment: Commitment) -> str:
    """The commitment's block id in commitments.md (letters, digits and dashes)."""
    return "c-" + re.sub(r"[^A-Za-z0-9-]", "-", commitment.id)


def ended_on(commitment: Commitment) -> date | None:
    """When a done or dropped commitment was done or dropped (its last such change)."""
    for change in reversed(commitment.history):
        if change.status == commitment.status:
            return change.at.date()
    return None


def _description(text: str) -> str:
    """A commitment's words as a task's description: one line, Markdown shown as itself, no
    Tasks signifier or block id that would be read as the task's own."""
    words = md_inline(text)
    words = re.sub(r"[📅✅❌⏳🛫➕🔁⏫🔼🔽🔺⏬]", "", words)
    return re.sub(r"(?<!\S)\^(?=[\w-]+$)", "\\^", words).strip() or "(no words)"


def task_line(commitment: Commitment) -> str:
    """The commitment as one Tasks line, ending in its block id."""
    parts = [f"- [{_BOXES.get(commitment.status, ' ')}] {_description(commitment.text)}"]
    if commitment.due:
        parts.append(f"{DUE} {commitment.due:%Y-%m-%d}")
    ended = ended_on(commitment) if commitment.status in _ENDED else None
    if ended is not None:
        parts.append(f"{_ENDED[commitment.status]} {ended:%Y-%m-%d}")
    parts.append(f"^{block_id(commitment)}")
    return " ".join(parts)


def link_label(text: str) -> str:
    """Text safe inside a wikilink's label (no brackets, pipes, hashes or carets)."""
    return " ".join(re.sub(r"[\[\]|#^]", " ", text).split()) or "commitment"
