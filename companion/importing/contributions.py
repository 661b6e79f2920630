"""Reading contribution files, checked in full, and gathering them into a report: the action
every face calls (`companion gather`, the app's Gather screen).

A file that is not a contribution, is damaged, was made by a newer Companion, or is sealed and
does not open with the passphrase given is one ImportFileError sentence, and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from companion.core import limits
from companion.core.errors import Hint, ImportFileError
from companion.export.gather import (
    FORMAT,
    MARKER,
    Contribution,
    Form,
    Gathered,
    SharedAnswer,
    SharedEntry,
    gather,
    report_document,
)
from companion.export.share import SEAL_LABEL
from companion.journal.sealing import MAGIC, JournalKey, KeySpec, is_encrypted_bytes

_WHEN = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
MAX_ENTRIES = 100_000


class _Bad(ValueError):
    """What is wrong with a contribution's data, as a phrase."""


def read_contribution(path: Path, passphrase: str | None = None) -> Contribution:
    """The contribution in path (opened with passphrase if it is sealed)."""
    try:
        raw = limits.read_regular(path, limits.LARGE_FILE)
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {path}. Check its name and try again.") from None
    except limits.LimitExceeded as error:
        raise ImportFileError(f"{path} {error}; give a contribution file.") from None
    except OSError as error:
        raise ImportFileError(
            f"Could not read {path} ({error.strerror or 'the system refused'}); check the path "
            "and try again."
        ) from None
    if is_encrypted_bytes(raw):
        raw = _opened(path, raw, passphrase)
    try:
        text = raw.decode("utf-8")
        data = limits.loads_json(text)
    except (UnicodeDecodeError, ValueError, limits.LimitExceeded, RecursionError):
        raise ImportFileError(
            f"{path} is not a contribution: it is not JSON text. Ask for the file again: ",
            Hint.SHARE,
            ".",
        ) from None
    return contribution_from_data(data, path)


def _opened(path: Path, raw: bytes, passphrase: str | None) -> bytes:
    if passphrase is None:
        raise ImportFileError(f"{path} is sealed with a passphrase. ", Hint.GIVE_PASSPHRASE, ".")
    spec = KeySpec.from_header(raw)
    plain = JournalKey.derive(passphrase, spec).open(raw, SEAL_LABEL) if spec is not None else None
    if plain is None:
        raise ImportFileError(
            f"{path} does not open with this passphrase (or it was changed since it was "
            "sealed): check the passphrase with whoever shared it. Nothing was written."
        )
    return plain


def contribution_from_data(data: Any, path: Path) -> Contribution:
    """A contribution from parsed JSON; ImportFileError (one sentence) for anything else."""
    if not isinstance(data, dict) or MARKER not in data:
        raise ImportFileError(
            f"{path} is not a Companion contribution (an export is not one). ", Hint.SHARE, "."
        )
    version = data[MARKER]
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
        raise ImportFileError(
            f"{path} was made by a newer Companion (contribution format {version}; this one "
            f"reads up to {FORMAT}). Update Companion to gather it."
        )
    try:
        if version != FORMAT or isinstance(version, bool):
            raise _Bad(f"its format {version!r} is not one Companion knows")
        contributor = _optional_text(data.get("contributor"), "its contributor")
        entries = data.get("entries")
        if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
            raise _Bad("it has no list of entries")
        shared = tuple(_entry(item, number) for number, item in enumerate(entries, start=1))
    except _Bad as error:
        raise ImportFileError(
            f"{path} is damaged: {error}. Ask for the file again; nothing was written."
        ) from None
    return Contribution(" ".join(contributor.split()) or None if contributor else None, shared)


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{what} is not text")
    try:
        limits.check_text(value)
    except limits.LimitExceeded as error:
        raise _Bad(f"{what} {error}") from None
    return value


def _optional_text(value: Any, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _entry(item: Any, number: int) -> SharedEntry:
    where = f"entry {number}"
    if not isinstance(item, dict):
        raise _Bad(f"{where} is not a record")
    when = _text(item.get("when"), f"the date of {where}")
    if not _WHEN.match(when):
        raise _Bad(f"the date of {where} is not a day or a month")
    try:
        date.fromisoformat(when if len(when) == 10 else when + "-01")
    except ValueError:
        raise _Bad(f"the date of {where} is not a real day") from None
    tags = item.get("tags", [])
    if not isinstance(tags, list):
        raise _Bad(f"the tags of {where} are not a list")
    answers = item.get("answers")
    if not isinstance(answers, list):
        raise _Bad(f"{where} has no list of answers")
    return SharedEntry(
        script=_text(item.get("script"), f"the script of {where}"),
        script_title=_text(item.get("script_title"), f"the script title of {where}"),
        when=when,
        tags=tuple(_text(tag, f"a tag of {where}") for tag in tags),
        answers=tuple(_answer(a, f"answer {n} of {where}") for n, a in enumerate(answers, 1)),
    )


def _answer(item: Any, where: str) -> SharedAnswer:
    if not isinstance(item, dict):
        raise _Bad(f"{where} is not a record")
    value = item.get("value")
    if isinstance(value, list):
        value = [_text(v, f"an item of {where}") for v in value]
    elif isinstance(value, bool) or not isinstance(value, str | int):
        raise _Bad(f"{where} holds neither text, a number nor a list")
    elif isinstance(value, str):
        value = _text(value, where)
    return SharedAnswer(
        step=_text(item.get("step"), f"the step of {where}"),
        prompt=_text(item.get("prompt"), f"the question of {where}"),
        kind=_text(item.get("kind"), f"the kind of {where}"),
        value=value,
        label=_optional_text(item.get("label"), f"the label of {where}"),
    )


# ---------------------------------------------------------------------- gathering


@dataclass(frozen=True)
class Report:
    """A report made from contributions: its text, and what was gathered."""

    gathered: Gathered
    form: Form
    fmt: str
    text: str


def gather_files(paths: Sequence[Path], passphrase: str | None = None) -> Gathered:
    """Every file read and checked before anything is made; each counted once."""
    if not paths:
        raise ImportFileError("Give at least one contribution file to gather.")
    return gather([read_contribution(path, passphrase) for path in paths])


def gather_report(
    paths: Sequence[Path], form: Form, fmt: str = "md", passphrase: str | None = None
) -> Report:
    """The report of this form (md or html) from the contribution files."""
    gathered = gather_files(paths, passphrase)
    return Report(gathered, form, fmt, report_document(gathered, form, fmt))


def is_sealed(path: Path) -> bool:
    """Whether path starts like a sealed file (False if it cannot be read: reading says why)."""
    try:
        with open(path, "rb") as handle:
            return is_encrypted_bytes(handle.read(len(MAGIC)))
    except OSError:
        return False
