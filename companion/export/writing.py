"""The export formats, and writing an export to disk: private, atomic, never over a file unasked."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from companion.core.errors import Hint, JournalWriteError, UsageError
from companion.core.text import Kind
from companion.export.selection import Selection
from companion.journal import files, platform

DEFAULT_NAME = "companion-journal"


@dataclass(frozen=True)
class ExportFormat:
    """One way out of Companion."""

    name: str
    label: str
    extension: str
    render: Callable[[Selection], str]
    splits: bool = False


# Each renderer is loaded when it is used: JSON needs neither Markdown nor markdown-it-py.


def _markdown(selection: Selection) -> str:
    from companion.export.markdown import document_markdown

    return document_markdown(selection)


def _html(selection: Selection) -> str:
    from companion.export.html import export_html

    return export_html(selection)


def _json(selection: Selection) -> str:
    from companion.export.lossless import export_json

    return export_json(selection)


FORMATS: dict[str, ExportFormat] = {
    "md": ExportFormat("md", "Markdown", ".md", _markdown, splits=True),
    "html": ExportFormat("html", "HTML page (to read, print or share)", ".html", _html),
    "json": ExportFormat("json", "JSON (lossless, to import again)", ".json", _json),
}


def export_format(name: str) -> ExportFormat:
    """The format called name; UsageError lists the known ones otherwise."""
    found = FORMATS.get(name.strip().lower().lstrip("."))
    if found is None:
        known = ", ".join(FORMATS)
        raise UsageError(f"Companion cannot export to {name!r}. Choose one of: {known}.")
    return found


def render(selection: Selection, fmt: ExportFormat, *, split: bool = False) -> str | dict[str, str]:
    """The export's text, or file name → text for a folder of Markdown files."""
    if split:
        if not fmt.splits:
            raise UsageError(
                f"One file per entry is written for Markdown only, not {fmt.name}: "
                "choose Markdown, or one file for the whole export."
            )
        from companion.export.markdown import split_markdown

        return split_markdown(selection)
    return fmt.render(selection)


def default_output(fmt: ExportFormat, folder: Path, *, split: bool = False) -> Path:
    """Where an export goes when no path is given: a file (or folder) named after the journal."""
    return folder / (DEFAULT_NAME if split else DEFAULT_NAME + fmt.extension)


def check_target(path: Path, *, split: bool, force: bool, example: str | None = None) -> None:
    """Raise UsageError if writing to path would overwrite something unasked: the one rule for
    every file a face writes (an export, the coach brief). Its hint is Hint.REPLACE.

    example is a file name to suggest when path is a folder (default: the export's)."""
    if path.is_symlink() and not path.exists() and not force:
        # A dangling link: writing would create a file wherever it points.
        raise UsageError(
            f"{path} is a link to {os.readlink(path)}, which does not exist. Choose another "
            "name, or ",
            Hint.REPLACE,
            " (the file is made where the link points).",
        )
    if split:
        if path.exists() and not path.is_dir():
            raise UsageError(
                f"{path} is a file, but a split export is a folder. Give a folder's name."
            )
        if path.is_dir() and any(path.iterdir()) and not force:
            raise UsageError(
                f"The folder {path} already has files in it. Choose a new or empty folder, or ",
                Hint.REPLACE,
                " (files with the same names are replaced, others are left alone).",
            )
        return
    if files.is_stream(path):  # /dev/stdout, a pipe: written into, nothing is replaced
        return
    if path.is_dir():
        name = example or DEFAULT_NAME + (path.suffix or ".md")
        raise UsageError(f"{path} is a folder. Give a file name, such as {path / name}.")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists. Choose another name, or ", Hint.REPLACE, ".")


@dataclass(frozen=True)
class WrittenExport:
    path: Path
    files: int


def write_export(
    content: str | dict[str, str],
    path: Path,
    *,
    force: bool = False,
    kind: Kind = "document",
    example: str | None = None,
) -> WrittenExport:
    """Write an export: each file 0600, replaced atomically; a folder appears whole.

    Existing files are replaced only with force. Missing parent folders are created (0700);
    existing ones are left as they are.
    """
    split = isinstance(content, dict)
    check_target(path, split=split, force=force, example=example)
    try:
        files.create_private_dirs(path.parent)
        if isinstance(content, str):
            files.write_document(path, content.encode("utf-8"), kind)  # kind: on a terminal
            return WrittenExport(path, 1)
        if path.exists():
            _refuse_links_inside(path, content)
            for name, text in content.items():
                files.create_private_dirs((path / name).parent)  # journals/ in a Logseq export
                files.atomic_write(path / name, text.encode("utf-8"))
        else:
            _write_new_folder(path, content)
    except OSError as error:
        raise _write_error(path, error) from error
    except JournalWriteError as error:
        cause = error.__cause__
        raise _write_error(path, cause if isinstance(cause, OSError) else None) from error
    return WrittenExport(path, len(content))


def _refuse_links_inside(folder: Path, content: dict[str, str]) -> None:
    """A link in the export folder in place of a file would be written through, even with
    --force (which replaces files, not what links point to): refuse before writing any."""
    for name in content:
        inside = [folder / name, *(folder / name).parents]
        link = next((p for p in inside if p.is_symlink() and folder in p.parents), None)
        if link is not None:
            raise UsageError(
                f"{link} is a link; Companion will not write an export through it. "
                "Remove the link, or choose a new or empty folder. Nothing was written."
            )


def _write_new_folder(path: Path, content: dict[str, str]) -> None:
    """Write every file into a hidden folder beside path, then rename it into place."""
    scratch = Path(
        tempfile.mkdtemp(prefix=f".{path.name}.", suffix=files.TEMP_SUFFIX, dir=path.parent)
    )
    try:
        platform.current().chmod(scratch, files.DIR_MODE)
        for name, text in content.items():
            files.create_private_dirs((scratch / name).parent)
            files.atomic_write(scratch / name, text.encode("utf-8"))
        platform.current().rename(scratch, path)
        files.fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(scratch)
        raise


def _write_error(path: Path, error: OSError | None) -> JournalWriteError:
    if error is not None and platform.held_by_another(error):
        return JournalWriteError(
            f"Could not write the export to {path}: another program is holding the file (often "
            "antivirus, OneDrive or a second Companion window). Close it, or wait a moment, then "
            "export again; your journal is unchanged."
        )
    why = (error.strerror if error is not None else None) or "the disk refused it"
    return JournalWriteError(
        f"Could not write the export to {path}: {why}. Check the folder and the free space; "
        "your journal is unchanged."
    )
