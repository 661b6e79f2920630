"""jrnl's JSON export (`jrnl --export json`), read as learning-diary entries.

A jrnl entry's id is derived from its date, time, title and body, so importing the same file
twice adds nothing the second time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from companion.core import ids
from companion.core.errors import ImportFileError
from companion.core.known_scripts import LEARNING_DIARY, DiaryStep
from companion.core.model import Answer, Entry, Script, Step
from companion.export.lossless import MARKER
from companion.importing import common
from companion.importing.common import ImportResult, PreparedImport
from companion.journal import Journal

JRNL_SCRIPT = LEARNING_DIARY
_TAG_SYMBOLS = "@#"
#: The furthest ahead of UTC a local time can be (UTC+14): see the jrnl import's ids.
LATEST_ZONE = timedelta(hours=14)


def _jrnl_tag(text: str) -> str:
    return "-".join(text.strip().lstrip(_TAG_SYMBOLS).lower().split())


def _clock_time(value: Any, where: str) -> None:
    common.text(value, where)
    try:
        datetime.strptime(value, "%H:%M")
    except ValueError:
        raise common.Bad(f"{where} is not a time such as 09:30 ({value!r})") from None


#: One entry of `jrnl --export json` (jrnl writes fields of its own too: they are let be).
_JRNL_ENTRY = common.fields(
    {"title": common.text, "date": common.day},
    {
        "body": common.text,
        "time": _clock_time,
        "starred": common.flag,
        "tags": common.list_of(common.text),
    },
    others=True,
)


def read_jrnl_export(path: Path) -> PreparedImport:
    """Learning-diary entries from jrnl's JSON export, and how many empty ones were skipped."""
    from companion.core.scripts import load_library

    data = common.read_json_file(path, "jrnl export (jrnl --export json)")
    if isinstance(data, dict) and data.get("companion") == MARKER:
        raise ImportFileError(
            f"{path} is a Companion export, not a jrnl one. Import it with: companion import {path}"
        )
    try:
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            raise common.Bad("it has no list of entries (run `jrnl --export json` to make one)")
        for number, item in enumerate(data["entries"], start=1):
            _JRNL_ENTRY(item, f"entry {number}")
    except common.Bad as problem:
        raise ImportFileError(
            f"{path} is not a jrnl export Companion can import: {problem}. Nothing was imported."
        ) from None
    script = load_library(include_user=False).get(JRNL_SCRIPT)
    happened, tags_step = script.step(DiaryStep.HAPPENED), script.step(DiaryStep.TAGS)
    assert happened is not None and tags_step is not None
    entries: list[Entry] = []
    skipped = 0
    for item in data["entries"]:
        entry = _jrnl_entry(item, script, happened, tags_step)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    return PreparedImport(entries, skipped=skipped)


def _jrnl_entry(
    item: dict[str, Any], script: Script, happened: Step, tags_step: Step
) -> Entry | None:
    """One jrnl entry as a learning-diary entry; None for an empty one (skipped)."""
    title, body = item["title"].strip(), item.get("body", "").strip("\n")
    if not title and not body.strip():
        return None
    naive = datetime.strptime(f"{item['date']} {item.get('time', '00:00')}", "%Y-%m-%d %H:%M")
    written = naive.astimezone()  # jrnl keeps local time; this machine's zone says which
    tags = list(dict.fromkeys(t for t in map(_jrnl_tag, item.get("tags", [])) if t))
    text = title if not body.strip() else f"{title}\n{body}" if title else body
    answers = [Answer(happened.id, happened.prompt, happened.kind, text)]
    if tags:
        answers.append(Answer(tags_step.id, tags_step.prompt, tags_step.kind, tags))
    key = "\n".join(["jrnl", item["date"], item.get("time", ""), title, body])
    return Entry(
        # From the text alone (not this machine's zone): a re-import finds it again.
        # Read as UTC fourteen hours on, the id is never before the entry was written
        # in any zone (a journal file must not hold an entry finished after its month).
        id=ids.stable_id((naive + LATEST_ZONE).replace(tzinfo=UTC), key),
        script_id=script.id,
        script_version=script.version,
        script_title=script.title,
        started=written,
        completed=written,
        answers=answers,
        tags=tags,
        starred=bool(item.get("starred", False)),
    )


def import_jrnl_json(journal: Journal, path: Path) -> ImportResult:
    """Add jrnl's entries as learning-diary entries (title and body, tags, stars, dates)."""
    return read_jrnl_export(path).apply(journal)
