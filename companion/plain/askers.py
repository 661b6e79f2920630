"""How plain mode asks: bare lines (input and print only), or questionary's prompts.

Under NO_COLOR, TERM=dumb, or when input or output is not a terminal, only bare lines are
written, with no escape sequences at all, which screen readers and braille displays read in order.
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

COMMANDS_HELP = """\
While answering, you can type one of these on a line of its own:
  :back     go back to the previous question
  :skip     leave an optional question out
  :hint     show guidance for this question
  :example  show a worked example
  :private  mark this answer private (kept out of exports), or not
  :quit     stop now; your answers are kept as a draft"""

END_OF_LONG = "."


@dataclass(frozen=True)
class Command:
    """Something typed instead of an answer."""

    name: str


COMMAND_NAMES = ("back", "skip", "hint", "example", "private", "quit", "help")


def as_command(text: str) -> Command | None:
    word = text.strip().lower()
    if word.startswith(":") and word[1:] in COMMAND_NAMES:
        return Command(word[1:])
    return None


def no_escapes() -> bool:
    """Whether we must print nothing but plain lines."""
    if os.environ.get("NO_COLOR") is not None or os.environ.get("TERM") == "dumb":
        return True
    return not (sys.stdin.isatty() and sys.stdout.isatty())


class Asker(Protocol):
    def say(self, text: str = "") -> None: ...

    def line(self, prompt: str, current: str | None = None) -> str | Command: ...

    def long(self, prompt: str, current: str | None, target: int | None) -> str | Command: ...

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
    """input() and write_out() only: no colour, no cursor movement, nothing but text.

    Everything said or asked goes through safe_text here (questions, hints, options, echoes,
    the review page): stored text never takes the terminal.
    """

    def __init__(
        self, read: Callable[[str], str] = input, write: Callable[[str], None] = write_out
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

    def long(self, prompt: str, current: str | None, target: int | None) -> str | Command:
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
            text = self._input("> " if not lines else "  ")
            if not lines:
                command = as_command(text)
                if command:
                    return command
                if not text.strip() and current:
                    return current
                if not text.strip():
                    return ""
            if text.strip() == END_OF_LONG:
                break
            lines.append(text)
        answer = "\n".join(lines).strip()
        if target:
            self.say(f"({word_progress(answer, target)})")
        return answer

    def choose(
        self, prompt: str, options: list[Option], current: str | None, allow_other: bool
    ) -> str | Command:
        for number, option in enumerate(options, start=1):
            chosen = " (current answer)" if option.value == current else ""
            self.say(f"  {number}. {safe_line(option.label)}{chosen}")
        other = " or type your own words" if allow_other else ""
        text = self._input(f"Type a number{other}: ")
        command = as_command(text)
        if command:
            return command
        if not text.strip() and current:
            return current
        if text.strip().isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1].value
        return text.strip()

    def choose_many(
        self, prompt: str, options: list[Option], current: list[str], allow_other: bool
    ) -> list[str] | Command:
        for number, option in enumerate(options, start=1):
            chosen = " (chosen)" if option.value in current else ""
            self.say(f"  {number}. {safe_line(option.label)}{chosen}")
        other = ", or your own words," if allow_other else ""
        text = self._input(f"Type the numbers{other} separated by commas: ")
        command = as_command(text)
        if command:
            return command
        if not text.strip():
            return current
        picked: list[str] = []
        for part in text.split(","):
            part = part.strip()
            if part.isdigit() and 1 <= int(part) <= len(options):
                picked.append(options[int(part) - 1].value)
            elif part:
                picked.append(part)
        return picked

    def confirm(self, prompt: str, default: bool = True) -> bool:
        choices = "Y/n" if default else "y/N"
        text = self._input(f"{prompt} [{choices}] ").strip().lower()
        if not text:
            return default
        return text in ("y", "yes")


class QuestionaryAsker(LineAsker):
    """The same questions with questionary's arrow-key menus and editable defaults."""

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

    def long(self, prompt: str, current: str | None, target: int | None) -> str | Command:
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

        choices = [questionary.Choice(safe_line(o.label), value=o.value) for o in options]
        if allow_other:
            choices.append(questionary.Choice("Something else (type it)", value=":other"))
        choices += [
            questionary.Choice(f"({c})", value=f":{c}") for c in ("back", "skip", "hint", "quit")
        ]
        default = current if current in {o.value for o in options} else None
        value = self._ask(
            questionary.select(safe_line(prompt), choices=choices, default=default, qmark="")
        )
        if value == ":other":
            return self.line("In your own words:")
        return as_command(value) or str(value)

    def choose_many(
        self, prompt: str, options: list[Option], current: list[str], allow_other: bool
    ) -> list[str] | Command:
        import questionary

        choices = [
            questionary.Choice(safe_line(o.label), value=o.value, checked=o.value in current)
            for o in options
        ]
        self.say("Space ticks an item, Enter confirms. Tick nothing and press Enter to skip.")
        picked = list(self._ask(questionary.checkbox(safe_line(prompt), choices=choices, qmark="")))
        if allow_other:
            extra = self.line("Anything else? (optional, separate with commas)")
            if isinstance(extra, Command):
                return extra
            picked += [p.strip() for p in extra.split(",") if p.strip()]
        return picked

    def confirm(self, prompt: str, default: bool = True) -> bool:
        import questionary

        return bool(self._ask(questionary.confirm(safe_line(prompt), default=default, qmark="")))


def make_asker() -> Asker:
    return LineAsker() if no_escapes() else QuestionaryAsker()
