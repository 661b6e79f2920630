"""An entry as Markdown text: for `companion show`, the app's entry view and exports."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from companion.core.dates import shown_date
from companion.core.model import REVIEW_DECISIONS, Answer, Commitment, Entry
from companion.core.text import safe_text

if TYPE_CHECKING:
    from companion.journal import Journal


def answer_plain(answer: Answer) -> str:
    """One answer as plain words on one line (for summaries read aloud by screen readers)."""
    text = answer_markdown(answer).replace("**", "")
    return " ".join(line.strip(" -") for line in text.splitlines() if line.strip(" -"))


def answer_markdown(answer: Answer, commitments: dict[str, Commitment] | None = None) -> str:
    """The body of one answer, as Markdown."""
    value = answer.value
    if isinstance(value, list):
        return "\n".join(f"- {item}" for item in value)
    if isinstance(value, dict):
        if "decision" in value:
            lines = [f"**{REVIEW_DECISIONS.get(str(value['decision']), value['decision'])}**"]
            if value.get("due"):
                lines.append(f"New date: {value['due']}")
            if value.get("step"):
                lines.append(f"Smaller step: {value['step']}")
            if value.get("note"):
                lines.append(str(value["note"]))
            return "\n\n".join(lines)
        lines = [str(value.get("text", ""))]
        if value.get("due"):
            lines.append(f"Due: {value['due']}")
        if value.get("first_step"):
            lines.append(f"First step: {value['first_step']}")
        commitment = (commitments or {}).get(str(value.get("commitment_id")))
        if commitment is not None:
            lines.append(f"Status: {commitment.status.value}")
        return "\n\n".join(lines)
    if value is None:
        return ""
    return str(value)


# Characters that would start markup inside a line: emphasis, code, links, autolinks,
# strikethrough, an entity, or a heading's closing hashes.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<~]|&(?=#?\w+;)|(?:^|(?<=\s))#)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def md_inline(text: str) -> str:
    """Text from a script or a tag, on one line, shown as itself in Markdown (not as markup)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(text).split()))


def close_open_fences(text: str) -> str:
    """Close a code fence an answer left open, so it cannot swallow what follows it."""
    opened: str | None = None
    for line in text.splitlines():
        match = _FENCE.match(line)
        if match is None:
            continue
        fence = match.group(1)
        if opened is None:
            opened = fence
        elif fence[0] == opened[0] and len(fence) >= len(opened) and not line.strip(" `~"):
            opened = None
    return text if opened is None else f"{text.rstrip()}\n{opened}"


def entry_heading(entry: Entry) -> str:
    """The entry's first line: its script and when it was written."""
    return (
        f"# {md_inline(entry.script_title)}: {shown_date(entry.completed, '%A %-d %B %Y, %H:%M')}"
    )


def entry_body_markdown(
    entry: Entry, commitments: dict[str, Commitment], include_private: bool = True
) -> str:
    """The answers of an entry (private ones marked, or left out), then a note of any edits."""
    lines: list[str] = []
    for answer in entry.answers:
        if answer.private and not include_private:
            continue
        marker = " (private)" if answer.private else ""
        body = close_open_fences(answer_markdown(answer, commitments))
        lines += [f"## {md_inline(answer.prompt)}{marker}", "", body, ""]
    if entry.edits:
        lines.append(
            f"Edited {len(entry.edits)} time(s), "
            f"last on {shown_date(entry.edits[-1].at, '%-d %B %Y')}."
        )
    for other in entry.earlier:  # kept when two devices changed the entry at once
        when = other.edits[-1].at if other.edits else other.completed
        lines += [
            "",
            "---",
            "",
            "Another version of this entry, kept because it was changed on two devices at once "
            f"(saved {shown_date(when, '%-d %B %Y, %H:%M')}):",
            "",
            ("\n" + entry_body_markdown(other, commitments, include_private)).replace(
                "\n## ", "\n### "
            ),
        ]
    return "\n".join(lines).rstrip() + "\n"


def entry_markdown(
    entry: Entry,
    journal: Journal | None = None,
    include_private: bool = True,
    *,
    commitments: dict[str, Commitment] | None = None,
) -> str:
    """A whole entry as Markdown; private answers marked, or left out if asked."""
    if commitments is None:
        commitments = {c.id: c for c in journal.commitments()} if journal is not None else {}
    lines = [entry_heading(entry), ""]
    if entry.tags:
        lines += ["Tags: " + ", ".join(md_inline(t) for t in entry.tags), ""]
    if entry.starred:
        lines += ["★ Starred", ""]
    lines.append(entry_body_markdown(entry, commitments, include_private))
    return "\n".join(lines).rstrip() + "\n"


def entry_text(entry: Entry, journal: Journal | None = None) -> str:
    """An entry for a terminal: Markdown with control characters neutralised."""
    return safe_text(entry_markdown(entry, journal))
