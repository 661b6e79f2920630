"""Running a script in plain mode: one question at a time, then the review page.

Every decision is the session engine's; this only asks and says, through an Asker.
"""

from __future__ import annotations

from typing import Any, Literal

from companion.core.dates import describe, parse_date, shown_date
from companion.core.errors import AnswerError, JournalError
from companion.core.model import MOMENTS, REVIEW_DECISIONS, Draft, Option, Script
from companion.core.scripts import Library
from companion.core.session import RuntimeStep, Session
from companion.core.text import safe_line, safe_text
from companion.core.views.render import answer_markdown, answer_plain
from companion.journal import Journal
from companion.plain.askers import COMMANDS_HELP, Asker, Command, make_asker

#: What the review page's question gives when the leader chooses to save.
SAVE: Literal["save"] = "save"


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
        numbers = self.show_answers()
        missing = session.missing()
        if missing:
            self.ask.say(f"Still needed: {safe_line(missing[0].prompt)}")
            session.go_to(missing[0].id)
            return None
        choice = self.review_choice(numbers)
        if isinstance(choice, str):  # SAVE
            return self.finish()
        return choice

    def review_choice(self, numbers: dict[int, RuntimeStep]) -> int | Literal["save"] | None:
        """Ask until the leader saves (SAVE), goes to a question (None) or stops (exit code)."""
        session = self.session
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
                    session.go_to(list(numbers.values())[-1].id)
                return None
            choice = reply.strip().lower()
            if choice.isdigit() and int(choice) in numbers:
                session.go_to(numbers[int(choice)].id)
                return None
            if choice in ("save", "s", "yes", "y", "finish"):
                return SAVE
            # Anything else: say what is possible and ask again (never drop back into a question).
            listed = ", ".join(str(n) for n in numbers)
            self.ask.say(f"Type 'save', one of the question numbers ({listed}), or :quit.")

    def finish(self) -> int | None:
        """Save the entry and say what was kept; None to go back if an answer is still wrong."""
        session = self.session
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
            due = f", due {shown_date(commitment.due, '%-d %B %Y')}" if commitment.due else ""
            self.ask.say(f"Commitment {commitment.id}: {safe_line(commitment.text)}{due}.")
        if result.reviewed:
            self.ask.say(f"Reviewed {len(result.reviewed)} commitment(s).")
        return 0

    def show_answers(self) -> dict[int, RuntimeStep]:
        """The review page's list of answers; the numbers it shows, and their questions."""
        session = self.session
        self.ask.say("")
        self.ask.say("Your answers:")
        # Numbered as the questions were ("Question 3 of 9"), so the number typed matches.
        numbers = {
            number: runtime
            for number, runtime in enumerate(session.steps, start=1)
            if runtime.answerable
        }
        for number, runtime in numbers.items():
            answer = session.answers.get(runtime.id)
            shown = safe_line(answer_plain(answer))[:200] if answer else "(not answered)"
            private = " (private)" if answer and answer.private else ""
            self.ask.say(f"{number}. {safe_line(runtime.prompt)}{private}: {shown}")
        return numbers


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
    drafts: list[Draft], script_id: str | None, asker: Asker, resume: bool
) -> Draft | None:
    drafts = [d for d in drafts if script_id is None or d.script_id == script_id]
    if not drafts:
        if resume:
            asker.say("There is no unfinished reflection to continue; starting a new one.")
        return None
    draft = drafts[0]
    if resume:
        return draft
    when = f"{shown_date(draft.updated, '%A %-d %B at %H:%M')}"
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
    drafts: list[Draft] | None = None,
) -> int:
    """`companion reflect [ID] --plain`: run a script line by line.

    drafts: the unfinished reflections already read (plain Home passes those its Home said).
    """
    asker = asker or make_asker()
    try:
        draft = None
        if not fresh:
            unfinished = journal.drafts() if drafts is None else drafts
            draft = _offer_draft(unfinished, script_id, asker, resume)
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
