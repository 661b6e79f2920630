"""The Logseq export: a graph's ``journals/yyyy_MM_dd.md`` pages, as Logseq writes them.

- One page a day; each entry that day is a top-level block (its script and time), carrying its
  properties as ``key:: value`` lines (``tags:: [[board]], [[trio]]``: never a YAML list).
- Each answer is a block under its entry: the question, with the answer as child blocks (a
  paragraph a block, its lines indented under the dash).
- A commitment is a ``TODO`` (open, or renegotiated with its new date), ``DONE`` or
  ``CANCELED`` block with ``DEADLINE: <2026-12-04 Fri>`` when it has a due date: under the
  answer that made it, or, made on its own, on the page of the day it was made.
- Every page starts with ``exported-from:: Companion``: a later export replaces the pages it
  wrote, and never, unasked, a page written in Logseq.

What goes is the selection's (export/selection.py): private answers only when asked.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from companion.core.errors import Hint, UsageError
from companion.core.model import (
    REVIEW_DECISIONS,
    Answer,
    Commitment,
    CommitmentStatus,
    Entry,
    StepKind,
)
from companion.core.views.render import answer_markdown
from companion.export import obsidian
from companion.export.selection import Selection

JOURNALS = "journals"
PAGE_MARK = "exported-from:: Companion"
#: What marks a folder as a Logseq graph (or an earlier export) to write into.
GRAPH_PARTS = ("journals", "pages", "logseq")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_KEYWORDS = {
    CommitmentStatus.OPEN: "TODO",
    CommitmentStatus.RENEGOTIATED: "TODO",
    CommitmentStatus.DONE: "DONE",
    CommitmentStatus.DROPPED: "CANCELED",
}
#: A line Logseq would read as a property (``key:: value``) or a task keyword.
_PROPERTY_LIKE = re.compile(r"^(\s*[^\s:]+)::")
_KEYWORD_LIKE = re.compile(r"^(TODO|DOING|DONE|LATER|NOW|CANCELED|CANCELLED|WAITING)\b")


def page_name(day: date) -> str:
    """'journals/2026_11_20.md' (Logseq's default journal file name)."""
    return f"{JOURNALS}/{day:%Y_%m_%d}.md"


def logseq_date(day: date) -> str:
    """'<2026-12-04 Fri>' (English weekday, whatever the machine's language)."""
    return f"<{day:%Y-%m-%d} {_WEEKDAYS[day.weekday()]}>"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _as_text(line: str) -> str:
    """A line of the leader's words that Logseq reads as words, not as a property or task."""
    line = _PROPERTY_LIKE.sub(lambda m: m.group(1) + ":\u200b:", line)
    return _KEYWORD_LIKE.sub(lambda m: m.group(1)[0] + "\u200b" + m.group(1)[1:], line)


def block(text: str, depth: int) -> list[str]:
    """A block at depth: its first line after the dash, the rest indented under it."""
    indent = "  " * depth
    lines = [_as_text(line) for line in text.splitlines()] or [""]
    return [f"{indent}- {lines[0]}", *(f"{indent}  {line}" if line else "" for line in lines[1:])]


def paragraphs(text: str) -> list[str]:
    """The answer split at blank lines: one child block each."""
    found = [p.strip("\n") for p in re.split(r"\n\s*\n", text.strip("\n"))]
    return [p for p in found if p.strip()]


def commitment_block(commitment: Commitment, depth: int) -> list[str]:
    """A commitment as a Logseq task, its deadline, and its history as child blocks."""
    indent = "  " * depth
    keyword = _KEYWORDS.get(commitment.status, "TODO")
    lines = [f"{indent}- {keyword} {_as_text(_one_line(commitment.text))}"]
    if commitment.due:
        lines.append(f"{indent}  DEADLINE: {logseq_date(commitment.due)}")
    lines.append(f"{indent}  companion-id:: {commitment.id}")
    if commitment.first_step:
        lines += block(f"First step: {_one_line(commitment.first_step)}", depth + 1)
    for change in commitment.history:
        words = [f"{change.at:%Y-%m-%d}: {change.status.value}"]
        if change.due:
            words.append(f"new date {change.due:%Y-%m-%d}")
        if change.step:
            words.append(f"smaller step: {_one_line(change.step)}")
        if change.note:
            words.append(_one_line(change.note))
        lines += block("; ".join(words), depth + 1)
    return lines


def _made_here(answer: Answer) -> str | None:
    value = answer.value
    if isinstance(value, dict) and value.get("commitment_id") and "decision" not in value:
        return str(value["commitment_id"])
    return None


def answer_blocks(
    answer: Answer, commitments: dict[str, Commitment], placed: set[str]
) -> list[str]:
    """The question as a block under its entry, the answer as child blocks."""
    prompt = _one_line(answer.prompt) + (" (private)" if answer.private else "")
    lines = block(prompt, 1)
    made = commitments.get(_made_here(answer) or "")
    if made is not None:
        placed.add(made.id)
        return lines + commitment_block(made, 2)
    if isinstance(answer.value, list):
        return lines + [line for item in answer.value for line in block(str(item), 2)]
    if isinstance(answer.value, dict) and "decision" in answer.value:
        decision = str(answer.value["decision"])
        answer_text = answer_markdown(answer).replace(
            f"**{REVIEW_DECISIONS.get(decision, decision)}**",
            REVIEW_DECISIONS.get(decision, decision),
        )
    else:
        answer_text = answer_markdown(answer, commitments)
    return lines + [line for part in paragraphs(answer_text) for line in block(part, 2)]


def entry_blocks(entry: Entry, commitments: dict[str, Commitment], placed: set[str]) -> list[str]:
    """An entry as a top-level block with its properties, answers and commitments."""
    lines = [f"- ## {_as_text(_one_line(entry.script_title))}, {entry.completed:%H:%M}"]
    properties = [
        ("companion-id", entry.id),
        ("script", entry.script_id),
        ("time", f"{entry.completed:%H:%M}"),
        ("entry-title", _one_line(obsidian.whole_title(entry))),
    ]
    tags = obsidian.tags(entry.tags)
    if tags:
        properties.append(("tags", ", ".join(f"[[{t}]]" for t in tags)))
    if entry.starred:
        properties.append(("starred", "true"))
    if entry.private:
        properties.append(("private", "true"))
    lines += [f"  {key}:: {value}" for key, value in properties]
    for answer in entry.answers:
        if answer.kind == StepKind.INFO and not answer.value:
            continue
        lines += answer_blocks(answer, commitments, placed)
    for commitment in commitments.values():
        if commitment.entry_id == entry.id and commitment.id not in placed:
            placed.add(commitment.id)
            lines += commitment_block(commitment, 1)
    return lines


def logseq_pages(selection: Selection) -> dict[str, str]:
    """File name → page text: one journal page a day, entries oldest first."""
    commitments = {c.id: c for c in selection.commitments}
    placed: set[str] = set()
    days: dict[date, list[list[str]]] = {}
    for entry in sorted(selection.entries, key=lambda e: (e.completed, e.id)):
        days.setdefault(entry.completed.date(), []).append(entry_blocks(entry, commitments, placed))
    for commitment in selection.commitments:
        if commitment.id not in placed:
            days.setdefault(commitment.created.date(), []).append(commitment_block(commitment, 0))
    return {
        page_name(day): "\n".join([PAGE_MARK, "", *[line for b in blocks for line in b]]) + "\n"
        for day, blocks in sorted(days.items())
    }


def check_logseq_folder(folder: Path, pages: dict[str, str], *, force: bool) -> None:
    """Refuse, unless forced, a folder that is not a Logseq graph (or an earlier export), and
    any page in it that Companion did not write (it may hold what the leader wrote in Logseq)."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, but a Logseq export is a folder. Give a folder.")
    if force or not folder.is_dir() or not any(folder.iterdir()):
        return
    if not any((folder / part).is_dir() for part in GRAPH_PARTS):
        raise UsageError(
            f"The folder {folder} has files in it and is not a Logseq graph. Choose a new or "
            "empty folder, or your graph's folder, or ",
            Hint.REPLACE,
            ".",
        )
    for name in pages:
        existing = folder / name
        if existing.is_file() and PAGE_MARK not in _first_line(existing):
            raise UsageError(
                f"{existing} was not written by Companion (it may hold what you wrote in "
                "Logseq), so nothing was exported. Choose a new folder, or ",
                Hint.REPLACE,
                ".",
            )


def _first_line(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            return stream.readline()
    except OSError:
        return ""
