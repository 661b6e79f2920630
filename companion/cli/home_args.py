"""`companion` opening the app, read without argparse: the common plain forms only.

argparse (with gettext, which it loads) is about 0.3 MB of a start-up that Home's first frame
pays for; the app's usual command lines (`companion`, `companion --journal PATH`) need none of
it. Anything else (a verb, help, an abbreviation, a mistake) returns None and goes to the parser,
which reads it as it always has. tests/cli/test_home_arguments.py checks both read the same.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import argparse

_FLAGS = {"--plain": "plain", "--menus": "menus"}
_VALUES = {"--journal": "journal", "--passphrase-file": "passphrase_file"}


def simple_home_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The arguments as the full parser gives them, for options it would read the same way;
    None for anything else."""
    found: dict[str, object] = {"plain": False, "menus": False}
    words = iter(argv)
    for word in words:
        name, equals, value = word.partition("=")
        if not equals and word in _FLAGS:
            found[_FLAGS[word]] = True
            continue
        if name not in _VALUES:
            return None
        if not equals:
            value = next(words, "")
        if not value or value.startswith("-"):
            return None  # argparse has its own rules for these: let it read them
        found[_VALUES[name]] = value
    found["verb"] = None
    return cast("argparse.Namespace", SimpleNamespace(**found))
