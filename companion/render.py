"""An entry as Markdown text: for `companion show`, the app's entry view and exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from companion.model import REVIEW_DECISIONS, Answer, Commitment, Entry
from companion.terminal import safe_text

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


def entry_markdown(
    entry: Entry, journal: Journal | None = None, include_private: bool = True
) -> str:
    """A whole entry as Markdown; private answers marked, or left out if asked."""
    commitments = {c.id: c for c in journal.commitments()} if journal is not None else {}
    lines = [f"# {entry.script_title}: {entry.completed:%A %-d %B %Y, %H:%M}", ""]
    if entry.tags:
        lines += ["Tags: " + ", ".join(entry.tags), ""]
    for answer in entry.answers:
        if answer.private and not include_private:
            continue
        marker = " (private)" if answer.private else ""
        lines += [f"## {answer.prompt}{marker}", "", answer_markdown(answer, commitments), ""]
    if entry.edits:
        lines.append(f"Edited {len(entry.edits)} time(s), last on {entry.edits[-1].at:%-d %B %Y}.")
    return "\n".join(lines).rstrip() + "\n"


def entry_text(entry: Entry, journal: Journal | None = None) -> str:
    """An entry for a terminal: Markdown with control characters neutralised."""
    return safe_text(entry_markdown(entry, journal))
