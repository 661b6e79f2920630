"""Work after Home's first frame, where the leader cannot tell: the other places' code imported
and the whole journal read into its cache, so the first visit to a screen costs what a later
one does.

Measured at ten years (`make bench`): reading every file was most of opening Commitments or the
coach brief (about 0.45 s of 0.5 s), and the first visit to any screen paid for importing its
code and Textual's (the coach brief: Markdown and markdown-it-py, most of its 0.28 s at one
week); the brief, made ahead, is parsed ahead too (companion.widgets.markdown_doc), so the
screen only wraps it and draws the lines in view. A later visit reads only the files that
changed (the cache is checked against each file's size and time), in about 40 ms.
"""

from __future__ import annotations

import gc
import importlib
import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from companion.core.errors import CompanionError
from companion.journal import Journal

T = TypeVar("T")

#: Seconds after Home's first frame before the warm-up starts.
WARM_UP_DELAY = 0.3
#: What the places opened from Home load on first use.
MODULES = (
    "companion.screens.journal",
    "companion.screens.commitments",
    "companion.screens.barriers",
    "companion.screens.brief",
    "companion.screens.entry",
    "companion.screens.reflect",
    "companion.widgets.markdown_view",
    "companion.core.views.brief",
    "companion.core.views.barriers",
    "companion.core.views.search",
)


_derived: weakref.WeakKeyDictionary[Journal, dict[Hashable, tuple[Any, Any]]] = (
    weakref.WeakKeyDictionary()
)
_derived_lock = threading.Lock()
#: Journals being read ahead: set once the read is done (a screen waits rather than read the
#: same files beside it, which under one interpreter lock takes both twice as long).
_reading: weakref.WeakKeyDictionary[Journal, threading.Event] = weakref.WeakKeyDictionary()
#: Views being made, by journal and key: set once made (a second asker waits for the first).
_making: dict[tuple[int, Hashable], threading.Event] = {}


def wait_for_read_ahead(journal: Journal, timeout: float = 10.0) -> None:
    """Return once the journal's read-ahead (if one is under way) has read every file."""
    with _derived_lock:
        reading = _reading.get(journal)
    if reading is not None:
        reading.wait(timeout)


def read_ahead(journal: Journal) -> bool:
    """Whether the journal's read-ahead has read every file: a read now costs a stat per file
    (and reads only a file changed since), quick enough to do before a screen's first frame."""
    with _derived_lock:
        reading = _reading.get(journal)
    return reading is not None and reading.is_set()


def derived(journal: Journal, key: Hashable, make: Callable[[], T]) -> T:
    """A view made from the whole journal (the coach brief, the barrier register), remembered
    until any journal file changes: the journal's change stamp (`state`, a stat per file) is
    taken before it is made, so a change made meanwhile makes it again next time."""
    making = (id(journal), key)
    with _derived_lock:
        underway = _making.get(making)
    if underway is not None:
        underway.wait(10.0)  # made by another thread now: wait for it, then use it if fresh
    stamp = journal.state()
    with _derived_lock:
        found = _derived.setdefault(journal, {}).get(key)
        if found is not None and found[0] == stamp:
            return cast(T, found[1])
        done = _making.setdefault(making, threading.Event())
    try:
        value = make()
        with _derived_lock:
            _derived.setdefault(journal, {})[key] = (stamp, value)
        return value
    finally:
        with _derived_lock:
            _making.pop(making, None)
        done.set()


def warm_up(journal: Journal, *, views: Callable[[], object] | None = None) -> None:
    """Import what the other places need and read every entry and commitment into the journal's
    cache, then make the views given (see derived). Runs in a thread; a damaged file is left
    for the screen that reads it to report."""
    reading = threading.Event()
    with _derived_lock:
        _reading[journal] = reading
    try:
        for module in MODULES:
            importlib.import_module(module)
        journal.entries()
        journal.commitments()
        journal.active_commitments()  # the weekly review's, kept per file (core/steps.py)
    except CompanionError:
        return
    finally:
        reading.set()
    try:
        if views is not None:
            views()
    except CompanionError:
        return
    # What was read lives as long as the app: keep the cyclic collector from walking it again
    # and again (as run_app does for what was loaded before the first frame).
    gc.freeze()
