"""Plain line mode: one question at a time, line by line, over the same session engine.

With a capable terminal it uses questionary's prompts. Under NO_COLOR, TERM=dumb, or when
input or output is not a terminal, it uses bare lines with no escape sequences at all, which
screen readers and braille displays read in order.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from companion.core.dates import describe, parse_date
from companion.core.errors import AnswerError, JournalError
from companion.core.model import LAST_REVIEW_KEY, MOMENTS, REVIEW_DECISIONS, Draft, Option, Script
from companion.core.scripts import Library
from companion.core.session import RuntimeStep, Session, word_progress
from companion.core.text import safe_line, safe_text, write_out
from companion.core.views.render import answer_markdown, answer_plain
from companion.core.views.reports import on_this_day, review_reminder
from companion.journal import Journal

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


# ---------------------------------------------------------------------- running a script


class Runner:
    """Walks a session with an asker; every decision is the engine's."""

    def __init__(self, session: Session, asker: Asker) -> None:
        self.session = session
        self.ask = asker

    def run(self) -> int:
        session = self.session
        script = session.script
        self.ask.say(f"{script.title}")
        self.ask.say(safe_text(script.intro))
        self.ask.say("Type :help at any question to see how to go back, skip or stop.")
        while True:
            try:
                outcome = self.step()
            except KeyboardInterrupt:
                return self.stopped()
            if outcome == "quit":
                return self.stopped()
            if outcome == "review":
                try:
                    result = self.review()
                except KeyboardInterrupt:
                    return self.stopped()
                if result is not None:
                    return result

    def stopped(self) -> int:
        session = self.session
        self.ask.say("")
        if session.draft_saved:
            self.ask.say(
                f"Stopped. Your answers are kept as a draft. Continue with: "
                f"companion reflect {session.script.id} --resume"
            )
        elif session.answers:
            self.ask.say("Stopped. Your answers could not be saved as a draft; here they are:")
            self.ask.say(self.answers_text())
        else:
            self.ask.say("Stopped. Nothing was answered, so nothing was kept.")
        return 130

    def answers_text(self) -> str:
        lines = []
        for answer in self.session.answers.values():
            lines.append(f"{answer.prompt}\n{answer_markdown(answer)}\n")
        return safe_text("\n".join(lines))

    def heading(self, runtime: RuntimeStep) -> str:
        notes = []
        if not runtime.required and runtime.answerable:
            notes.append("optional")
        if runtime.answerable and self.session.is_private(runtime.id):
            notes.append("private")
        extra = f" ({', '.join(notes)})" if notes else ""
        return f"Question {self.session.progress}{extra}: {safe_line(runtime.prompt)}"

    def step(self) -> str:
        """Ask the current step once; return 'next', 'quit' or 'review'."""
        session = self.session
        runtime = session.current
        self.ask.say("")
        if not runtime.answerable:
            self.ask.say(safe_line(runtime.prompt))
            if runtime.body:
                self.ask.say(safe_text(runtime.body))
            reply = self.ask.line("Press Enter to go on.")
            if isinstance(reply, Command):
                return self.command(reply)
            return self.advance()
        self.ask.say(self.heading(runtime))
        if runtime.body:
            self.ask.say(safe_text(runtime.body))
        if runtime.step.hint:
            self.ask.say("(Type :hint for guidance.)")
        reply = self.get(runtime)
        if isinstance(reply, Command):
            return self.command(reply)
        try:
            session.answer(reply)
        except AnswerError as error:
            self.ask.say(str(error))
            return "next"
        except JournalError as error:
            self.ask.say(f"{error} Your answer is kept for now; Companion will try again.")
        return self.advance()

    def advance(self) -> str:
        try:
            moved = self.session.next()
        except AnswerError as error:
            self.ask.say(str(error))
            return "next"
        except JournalError as error:
            self.ask.say(str(error))
            moved = True
        return "next" if moved else "review"

    def command(self, command: Command) -> str:
        session = self.session
        runtime = session.current
        if command.name == "help":
            self.ask.say(COMMANDS_HELP)
        elif command.name == "hint":
            self.ask.say(safe_text(runtime.step.hint or "There is no guidance for this question."))
        elif command.name == "example":
            self.ask.say(
                safe_text(runtime.step.example or "There is no worked example for this question.")
            )
        elif command.name == "private":
            now_private = not session.is_private()
            if session.value() is None:
                self.ask.say("Answer first, then type :private to mark the answer private.")
            else:
                session.set_private(now_private)
                self.ask.say("Marked private." if now_private else "No longer private.")
        elif command.name == "back":
            if not session.back():
                self.ask.say("This is the first question.")
        elif command.name == "skip":
            try:
                moved = session.skip()
            except AnswerError as error:
                self.ask.say(str(error))
                return "next"
            return "next" if moved else "review"
        elif command.name == "quit":
            return "quit"
        return "next"

    def get(self, runtime: RuntimeStep) -> Any:
        session = self.session
        step = runtime.step
        current = session.value()
        kind = step.kind
        if kind == "text":
            return self.ask.line(">", current if isinstance(current, str) else None)
        if kind == "long":
            return self.ask.long(
                ">", current if isinstance(current, str) else None, step.target_words
            )
        if kind == "choice":
            return self.ask.choose(
                runtime.prompt,
                list(step.options),
                current if isinstance(current, str) else None,
                step.allow_other,
            )
        if kind == "multi":
            return self.ask.choose_many(
                runtime.prompt,
                list(step.options),
                current if isinstance(current, list) else [],
                step.allow_other,
            )
        if kind == "list":
            return self.list_items(current if isinstance(current, list) else [])
        if kind == "scale":
            labels = ""
            if step.min_label or step.max_label:
                low = step.min_label or "lowest"
                high = step.max_label or "highest"
                labels = f" ({step.min} is {low}, {step.max} is {high})"
            shown = str(current) if current is not None else None
            return self.ask.line(f"Type a number from {step.min} to {step.max}{labels}:", shown)
        if kind == "date":
            return self.date_answer("Which date?", current if isinstance(current, str) else None)
        if kind == "commitment":
            return self.commitment(current if isinstance(current, dict) else {})
        if kind == "commitment-review":
            return self.review_commitment(current if isinstance(current, dict) else {})
        return None

    def list_items(self, current: list[str]) -> list[str] | Command:
        if current:
            self.ask.say("Current items: " + "; ".join(safe_line(i) for i in current))
            self.ask.say("Press Enter on an empty first line to keep them.")
        self.ask.say("One item per line. Press Enter on an empty line when you have finished.")
        items: list[str] = []
        while True:
            reply = self.ask.line("-")
            if isinstance(reply, Command):
                if items:
                    continue
                return reply
            if not reply.strip():
                break
            items.append(reply.strip())
        return items or current

    def date_answer(self, prompt: str, current: str | None) -> str | Command:
        today = self.session.journal.today()
        while True:
            reply = self.ask.line(
                f"{prompt} (for example 2026-12-04, next friday, in 2 weeks)", current
            )
            if isinstance(reply, Command) or not reply.strip():
                return reply
            try:
                day = parse_date(reply, today)
            except Exception as error:
                self.ask.say(str(error))
                continue
            self.ask.say(f"Understood: {describe(day, today)}.")
            return day.isoformat()

    def commitment(self, current: dict[str, Any]) -> dict[str, Any] | Command:
        text = self.ask.line("What will you do?", current.get("text"))
        if isinstance(text, Command):
            return text
        if not text.strip():
            return {"text": ""}
        due = self.date_answer(
            "By when? (optional: press Enter to leave it open)", current.get("due")
        )
        if isinstance(due, Command):
            return due
        first = self.ask.line("First step? (optional)", current.get("first_step"))
        if isinstance(first, Command):
            return first
        return {"text": text, "due": due or None, "first_step": first or None}

    def review_commitment(self, current: dict[str, Any]) -> dict[str, Any] | Command:
        options = [Option(value, label) for value, label in REVIEW_DECISIONS.items()]
        decision = self.ask.choose("What now?", options, current.get("decision"), False)
        if isinstance(decision, Command):
            return decision
        answer: dict[str, Any] = {"decision": decision}
        if decision == "renegotiate":
            due = self.date_answer("New date? (optional)", current.get("due"))
            if isinstance(due, Command):
                return due
            step = self.ask.line("A smaller step? (optional)", current.get("step"))
            if isinstance(step, Command):
                return step
            answer.update(due=due or None, step=step or None)
        note = self.ask.line("What helped, or what got in the way? (optional)", current.get("note"))
        if isinstance(note, Command):
            return note
        answer["note"] = note or None
        return answer

    def review(self) -> int | None:
        """Show every answer; finish, change one, or stop."""
        session = self.session
        self.ask.say("")
        self.ask.say("Your answers:")
        # Numbered as the questions were ("Question 3 of 9"), so the number typed matches.
        numbers = {
            number: runtime
            for number, runtime in enumerate(session.steps, start=1)
            if runtime.answerable
        }
        numbered = list(numbers.values())
        for number, runtime in numbers.items():
            answer = session.answers.get(runtime.id)
            shown = safe_line(answer_plain(answer))[:200] if answer else "(not answered)"
            private = " (private)" if answer and answer.private else ""
            self.ask.say(f"{number}. {safe_line(runtime.prompt)}{private}: {shown}")
        missing = session.missing()
        if missing:
            self.ask.say(f"Still needed: {safe_line(missing[0].prompt)}")
            session.go_to(missing[0].id)
            return None
        while True:
            reply = self.ask.line(
                "Type 'save' to finish, a number to change that answer, or :quit to stop:"
            )
            if isinstance(reply, Command):
                if reply.name == "quit":
                    return self.stopped()
                if reply.name == "help":
                    self.ask.say(COMMANDS_HELP)
                    continue
                if reply.name == "back":
                    session.go_to(numbered[-1].id)
                return None
            choice = reply.strip().lower()
            if choice.isdigit() and int(choice) in numbers:
                session.go_to(numbers[int(choice)].id)
                return None
            if choice in ("save", "s", "yes", "y", "finish"):
                break
            # Anything else: say what is possible and ask again (never drop back into a question).
            listed = ", ".join(str(n) for n in numbers)
            self.ask.say(f"Type 'save', one of the question numbers ({listed}), or :quit.")
        try:
            result = session.finish()
        except AnswerError as error:
            self.ask.say(str(error))
            return None
        except JournalError as error:
            self.ask.say(str(error))
            self.ask.say("Nothing is lost. Here are your answers, so you can keep them:")
            self.ask.say(self.answers_text())
            return error.exit_code
        self.ask.say("")
        self.ask.say(f"Saved. Entry {result.entry.id}.")
        for commitment in result.commitments:
            due = f", due {commitment.due:%-d %B %Y}" if commitment.due else ""
            self.ask.say(f"Commitment {commitment.id}: {safe_line(commitment.text)}{due}.")
        if result.reviewed:
            self.ask.say(f"Reviewed {len(result.reviewed)} commitment(s).")
        return 0


