"""What a typed line means where plain mode offers choices: a number, words, or a clear re-ask.

Pure functions, so every face of plain mode reads a choice the same way: a number in range picks
that choice, words pick the choice they name, and anything else is met with what to type (the
numbers and words offered, never a stored value nobody was shown). An out-of-range number is
never kept, even where a leader may type their own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from companion.core.model import Option
from companion.core.text import safe_line

#: A word, for matching what was typed against a choice's words.
_WORD = re.compile(r"[^\W_]+")
#: Longest piece of a leader's line quoted back in a re-ask.
_QUOTED = 40


@dataclass(frozen=True)
class Reask:
    """The typed line did not pick a choice: say this, and ask again."""

    message: str


def _quoted(text: str) -> str:
    shown = safe_line(text)
    return shown if len(shown) <= _QUOTED else shown[: _QUOTED - 1] + "…"


def _offer(options: list[Option], allow_other: bool) -> str:
    """What to type, in the words the leader was shown."""
    numbers = "1" if len(options) == 1 else f"a number from 1 to {len(options)}"
    if allow_other:
        return f"Type {numbers}, or your own words."
    return f"Type {numbers}, or words from one of the choices."


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _fits(typed: list[str], option: Option) -> bool:
    """Every typed word starts a word of the choice's label or value."""
    words = _words(option.label) + _words(option.value)
    return bool(typed) and all(any(w.startswith(t) for w in words) for t in typed)


def parse_choice(text: str, options: list[Option], allow_other: bool) -> str | Reask:
    """The value picked by one typed line, or what to say before asking again."""
    typed = " ".join(text.split())
    if not typed:
        return Reask(_offer(options, allow_other))
    if typed.isdecimal():
        number = int(typed) if len(typed) <= 6 else 0
        if 1 <= number <= len(options):
            return options[number - 1].value
        return Reask(f"There is no choice {_quoted(typed)}. {_offer(options, allow_other)}")
    folded = typed.casefold()
    for option in options:
        if folded in (option.value.casefold(), option.label.casefold()):
            return option.value
    if allow_other:
        return typed
    fitting = [n for n, option in enumerate(options, start=1) if _fits(_words(typed), option)]
    if len(fitting) == 1:
        return options[fitting[0] - 1].value
    if fitting:
        listed = "; ".join(f"{n}. {safe_line(options[n - 1].label)}" for n in fitting)
        return Reask(f"'{_quoted(typed)}' fits more than one: {listed}. Type its number.")
    return Reask(f"'{_quoted(typed)}' is not one of the choices. {_offer(options, allow_other)}")


def parse_many(text: str, options: list[Option], allow_other: bool) -> list[str] | Reask:
    """The values picked by a line of numbers or words separated by commas (any order)."""
    picked: list[str] = []
    for part in re.split(r"[,;]", text):
        pieces = part.split() if all(p.isdecimal() for p in part.split()) else [part]
        for piece in pieces:
            if not piece.strip():
                continue
            value = parse_choice(piece, options, allow_other)
            if isinstance(value, Reask):
                return Reask(f"{value.message} Separate several with commas.")
            picked.append(value)
    return list(dict.fromkeys(picked))


YES = frozenset({"y", "yes", "yeah", "yep", "ok", "okay", "sure", "continue", "please"})
NO = frozenset({"n", "no", "nope", "not now", "no thanks", "new", "start afresh"})


def parse_yes_no(text: str, default: bool) -> bool | Reask:
    """Yes or no in the words people use; Enter alone gives the default."""
    typed = " ".join(text.casefold().replace(".", " ").replace("!", " ").split())
    if not typed:
        return default
    first = typed.split()[0]
    if typed in YES or first in YES:
        return True
    if typed in NO or first in NO:
        return False
    return Reask(f"'{_quoted(text.strip())}' is neither yes nor no. Type yes or no.")


# ------------------------------------------------------------------ the arrow-key menus

#: What every arrow-key menu offers after its own choices (the line mode's :back, :skip, :quit).
MENU_EXTRAS: tuple[tuple[str, str], ...] = (
    ("‹ Back", ":back"),
    ("Skip", ":skip"),
    ("Show guidance", ":hint"),
    ("Quit and keep a draft", ":quit"),
)
#: The value of "Something else (type it)" in a menu that takes the leader's own words.
OTHER = ":other"


def select_choices(options: list[Option], allow_other: bool) -> list[tuple[str, str]]:
    """A one-choice menu's (title, value) lines: the choices, then back, skip and quit."""
    lines = [(safe_line(o.label), o.value) for o in options]
    if allow_other:
        lines.append(("Something else (type it)", OTHER))
    return lines + list(MENU_EXTRAS)


def checkbox_choices(options: list[Option], current: list[str]) -> list[tuple[str, str, bool]]:
    """A tick-box menu's (title, value, ticked) lines: the choices, then back, skip and quit."""
    lines = [(safe_line(o.label), o.value, o.value in current) for o in options]
    return lines + [(title, value, False) for title, value in MENU_EXTRAS]


def ticked_command(values: list[str]) -> str | None:
    """The command a tick-box answer holds, if one of back, skip or quit was ticked."""
    for _, command in reversed(MENU_EXTRAS):  # quit wins over skip, skip over back
        if command in values:
            return command
    return None


#: The draft question's menu: yes, no, and stopping here (back and skip have no meaning before
#: the first question; "No" is the skip, starting afresh).
CONFIRM_CHOICES: tuple[tuple[str, str], ...] = (
    ("Yes", "yes"),
    ("No", "no"),
    ("Quit", ":quit"),
)
