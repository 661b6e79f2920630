"""Day One's JSON export (a zip holding Journal.json, or the JSON itself), read as
learning-diary entries.

Day One writes each entry's text as Markdown with punctuation escaped (``\\.``, ``\\-``,
``\\(``); the escapes are undone. Times are in the entry's own zone (``timeZone``), tags and
stars are kept, photos are named (``Photo: <md5>.jpeg (not imported)``), never copied. An
entry's id comes from its Day One uuid and time, so importing the same export twice adds
nothing the second time.

The zip is read in memory, never extracted: only its JSON files are opened, each read no
further than a cap (a zip bomb stops there), and a zip naming a path outside itself is refused.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from companion.core import ids, limits
from companion.core.errors import ImportFileError
from companion.core.known_scripts import LEARNING_DIARY, DiaryStep
from companion.core.model import Answer, Entry, Script, Step
from companion.importing import common
from companion.importing.common import ImportResult, PreparedImport
from companion.journal import Journal

#: The most a JSON file inside the zip may unpack to (a zip bomb stops here).
JSON_LIMIT = 256 * 1024 * 1024
#: The most files a zip may list (Day One's holds a journal or two and their photos).
MOST_MEMBERS = 200_000
WHAT = "Day One export (the zip Day One's JSON export makes, or its Journal.json)"

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_MOMENT = re.compile(r"!\[[^\]]*\]\(dayone-moment:/*(?:photo/)?([A-Za-z0-9_-]+)\)")


def _photo(value: Any, where: str) -> None:
    common.fields(
        {}, {"md5": common.text, "type": common.text, "identifier": common.text}, others=True
    )(value, where)


def _moment_utc(value: Any, where: str) -> None:
    common.moment(value.replace("Z", "+00:00") if isinstance(value, str) else value, where)


_ENTRY = common.fields(
    {"uuid": common.words, "creationDate": _moment_utc},
    {
        "text": common.text,
        "timeZone": common.text,
        "tags": common.list_of(common.text),
        "starred": common.flag,
        "photos": common.list_of(_photo),
    },
    others=True,
)


def unescape(text: str) -> str:
    """Day One's Markdown with its backslash escapes undone: '3\\. Done\\!' → '3. Done!'."""
    return _ESCAPED.sub(r"\1", text)


# ---------------------------------------------------------------------- reading the file


def _refuse(path: Path, why: str) -> ImportFileError:
    return ImportFileError(f"{path} is not a {WHAT}: {why}. Nothing was imported.")


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name.replace("\\", "/"))
    return not (pure.is_absolute() or ".." in pure.parts or re.match(r"^[A-Za-z]:", name))


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    """A member's bytes, read no further than JSON_LIMIT whatever its header claims."""
    chunks, total = [], 0
    with archive.open(info) as member:
        while chunk := member.read(1 << 20):
            total += len(chunk)
            if total > JSON_LIMIT:
                raise _refuse(path, f"{info.filename} unpacks to more than Companion reads")
            chunks.append(chunk)
    return b"".join(chunks)


def _journals_in_zip(path: Path) -> list[Any]:
    """Every JSON file in the zip with Day One's shape, parsed (nothing written to disk)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MOST_MEMBERS:
                raise _refuse(path, f"it lists more than {MOST_MEMBERS} files")
            if not all(_safe_name(info.filename) for info in infos):
                raise _refuse(path, "it names a file outside the archive (a path trick)")
            found = []
            for info in infos:
                if info.is_dir() or not info.filename.lower().endswith(".json"):
                    continue
                data = _parse(_read_member(archive, info, path), path, info.filename)
                if _looks_like_dayone(data):
                    found.append(data)
    except ImportFileError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        RuntimeError,
        NotImplementedError,
        EOFError,
        zlib.error,
        ValueError,
    ) as error:
        raise _refuse(path, f"the zip cannot be read ({type(error).__name__})") from None
    except OSError as error:
        raise ImportFileError(
            f"Companion could not read {path}: {error.strerror or error}."
        ) from None
    if not found:
        raise _refuse(path, "the zip holds no Day One journal (Journal.json)")
    return found


def _parse(raw: bytes, path: Path, name: str) -> Any:
    try:
        return limits.loads_json(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError, limits.LimitExceeded):
        raise _refuse(path, f"{name} is not JSON Companion can read") from None


def _looks_like_dayone(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("metadata"), dict)
        and isinstance(data.get("entries"), list)
    )


def _regular(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {path}. Check its name and try again.") from None
    except OSError as error:
        raise ImportFileError(f"Companion could not read {path}: {error.strerror}.") from None
    if stat.S_ISDIR(mode):
        raise ImportFileError(f"{path} is a folder. Give the Day One zip or its Journal.json.")
    if not stat.S_ISREG(mode):
        raise ImportFileError(f"{path} is not a regular file. Give the Day One zip itself.")


def _starts_like_a_zip(path: Path) -> bool:
    """A zip's first bytes (a zip cut short has lost the directory is_zipfile looks for)."""
    try:
        with open(path, "rb") as stream:
            return stream.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def read_dayone_journals(path: Path) -> list[Any]:
    """The Day One journals in a zip or a bare JSON file, each checked to have its shape."""
    _regular(path)
    if _starts_like_a_zip(path) or zipfile.is_zipfile(path):
        return _journals_in_zip(path)
    data = common.read_json_file(path, WHAT)
    if isinstance(data, dict) and data.get("companion"):
        raise ImportFileError(
            f"{path} is a Companion file, not a Day One export: import it as a Companion "
            "export. Nothing was imported."
        )
    if not _looks_like_dayone(data):
        raise _refuse(path, 'it has no "metadata" and "entries" as Day One writes them')
    return [data]


