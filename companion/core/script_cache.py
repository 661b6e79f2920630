"""The checked scripts, remembered between starts, so the app opens without checking them again.

Checking the twelve built-in scripts (reading their TOML, every field of every step) takes
longer than anything else Companion does before its first screen. What the checks made of a
file depends only on the file's text, where it is, and Companion's own code, so the cache keeps
each checked script beside the exact text it was made from, and all of it beside a fingerprint
of the code (its version and the size and time of each module in companion/core). A script is
taken from the cache only when its file's text is the same, character for character; anything
else (an edited script, a new Companion, a damaged or foreign cache file) is checked afresh.

The cache lives in the user's cache folder (see locations.cache_dir) and holds scripts only,
never a leader's words. It can always be deleted. Reading or writing it never stops Companion:
any problem with it is the same as having none.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any

from companion.core import limits, locations
from companion.core.model import Option, Script, Step, StepKind

CACHE_FILE = "scripts.json"
#: The shape of the cache file; a file of another shape is ignored.
FORMAT = 1

# Reading the cache must never stop the app: any of these means "no cache".
_UNUSABLE = (
    OSError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    RecursionError,
    limits.LimitExceeded,
)


def code_fingerprint() -> list[Any]:
    """What the checks' results depend on besides a file's text: Companion's version, Python's,
    and Companion's core modules (size and time of each), so a new or edited one checks again."""
    from companion import __version__

    core = Path(__file__).parent
    found: list[Any] = [__version__, sys.version]  # a new Python may read TOML otherwise
    with os.scandir(core) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                st = entry.stat()
                found.append([entry.name, st.st_size, st.st_mtime_ns])
    return found


#: What each stored field may hold, by the type its dataclass names (the kinds JSON keeps).
_KINDS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "bool": (bool,),
    "str | None": (str, type(None)),
    "int | None": (int, type(None)),
    "StepKind": (str,),
    "tuple[Step, ...]": (list,),
    "tuple[Option, ...]": (list,),
}


def _fields(cls: type) -> dict[str, tuple[type, ...]]:
    """Each field of a dataclass and what it may hold; KeyError for a type not foreseen (the
    cache is then not used: a new field must be taught here)."""
    return {f.name: _KINDS[str(f.type)] for f in fields(cls)}


def _plain(value: Any) -> Any:
    """A script's value as JSON keeps it."""
    if isinstance(value, tuple):
        return [_doc(item) for item in value]
    return str(value) if isinstance(value, StepKind) else value


def _doc(record: Script | Step | Option) -> dict[str, Any]:
    return {f.name: _plain(getattr(record, f.name)) for f in fields(record)}


def _checked(cls: type, doc: Any) -> dict[str, Any]:
    """doc, if it holds exactly cls's fields, each of the kind it names; else ValueError."""
    kinds = _fields(cls)
    if not isinstance(doc, dict) or doc.keys() != kinds.keys():
        raise ValueError(f"not a cached {cls.__name__}")
    for name, value in doc.items():
        if type(value) not in kinds[name]:
            raise ValueError(f"a cached {cls.__name__}'s {name} is not what it should be")
    return doc


def _script_from(doc: Any) -> Script:
    """The Script doc was made from (see _doc); ValueError (and no script) if it is not one."""
    steps = []
    for step in _checked(Script, doc)["steps"]:
        options = tuple(Option(**_checked(Option, o)) for o in _checked(Step, step)["options"])
        steps.append(Step(**{**step, "kind": StepKind(step["kind"]), "options": options}))
    return Script(**{**doc, "steps": tuple(steps)})


class ScriptCache:
    """Checked scripts by file, each with the text it was made from (see the module's note)."""

    def __init__(self, path: Path | None = None) -> None:
        self._files: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._changed = False
        try:
            self.path = path or locations.cache_dir() / CACHE_FILE
            self.fingerprint: list[Any] | None = code_fingerprint()
        except _UNUSABLE:  # nowhere to keep it, or Companion's own files cannot be listed
            self.fingerprint = None
            return
        try:
            # A header line (format, code, and a checksum of the rest), then the scripts.
            raw = limits.read_regular(self.path, limits.SMALL_FILE)  # never a pipe, never huge
            header, _, body = raw.partition(b"\n")
            described = json.loads(header)
            if (
                described == {"format": FORMAT, "code": self.fingerprint, "seal": zlib.crc32(body)}
                and type(files := json.loads(body)) is dict
            ):
                self._files = files
        except _UNUSABLE:
            self._files = {}

    @staticmethod
    def _key(path: Path, builtin: bool) -> str:
        return f"{'builtin' if builtin else 'user'}:{os.fspath(path)}"

    def get(self, path: Path, builtin: bool, text: str) -> Script | None:
        """The script checked from exactly this text at this path, or None."""
        key = self._key(path, builtin)
        found = self._files.get(key)
        try:
            if isinstance(found, dict) and found["text"] == text:
                script = _script_from(found["script"])
                self._used[key] = found
                return script
        except _UNUSABLE:
            pass
        return None

    def put(self, path: Path, builtin: bool, text: str, script: Script) -> None:
        """Remember the script checked from this text (written by save)."""
        self._used[self._key(path, builtin)] = {"text": text, "script": _doc(script)}
        self._changed = True

    def save(self) -> None:
        """Write what was used this time, if anything changed (a file left out is dropped);
        quietly does nothing when the cache folder cannot be written."""
        if self.fingerprint is None or (
            not self._changed and self._used.keys() == self._files.keys()
        ):
            return
        try:
            body = json.dumps(self._used, ensure_ascii=False).encode("utf-8")
        except ValueError:  # a lone surrogate in a script's text: not kept
            return
        header = {"format": FORMAT, "code": self.fingerprint, "seal": zlib.crc32(body)}
        from companion.journal import platform  # replace as this platform needs

        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=".scripts-", suffix=".tmp", dir=self.path.parent
            )
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(json.dumps(header).encode("ascii") + b"\n" + body)
                platform.current().replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, ValueError):
            return
