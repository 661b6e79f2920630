"""How plain mode asks: bare lines by default, or questionary's arrow-key menus when chosen.

Bare lines are what a screen reader or braille display reads in order, on every terminal: each
prompt is written to standard output and a whole line is read back; no cursor movement, no
erasing, no redrawing, no colour, no symbols. Choices are numbered and taken as numbers or words.
The arrow-key menus (`--menus`, or the `menus` setting) redraw the screen; they are only for
those who choose them, and offer back, skip and quit in every prompt too.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from companion.core.model import Option
from companion.core.session import word_progress
from companion.core.text import safe_line, safe_text, write_out
from companion.plain.choices import (
    CONFIRM_CHOICES,
    OTHER,
    Reask,
    checkbox_choices,
    parse_choice,
    parse_many,
    parse_yes_no,
    select_choices,
    ticked_command,
)

COMMANDS_HELP = """\
While answering, you can type one of these on a line of its own (in a list or a long
answer too):
  :back     go back to the previous question
  :skip     leave an optional question out
  :hint     show guidance for this question
  :example  show a worked example
  :private  mark this answer private (kept out of exports), or not; before you answer,
            it marks the answer you are about to give
  :quit     stop now; your answers, and the lines you were typing, are kept as a draft"""

END_OF_LONG = "."


@dataclass(frozen=True)
class Command:
    """Something typed instead of an answer; partial: what was typed of the answer before it."""

    name: str
    partial: Any = None


COMMAND_NAMES = ("back", "skip", "hint", "example", "private", "quit", "help")
#: Commands said and then carried on from, inside a list or a long answer.
IN_PLACE = ("hint", "example", "help", "private")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or Ctrl-D part-way through an answer: partial is what was typed of it."""

    def __init__(self, partial: Any) -> None:
        super().__init__()
        self.partial = partial


def as_command(text: str) -> Command | None:
    word = text.strip().lower()
    if word.startswith(":") and word[1:] in COMMAND_NAMES:
        return Command(word[1:])
    return None


def menus_possible() -> bool:
    """Whether this terminal can host arrow-key menus (a terminal both ways, not TERM=dumb)."""
    if os.environ.get("TERM") in (None, "", "dumb"):
        return False
    return sys.stdin.isatty() and sys.stdout.isatty()


def read_line(prompt: str) -> str:
    """Write the prompt to standard output and read one whole line: no line editor, no redraw.

    (input() may write its prompt to standard error, and a line editor loaded by anything else
    would redraw the line; a screen reader needs neither.) EOFError when the input ends.
    """
    write_out(prompt, end="")
    sys.stdout.flush()
    if getattr(sys.stdin, "errors", None) == "strict" and hasattr(sys.stdin, "reconfigure"):
        # A byte that is not UTF-8 is shown and asked again (see LineAsker), never a crash.
        sys.stdin.reconfigure(errors="surrogateescape")
    text = sys.stdin.readline()
    if not text:
        raise EOFError
    return text.rstrip("\r\n")


class Asker(Protocol):
    def say(self, text: str = "") -> None: ...

    def line(self, prompt: str, current: str | None = None) -> str | Command: ...

    def long(
        self,
        prompt: str,
        current: str | None,
        target: int | None,
        in_place: Callable[[Command], None] | None = None,
    ) -> str | Command: ...

    def choose(
        self, prompt: str, options: list[Option], current: str | None, allow_other: bool
    ) -> str | Command: ...

    def choose_many(
        self, prompt: str, options: list[Option], current: list[str], allow_other: bool
    ) -> list[str] | Command: ...

    def confirm(self, prompt: str, default: bool = True) -> bool: ...


#: What input() gives for bytes that were not UTF-8 (surrogateescape), or a lone surrogate.
_UNREADABLE = re.compile("[\ud800-\udfff]")