def read_dayone_export(path: Path) -> PreparedImport:
    """Learning-diary entries from a Day One export; ImportFileError says what is wrong."""
    from companion.core.scripts import load_library

    journals = read_dayone_journals(path)
    try:
        for data in journals:
            for number, item in enumerate(data["entries"], start=1):
                _ENTRY(item, f"entry {number}")
    except common.Bad as problem:
        raise _refuse(path, str(problem)) from None
    script = load_library(include_user=False).get(LEARNING_DIARY)
    happened, tags_step = script.step(DiaryStep.HAPPENED), script.step(DiaryStep.TAGS)
    assert happened is not None and tags_step is not None
    entries: list[Entry] = []
    skipped = 0
    for data in journals:
        for item in data["entries"]:
            entry = _entry(item, script, happened, tags_step)
            if entry is None:
                skipped += 1
            else:
                entries.append(entry)
    return PreparedImport(entries, skipped=skipped)


# ---------------------------------------------------------------------- one entry


def _local(created: datetime, zone: str | None) -> datetime:
    """The moment in the entry's own zone (UTC if the zone is unknown here)."""
    if not zone:
        return created
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return created.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return created


def _tag(text: str) -> str:
    return "-".join(text.strip().lstrip("#").lower().split())


def _photos(text: str, photos: list[dict[str, Any]]) -> str:
    """Photo references named in the text, and a line for each photo the text does not show."""
    names = {}
    for photo in photos:
        stem = photo.get("md5") or photo.get("identifier") or "photo"
        name = f"{stem}.{photo.get('type') or 'jpeg'}"
        names[str(photo.get("identifier", name))] = name
    shown: set[str] = set()

    def named(match: re.Match[str]) -> str:
        name = names.get(match.group(1), match.group(1))
        shown.add(name)
        return f"Photo: {name} (not imported)"

    text = _MOMENT.sub(named, text)
    rest = [f"Photo: {name} (not imported)" for name in names.values() if name not in shown]
    return "\n".join([text.rstrip(), *rest]).strip() if rest else text


def _entry(item: dict[str, Any], script: Script, happened: Step, tags_step: Step) -> Entry | None:
    created = datetime.fromisoformat(item["creationDate"].replace("Z", "+00:00"))
    written = _local(created.astimezone(UTC), item.get("timeZone"))
    text = _photos(unescape(item.get("text", "")).strip("\n"), item.get("photos", []))
    if not text.strip():
        return None
    tags = list(dict.fromkeys(t for t in map(_tag, item.get("tags", [])) if t))
    answers = [Answer(happened.id, happened.prompt, happened.kind, text)]
    if tags:
        answers.append(Answer(tags_step.id, tags_step.prompt, tags_step.kind, tags))
    return Entry(
        id=ids.stable_id(created, "\n".join(["dayone", item["uuid"]])),
        script_id=script.id,
        script_version=script.version,
        script_title=script.title,
        started=written,
        completed=written,
        answers=answers,
        tags=tags,
        starred=bool(item.get("starred", False)),
    )


def import_dayone(journal: Journal, path: Path) -> ImportResult:
    """Add a Day One export's entries as learning-diary entries."""
    return read_dayone_export(path).apply(journal)


__all__ = ["import_dayone", "read_dayone_export", "unescape"]
