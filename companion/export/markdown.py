"""The Markdown export: one file, or one file per entry with YAML front matter (Obsidian, Logseq).

The HTML export is a rendering of this Markdown (``document_markdown(..., for_html=True)``),
not a second writer.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from typing import Literal, overload

from companion.core.model import Commitment, CommitmentStatus, Entry, StatusChange
from companion.core.views.render import (
    entry_body_markdown,
    entry_heading,
    entry_markdown,
    md_inline,
)
from companion.export import obsidian
from companion.export.selection import Selection

DOCUMENT_TITLE = "Companion journal"
COMMITMENTS_FILE = "commitments.md"

# Characters a YAML double-quoted scalar must not hold as themselves (beyond what JSON escapes).
_YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff]")


def yaml_string(text: str) -> str:
    """text as a YAML double-quoted scalar that every YAML reader reads back exactly."""
    quoted = json.dumps(str(text), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def _yaml_list(key: str, items: list[str]) -> list[str]:
    if not items:
        return [f"{key}: []"]
    return [f"{key}:", *(f"  - {yaml_string(item)}" for item in items)]


def _day(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def entry_metadata(entry: Entry) -> list[str]:
    """The YAML lines that describe an entry (date, time, script, tags, id…)."""
    lines = [
        f"id: {yaml_string(entry.id)}",
        f"date: {entry.completed:%Y-%m-%d}",
        f"time: {yaml_string(f'{entry.completed:%H:%M}')}",
        f"datetime: {yaml_string(entry.completed.isoformat())}",
        f"script: {yaml_string(entry.script_id)}",
        f"script_title: {yaml_string(entry.script_title)}",
        f"title: {yaml_string(obsidian.whole_title(entry))}",
        *_yaml_list("tags", obsidian.tags(entry.tags)),
    ]
    if entry.starred:
        lines.append("starred: true")
    if entry.private:
        lines.append("private: true")
    return lines


def _front_matter(lines: list[str]) -> str:
    return "\n".join(["---", *lines, "---", ""])


def _cover(selection: Selection) -> list[str]:
    """The first lines of a one-file export: what it holds, in words."""
    entries = selection.entries
    count = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
    if entries:
        first, last = entries[0].completed.date(), entries[-1].completed.date()
        span = f"on {_day(first)}" if first == last else f"from {_day(first)} to {_day(last)}"
        count += f", written {span}"
    if selection.commitments:
        number = len(selection.commitments)
        count += f", and {number} {'commitment' if number == 1 else 'commitments'}"
    lines = [f"# {DOCUMENT_TITLE}", "", count + "."]
    chosen = selection.options.describe()
    if chosen:
        lines += ["", f"Chosen: {md_inline(chosen)}."]
    return lines


def _front_matter_for_document(selection: Selection) -> str:
    lines = [
        f"title: {yaml_string(DOCUMENT_TITLE)}",
        f"entries: {len(selection.entries)}",
        f"commitments: {len(selection.commitments)}",
    ]
    if selection.entries:
        lines.append(f"from: {selection.entries[0].completed:%Y-%m-%d}")
        lines.append(f"to: {selection.entries[-1].completed:%Y-%m-%d}")
    chosen = selection.options.describe()
    if chosen:
        lines.append(f"chosen: {yaml_string(chosen)}")
    return _front_matter(lines)


def _commitments_by_id(selection: Selection) -> dict[str, Commitment]:
    return {c.id: c for c in selection.commitments}


def entry_section(
    entry: Entry, commitments: dict[str, Commitment], *, for_html: bool = False
) -> str:
    """One entry: heading, its metadata (YAML, or a line of tags for a page), its answers.

    commitments: the selection's, by id (made once per export, not once per entry).
    """
    if for_html:
        return entry_markdown(entry, commitments=commitments)
    metadata = "\n".join(["```yaml", *entry_metadata(entry), "```"])
    body = entry_body_markdown(entry, commitments)
    return f"{entry_heading(entry)}\n\n{metadata}\n\n{body}"


def commitments_markdown(
    selection: Selection,
    heading: str = "#",
    entry_files: dict[str, str] | None = None,
    *,
    for_html: bool = False,
) -> str:
    """Every commitment in the selection as a Tasks task (see obsidian.py), with its status,
    dates, first step and history; with entry_files (entry id → file name, a split export),
    each links back to the entry it was made in. A page (for_html) shows a plain checkbox
    line instead: the Tasks signs and block ids are for Obsidian, not for a reader."""
    scripts = {e.id: (e.script_title, e.completed.date()) for e in selection.entries}
    lines = [f"{heading} Commitments", ""]
    if not selection.commitments:
        lines += ["No commitments.", ""]
    for commitment in selection.commitments:
        if for_html:
            box = "x" if commitment.status == CommitmentStatus.DONE else " "
            lines.append(f"- [{box}] **{_one_line(commitment.text)}**")
        else:
            lines.append(obsidian.task_line(commitment))
        details = [f"Status: {commitment.status.value}"]
        details.append(f"Due: {_day(commitment.due)}" if commitment.due else "Due: no date")
        if commitment.first_step:
            details.append(f"First step: {_one_line(commitment.first_step)}")
        details.append(_made(commitment, scripts, entry_files or {}))
        lines += [f"  - {detail}" for detail in details]
        if commitment.history:
            lines.append("  - History:")
            lines += [f"    - {_change(change)}" for change in commitment.history]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _made(
    commitment: Commitment, scripts: dict[str, tuple[str, date]], entry_files: dict[str, str]
) -> str:
    made = f"Made: {_day(commitment.created.date())}"
    origin = scripts.get(commitment.entry_id or "")
    if origin is not None:
        made += f", in {md_inline(origin[0])}"
        name = entry_files.get(commitment.entry_id or "")
        if name:
            made += f" ([[{name.removesuffix('.md')}]])"
    return made


def _change(change: StatusChange) -> str:
    words = [f"{_day(change.at.date())}: {change.status.value}"]
    if change.due:
        words.append(f"new date {_day(change.due)}")
    if change.step:
        words.append(f"smaller step: {_one_line(change.step)}")
    if change.note:
        words.append(_one_line(change.note))
    return "; ".join(words)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def document_markdown(selection: Selection, *, for_html: bool = False) -> str:
    """The whole export as one Markdown document, entries oldest first, then commitments.

    A thematic break separates the parts (a page break when the HTML is printed). For a file,
    YAML front matter describes the export and a YAML block each entry; for a page, each entry
    carries a line of tags instead.
    """
    parts = ["\n".join(_cover(selection)) + "\n"]
    commitments = _commitments_by_id(selection)
    parts += [entry_section(e, commitments, for_html=for_html) for e in selection.entries]
    if selection.commitments:
        parts.append(commitments_markdown(selection, for_html=for_html))
    body = "\n---\n\n".join(parts)
    return body if for_html else _front_matter_for_document(selection) + "\n" + body


# ---------------------------------------------------------------------- one file per entry

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 48) -> str:
    """A file-name-safe, readable version of text: ascii letters, digits and hyphens."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _NOT_SLUG.sub("-", plain.lower()).strip("-")
    if len(words) > limit:
        cut = words[:limit]
        words = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return words