class LineAsker:
    """Whole lines in and out, nothing else: no colour, no cursor movement, no symbols.

    Everything said or asked goes through safe_text here (questions, hints, options, echoes,
    the review page): stored text never takes the terminal.
    """

    def __init__(
        self, read: Callable[[str], str] = read_line, write: Callable[[str], None] = write_out
    ) -> None:
        self._read = read
        self._write = write

    def say(self, text: str = "") -> None:
        self._write(safe_text(text))

    def _input(self, prompt: str) -> str:
        while True:
            try:
                text = self._read(safe_text(prompt))
            except EOFError:
                raise KeyboardInterrupt from None
            if not _UNREADABLE.search(text):
                return text
            # A byte that is not UTF-8 (a terminal set to another encoding) cannot be stored:
            # show the line as read, and ask for it again rather than end the session.
            self.say(f"Companion could not read part of that line: {safe_line(text)}")
            self.say(
                "Type it again (if it keeps happening, set your terminal to UTF-8); "
                "your other answers are kept."
            )

    def line(self, prompt: str, current: str | None = None) -> str | Command:
        if current:
            self.say(f"Current answer: {safe_line(current)} (press Enter to keep it)")
        text = self._input(f"{prompt} ")
        command = as_command(text)
        if command:
            return command
        if not text.strip() and current:
            return current
        return text

    def long(
        self,
        prompt: str,
        current: str | None,
        target: int | None,
        in_place: Callable[[Command], None] | None = None,
    ) -> str | Command:
        if current:
            self.say("Current answer:")
            self.say(safe_text(current))
            self.say("Press Enter on an empty first line to keep it, or type a new answer.")
        self.say(
            "Type as many lines as you like. "
            f"End with a line holding just a full stop ({END_OF_LONG})."
        )
        lines: list[str] = []
        while True:
            try:
                text = self._input("> " if not lines else "  ")
            except KeyboardInterrupt:
                raise Interrupted("\n".join(lines).strip() or None) from None
            command = as_command(text)
            if command and command.name in IN_PLACE and in_place is not None:
                in_place(command)  # said, and the answer goes on where it was
                continue
            if command:
                return Command(command.name, "\n".join(lines).strip() or None)
            if not lines and not text.strip():
                return current or ""
            if text.strip() == END_OF_LONG:
                break
            lines.append(text)
        answer = "\n".join(lines).strip()
        if target:
            self.say(f"({word_progress(answer, target)})")
        return answer

    def _numbered(self, options: list[Option], current: list[str], note: str) -> None:
        for number, option in enumerate(options, start=1):
            chosen = f" ({note})" if option.value in current else ""
            self.say(f"  {number}. {safe_line(option.label)}{chosen}")

    def choose(
        self, prompt: str, options: list[Option], current: str | None, allow_other: bool
    ) -> str | Command:
        self._numbered(options, [current] if current else [], "current answer")
        other = ", or your own words" if allow_other else ", or words from a choice"
        while True:
            text = self._input(f"Type a number{other}: ")
            command = as_command(text)
            if command:
                return command
            if not text.strip():
                return current or ""
            value = parse_choice(text, options, allow_other)
            if not isinstance(value, Reask):
                return value
            self.say(value.message)

    def choose_many(
        self, prompt: str, options: list[Option], current: list[str], allow_other: bool
    ) -> list[str] | Command:
        self._numbered(options, current, "chosen")
        other = ", or your own words," if allow_other else ""
        while True:
            text = self._input(f"Type the numbers{other} separated by commas: ")
            command = as_command(text)
            if command:
                return command
            if not text.strip():
                return current
            picked = parse_many(text, options, allow_other)
            if not isinstance(picked, Reask):
                return picked
            self.say(picked.message)

    def confirm(self, prompt: str, default: bool = True) -> bool:
        choices = "Y/n" if default else "y/N"
        while True:
            text = self._input(f"{prompt} [{choices}] ")
            if as_command(text) == Command("quit"):
                raise KeyboardInterrupt
            answer = parse_yes_no(text, default)
            if not isinstance(answer, Reask):
                return answer
            self.say(answer.message)


