"""Progress of long work, told to whoever shows it (a bar, a line now and then, nothing).

Long work (an export, encrypting, an import) calls `progress(done, total, label)` as it goes:
`done` of `total` steps, `label` saying what the work is ("Exporting entries"). A face decides
what to show and when (only work that lasts past a second or so shows anything). To stop the
work, the callback raises: KeyboardInterrupt (Ctrl+C) or `Stopped`; the work writes nothing
until it has finished, so a stop leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sized
from typing import TypeVar

from companion.core.errors import CompanionError

T = TypeVar("T")

#: done, total, label: called as long work goes; may raise to stop it.
Progress = Callable[[int, int, str], None]


class Stopped(CompanionError):
    """Long work stopped at the leader's request; nothing was written."""

    exit_code = 130


def quiet(done: int, total: int, label: str) -> None:
    """Progress nobody watches."""


def counted(
    items: Iterable[T], progress: Progress | None, label: str, *, total: int | None = None
) -> Iterator[T]:
    """The items, telling progress before each one and once all are done."""
    if progress is None:
        yield from items
        return
    if total is None:
        total = len(items) if isinstance(items, Sized) else 0
    done = 0
    for item in items:
        progress(done, total, label)
        yield item
        done += 1
    progress(done, max(total, done), label)
