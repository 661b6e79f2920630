"""Which file an encrypted file is, and how new: names, versions and the journal's record of
the newest version of each file it saved.

Every encrypted file carries, authenticated with its words, the journal's name for it
("entries/2026-11.json") and a version that grows by one with each save. A file copied over
another (a renamed month) then fails to open under its new name, and a file put back from an
older copy (a rollback) has a lower version than the one ``versions.json`` recorded when it was
saved. ``versions.json`` is itself sealed and bound to its name; a missing or unreadable one
is only written afresh (nothing can be compared then, so nothing is reported).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from companion.journal import files
from companion.journal.store import Signature

if TYPE_CHECKING:
    from companion.journal.crypto import JournalKey

INDEX_FILE = "versions.json"
_BACKUP = re.compile(r"^backups/(.+)\.\d+$")
_ASIDE = re.compile(r"^(.+?\.json)\.damaged-[^/]*$")


def name_of(folder: Path, path: Path) -> str | None:
    """The journal's name for the file at path: a backup or a damaged copy kept aside is
    named after the file it keeps. None for a path outside folder."""
    try:
        relative = path.relative_to(folder).as_posix()
    except ValueError:
        try:  # the same folder reached another way (a link, a relative path)
            real = files.real_path(path.parent) / path.name
            relative = real.relative_to(files.real_path(folder)).as_posix()
        except (ValueError, OSError):
            return None
    backup = _BACKUP.match(relative)
    if backup:
        relative = backup.group(1)
    aside = _ASIDE.match(relative)
    return aside.group(1) if aside else relative


def rollback_problem(name: str, found: int, recorded: int) -> str:
    return (
        f"it is an older copy of {name} than the one Companion saved last (version {found}, "
        f"not {recorded}); it may have been put back from a backup or replaced by someone"
    )


def renamed_problem(name: str, bound: str) -> str:
    return f"{name} holds the records of {bound} (it may have been renamed or copied over)"


class VersionIndex:
    """The newest version of each file this journal saved, kept sealed in versions.json.

    Read again whenever the file changed (another Companion saved), written under the lock.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / INDEX_FILE
        self._seen: tuple[Signature | None, dict[str, int]] = (None, {})

    def read(self, keys: list[JournalKey], *, fresh: bool = False) -> dict[str, int]:
        """The recorded versions (empty when versions.json is missing or does not open).

        fresh reads the file even if its stat looks unchanged: a save under the lock must
        start from the newest record, or it could write a version below it.
        """
        files.check_safe(self.folder, self.path, writing=False)
        signature = Signature.of(self.path)
        if not fresh and signature is not None and signature == self._seen[0]:
            return self._seen[1]
        raw = files.read_bytes(self.path) if signature is not None else None
        versions: dict[str, int] = {}
        for key in keys if raw is not None else []:
            opened = key.open_file(raw or b"")
            if opened is None or opened.name != INDEX_FILE:
                continue
            try:
                doc = json.loads(opened.plain.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                break
            if isinstance(doc, dict):
                versions = {str(k): v for k, v in doc.items() if isinstance(v, int)}
            break
        self._seen = (signature, versions)
        return versions

    def write(self, key: JournalKey, versions: dict[str, int]) -> None:
        """Seal and save versions (the caller holds the journal lock)."""
        files.check_safe(self.folder, self.path, writing=True)
        own = versions.get(INDEX_FILE, 0) + 1
        versions = {**versions, INDEX_FILE: own}
        plain = json.dumps(versions, sort_keys=True).encode("utf-8")
        files.atomic_write(self.path, key.seal_file(plain, INDEX_FILE, own))
        self._seen = (Signature.of(self.path), versions)

    def remove(self) -> None:
        if self.path.is_file() and not self.path.is_symlink():
            self.path.unlink()
        self._seen = (None, {})