class QuestionaryAsker(LineAsker):
    """The same questions with questionary's arrow-key menus, for those who choose them.

    Every menu offers back, skip, guidance and quit as choices of its own, and text prompts
    take :back, :skip, :hint and :quit as the line mode does.
    """

    def _ask(self, question: Any) -> Any:
        answer = question.unsafe_ask()
        if isinstance(answer, str) and _UNREADABLE.search(answer):
            # Asked again, the same unreadable text would come back: keep it, readable.
            answer = _UNREADABLE.sub(lambda m: safe_text(m.group(0)), answer)
            self.say(
                f"Companion could not read part of that answer and kept it as: {safe_line(answer)}"
            )
            self.say(
                "You can correct it on the review page (if it keeps happening, set your "
                "terminal to UTF-8)."
            )
        return answer

    def line(self, prompt: str, current: str | None = None) -> str | Command:
        import questionary

        text = self._ask(questionary.text(safe_line(prompt), default=current or "", qmark=""))
        return as_command(text) or text

    def long(
        self,
        prompt: str,
        current: str | None,
        target: int | None,
        in_place: Callable[[Command], None] | None = None,
    ) -> str | Command:
        import questionary

        self.say(
            "Type your answer. Press Esc then Enter to finish it (Enter alone starts a new line)."
        )
        text = self._ask(
            questionary.text(safe_line(prompt), default=current or "", multiline=True, qmark="")
        )
        command = as_command(text)
        if command:
            return command
        if target:
            self.say(f"({word_progress(text, target)})")
        return str(text)

    def choose(
        self, prompt: str, options: list[Option], current: str | None, allow_other: bool
    ) -> str | Command:
        import questionary

        choices = [
            questionary.Choice(title, value=value)
            for title, value in select_choices(options, allow_other)
        ]
        default = current if current in {o.value for o in options} else None
        value = self._ask(
            questionary.select(safe_line(prompt), choices=choices, default=default, qmark="")
        )
        if value == OTHER:
            return self.line("In your own words:")
        return as_command(value) or str(value)

    def choose_many(
        self, prompt: str, options: list[Option], current: list[str], allow_other: bool
    ) -> list[str] | Command:
        import questionary

        choices = [
            questionary.Choice(title, value=value, checked=ticked)
            for title, value, ticked in checkbox_choices(options, current)
        ]
        self.say("Space ticks an item, Enter confirms. Tick nothing and press Enter to skip.")
        picked = list(self._ask(questionary.checkbox(safe_line(prompt), choices=choices, qmark="")))
        command = ticked_command(picked)
        if command:
            return as_command(command) or Command("quit")
        if allow_other:
            extra = self.line("Anything else? (optional, separate with commas)")
            if isinstance(extra, Command):
                return extra
            picked += [p.strip() for p in extra.split(",") if p.strip()]
        return picked

    def confirm(self, prompt: str, default: bool = True) -> bool:
        import questionary

        choices = [questionary.Choice(title, value=value) for title, value in CONFIRM_CHOICES]
        value = self._ask(
            questionary.select(
                safe_line(prompt), choices=choices, default="yes" if default else "no", qmark=""
            )
        )
        if value == ":quit":
            raise KeyboardInterrupt
        return bool(value == "yes")


def wants_menus(flag: bool) -> bool:
    """Arrow-key menus: asked for with --menus, or the menus setting (unless accessible mode)."""
    if flag:
        return True
    from companion.core.settings import load_settings

    settings = load_settings().settings
    return settings.menus and not settings.accessible


def make_asker(menus: bool = False) -> Asker:
    """Bare lines, unless arrow-key menus were chosen and this terminal can show them."""
    if menus and menus_possible():
        return QuestionaryAsker()
    if menus:
        write_out("Arrow-key menus need a full terminal; Companion will ask line by line.")
    return LineAsker()