def _pick_script(library: Library, asker: Asker) -> Script | None:
    scripts = library.ordered()
    options = [Option(s.id, f"{s.title} ({MOMENTS.get(s.moment, s.moment)})") for s in scripts]
    asker.say("Which reflection would you like to do?")
    while True:
        choice = asker.choose("Which reflection?", options, None, True)
        if isinstance(choice, Command):
            if choice.name == "quit":
                return None
            continue
        if choice in library.scripts:
            return library.scripts[choice]
        asker.say(f"There is no script '{safe_line(choice)}'. Type one of the numbers.")


def _offer_draft(
    journal: Journal, script_id: str | None, asker: Asker, resume: bool
) -> Draft | None:
    drafts = [d for d in journal.drafts() if script_id is None or d.script_id == script_id]
    if not drafts:
        if resume:
            asker.say("There is no unfinished reflection to continue; starting a new one.")
        return None
    draft = drafts[0]
    if resume:
        return draft
    when = f"{draft.updated:%A %-d %B at %H:%M}"
    if asker.confirm(
        f"You have an unfinished {draft.script_title} from {when} "
        f"({len(draft.answers)} answers). Continue it?"
    ):
        return draft
    return None


def run_reflect(
    journal: Journal,
    library: Library,
    script_id: str | None,
    *,
    resume: bool = False,
    fresh: bool = False,
    asker: Asker | None = None,
) -> int:
    """`companion reflect [ID] --plain`: run a script line by line."""
    asker = asker or make_asker()
    try:
        draft = None if fresh else _offer_draft(journal, script_id, asker, resume)
        if draft is not None:
            script = library.get(draft.script_id)
        elif script_id is not None:
            script = library.get(script_id)
        else:
            picked = _pick_script(library, asker)
            if picked is None:
                return 0
            script = picked
    except KeyboardInterrupt:
        asker.say("\nStopped before starting; nothing was kept.")
        return 130
    session = Session(script, journal, draft=draft)
    return Runner(session, asker).run()


def run_home(journal: Journal, library: Library, asker: Asker | None = None) -> int:
    """`companion` without a terminal for the app: say where things stand, then offer a script."""
    asker = asker or make_asker()
    entries = journal.entries()
    active = [c for c in journal.commitments() if c.status.is_active]
    today = journal.today()
    overdue = [c for c in active if c.is_overdue(today)]
    if not entries and not active:
        asker.say("Welcome to Companion. Your journal is empty.")
        asker.say(
            "Choose a reflection below; after a workshop, "
            "the workshop close-out takes five minutes."
        )
    else:
        asker.say(
            f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}. "
            f"{len(active)} open commitments, {len(overdue)} overdue."
        )
        reminder = review_reminder(journal.meta.get(LAST_REVIEW_KEY), active, journal.now())
        asker.say(reminder.message)
        if reminder.due:
            asker.say("Choose 'Review my commitments' below to do it now.")
        for memory in on_this_day(entries, today, limit=3):
            asker.say(
                f"On this day, {memory.label}: {memory.entry.script_title}: "
                f"{safe_line(memory.entry.title)}"
            )
    return run_reflect(journal, library, None, asker=asker)
