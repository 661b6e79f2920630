"""Text measured in a space narrower than one cell: one cell, never a crash.

Textual's OptionList (and the lists built on it: SelectionList, a Select's drop-down, the command
palette) measures each option at its width less the option's padding. In a narrow terminal, or
a narrow column of a wide one, that is zero cells, and wrapping a line into zero-cell pieces
stops the app with "range() arg 3 must not be zero" (seen on Home at 46 columns). Every visual
Textual wraps goes through Content._wrap_and_format, so the guard sits there, once, for all of
them; a layout that gives a list no room shows it one cell wide (and the layout is the bug).
"""

from __future__ import annotations

import functools
from typing import Any

from textual.content import Content

_GUARDED = "_companion_zero_width_guard"


def guard_zero_width() -> None:
    """Make Content wrap to at least one cell (idempotent)."""
    original = Content._wrap_and_format
    if getattr(original, _GUARDED, False):
        return

    @functools.wraps(original)
    def wrap_and_format(self: Content, width: int, *args: Any, **kwargs: Any) -> Any:
        line_pad = kwargs.get("line_pad", 0)
        return original(self, max(width, 1 + 2 * line_pad), *args, **kwargs)

    setattr(wrap_and_format, _GUARDED, True)
    Content._wrap_and_format = wrap_and_format  # type: ignore[method-assign]