def entry_file_name(entry: Entry, taken: set[str]) -> str:
    """'2026-05-21-introductory-workshop.md', unique among taken (which it joins)."""
    title = entry.title if entry.title != entry.script_title else ""
    stem = f"{entry.completed:%Y-%m-%d}-{slug(title) or slug(entry.script_id) or 'entry'}"
    name, number = f"{stem}.md", 2
    while name in taken or name == COMMITMENTS_FILE:
        name, number = f"{stem}-{number}.md", number + 1
    taken.add(name)
    return name


def split_markdown(selection: Selection) -> dict[str, str]:
    """One Markdown file per entry (with YAML front matter), plus commitments.md.

    Linked both ways, as Obsidian resolves them: an entry lists its commitments as
    ``[[commitments#^c-<id>|text]]`` (a block link to the task line), and each task in
    commitments.md names its entry as ``[[2026-05-21-introductory-workshop]]``.
    """
    files: dict[str, str] = {}
    taken: set[str] = set()
    commitments = _commitments_by_id(selection)
    names = {entry.id: entry_file_name(entry, taken) for entry in selection.entries}
    made_in: dict[str, list[Commitment]] = {}
    for commitment in selection.commitments:
        made_in.setdefault(commitment.entry_id or "", []).append(commitment)
    for entry in selection.entries:
        body = entry_body_markdown(entry, commitments)
        text = f"{_front_matter(entry_metadata(entry))}\n{entry_heading(entry)}\n\n{body}"
        files[names[entry.id]] = text + _links_to_commitments(made_in.get(entry.id, []))
    if selection.commitments:
        front = _front_matter(
            [f"title: {yaml_string('Commitments')}", f"count: {len(selection.commitments)}"]
        )
        files[COMMITMENTS_FILE] = front + "\n" + commitments_markdown(selection, entry_files=names)
    return files


def _links_to_commitments(made: list[Commitment]) -> str:
    """An entry's "Commitments" section: a block link to each task in commitments.md."""
    if not made:
        return ""
    stem = COMMITMENTS_FILE.removesuffix(".md")
    links = [f"- [[{stem}#^{obsidian.block_id(c)}|{obsidian.link_label(c.text)}]]" for c in made]
    return "\n".join(["", "## Commitments made here", "", *links, ""])


@overload
def export_markdown(selection: Selection, *, split: Literal[False] = False) -> str: ...


@overload
def export_markdown(selection: Selection, *, split: Literal[True]) -> dict[str, str]: ...


def export_markdown(selection: Selection, *, split: bool = False) -> str | dict[str, str]:
    """The Markdown export: one document, or file name → text with split=True."""
    if split:
        return split_markdown(selection)
    return document_markdown(selection)
