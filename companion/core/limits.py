"""Limits on what Companion reads from a file it did not just write (scripts, answers, imports,
journal files, passphrase files): regular files of a bounded size, data of bounded depth,
numbers and lengths, and text that is valid Unicode.

Each refusal is a phrase a caller puts into its own sentence ("The answers file X " + phrase).
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

from companion.core.dates import FIRST_YEAR, LAST_YEAR

#: Deeper than any file Companion writes or reads (an export is about 7 levels deep).
MAX_DEPTH = 32
#: A whole number with more digits than this is not a count, a date or a scale point.
MAX_DIGITS = 18
MAX_NUMBER = 10**MAX_DIGITS
#: The most items in one list or table, and characters in one text, a file may hold.
MAX_ITEMS = 1_000_000
MAX_TEXT = 10_000_000
#: File sizes: a script or answers file is a few kilobytes; a ten-year export a few megabytes.
SMALL_FILE = 8 * 1024 * 1024
LARGE_FILE = 512 * 1024 * 1024
#: The first line of a passphrase file is read up to this many bytes.
PASSPHRASE_LINE = 4096


class LimitExceeded(Exception):
    """A file or value beyond what Companion reads; str() is a phrase such as 'is a folder'."""


def _kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def _too_large(limit: int) -> str:
    return f"is larger than {limit // (1024 * 1024)} MB, more than Companion reads"


def read_regular(path: Path, limit: int = SMALL_FILE) -> bytes:
    """A regular file's bytes, at most limit of them, without ever blocking on a pipe or device.

    FileNotFoundError and other OSErrors pass through; LimitExceeded says why a file is refused.
    The checks are made again on the opened file: it may be swapped between stat and open.
    """
    try:
        os.fsencode(path)
    except UnicodeEncodeError:  # a lone surrogate: no file on this system has such a name
        raise FileNotFoundError(errno.ENOENT, "No such file", str(path)) from None
    problem = _kind_of(os.stat(path).st_mode)
    if problem:
        raise LimitExceeded(problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        opened = os.fstat(fd)
        problem = _kind_of(opened.st_mode)
        if problem:
            raise LimitExceeded(problem)
        if opened.st_size > limit:
            raise LimitExceeded(_too_large(limit))
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while we read it
                raise LimitExceeded(_too_large(limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_first_line(path: Path, limit: int = PASSPHRASE_LINE) -> bytes:
    """The first line of a regular file or a pipe (such as `<(pass show x)`), bounded.

    Folders and devices (/dev/zero) are refused; a line longer than limit is refused.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISFIFO(mode) and _kind_of(mode):
        raise LimitExceeded(str(_kind_of(mode)))
    with open(path, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISFIFO(mode) and _kind_of(mode):
            raise LimitExceeded(str(_kind_of(mode)))
        line = handle.readline(limit + 1)
    if len(line.rstrip(b"\r\n")) > limit:
        raise LimitExceeded(f"has a first line longer than {limit} characters")
    return line


def check_data(data: Any) -> None:
    """Refuse parsed data deeper, longer or with larger numbers than MAX_*, or invalid text.

    Walked without recursion, so any depth the parser produced is measured safely.
    """
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            check_text(value)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) >= MAX_NUMBER:
                raise LimitExceeded(f"holds a number with more than {MAX_DIGITS} digits")
        elif isinstance(value, float):
            if not math.isfinite(value) or abs(value) >= MAX_NUMBER:
                raise LimitExceeded(f"holds a number with more than {MAX_DIGITS} digits")
        elif isinstance(value, date):  # a TOML date (a datetime is a date too)
            if not FIRST_YEAR <= value.year <= LAST_YEAR:
                raise LimitExceeded(f"holds a date outside the years {FIRST_YEAR} to {LAST_YEAR}")
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise LimitExceeded(f"is nested more than {MAX_DEPTH} levels deep")
            if len(value) > MAX_ITEMS:
                raise LimitExceeded(f"holds a list of more than {MAX_ITEMS:,} items")
            items = list(value.items()) if isinstance(value, dict) else [(None, v) for v in value]
            for key, item in items:
                if isinstance(key, str):
                    check_text(key)
                pending.append((item, depth + 1))


def check_text(text: str) -> None:
    """Refuse text too long to be an answer, or holding a lone surrogate (not storable)."""
    if len(text) > MAX_TEXT:
        raise LimitExceeded(f"holds a text longer than {MAX_TEXT:,} characters")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise LimitExceeded(
                "holds text that is not valid Unicode (a lone surrogate such as \\ud800)"
            ) from None


def _parsed(parse: Any, text: str) -> Any:
    try:
        data = parse(text)
    except RecursionError:
        raise LimitExceeded(f"is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as error:
        import tomllib  # loaded only to read TOML (the app's first screen reads none)

        if isinstance(error, json.JSONDecodeError | tomllib.TOMLDecodeError):
            raise
        # int() refuses more than 4,300 digits (the parsers let that ValueError through).
        raise LimitExceeded(f"holds a number with more than {MAX_DIGITS} digits") from None
    check_data(data)
    return data


def loads_json(text: str) -> Any:
    """json.loads within the limits; JSONDecodeError as usual, LimitExceeded beyond them."""
    return _parsed(json.loads, text)


def loads_toml(text: str) -> dict[str, Any]:
    """tomllib.loads within the limits; TOMLDecodeError as usual, LimitExceeded beyond them."""
    import tomllib

    data: dict[str, Any] = _parsed(tomllib.loads, text)
    return data
