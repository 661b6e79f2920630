"""Running a script in plain mode: one question at a time, then the review page.

Every decision is the session engine's; this only asks and says, through an Asker.
"""

from __future__ import annotations

from typing import Any, Literal

from companion.core.dates import shown_date
from companion.core.errors import AnswerError, JournalError
from companion.core.model import MOMENTS, Draft, Option, Script
from companion.core.scripts import Library
from companion.core.session import RuntimeStep, Session
from companion.core.text import safe_line, safe_text
from companion.core.views.render import answer_markdown, answer_plain
from companion.journal import Journal
from companion.plain.askers import (
    COMMANDS_HELP,
    Asker,
    Command,
    make_asker,
)
from companion.plain.questions import Questions

#: What the review page's question gives when the leader chooses to save.
SAVE: Literal["save"] = "save"


class Runner(Questions):
    """Walks a session with an asker; every decision is the engine's."""

    def __init__(self, session: Session, asker: Asker) -> None:
        self.session = session
        self.ask = asker
        #: :private typed before answering: (the step's id, private or not) for its answer.
        self.pending: tuple[str, bool] | None = None
        #: Once the review page was shown, an answer changed from it leads straight back there.
        self.from_review = False

    def run(self) -> int:
        session = self.session
        script = session.script
        self.ask.say(f"{script.title}")
        self.ask.say(safe_text(script.intro))
        self.ask.say("Type :help at any question to see how to go back, skip or stop.")
        while True:
            asked = session.position
            try:
                outcome = self.step()
            except KeyboardInterrupt as stop:
                return self.stopped(getattr(stop, "partial", None))
            if outcome == "quit":
                return self.stopped()
            if outcome == "next" and self.from_review and session.position > asked:
                outcome = "review"  # one answer changed from the review page: back to it
            if outcome == "review":
                try:
                    result = self.review()
                except KeyboardInterrupt:
                    return self.stopped()
                if result is not None:
                    return result

    def keep(self, partial: Any) -> bool:
        """Keep what was typed of the current answer (before stopping or a command)."""
        try:
            self.session.answer(partial, private=self.chosen_privacy())
        except (AnswerError, JournalError):
            return False
        return True

    def chosen_privacy(self) -> bool | None:
        """Private or not, as :private said before this question was answered (None: as is)."""
        if self.pending is not None and self.pending[0] == self.session.current.id:
            return self.pending[1]
        return None

    def stopped(self, partial: Any = None) -> int:
        session = self.session
        self.ask.say("")
        if partial and self.keep(partial) and session.draft_saved:
            self.ask.say("What you were typing for this question is kept in the draft too.")
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
        chosen = self.chosen_privacy()  # :private typed before this answer
        private = self.session.is_private(runtime.id) if chosen is None else chosen
        if runtime.answerable and private:
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
            session.answer(reply, private=self.chosen_privacy())
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

    def in_place(self, command: Command) -> None:
        """A command typed part-way through a list or a long answer: said, then carried on."""
        self.command(command)

    def command(self, command: Command) -> str:
        session = self.session
        runtime = session.current
        if command.partial is not None and command.name != "skip":
            self.keep(command.partial)  # what was typed before the command is not lost
        if command.name == "help":
            self.ask.say(COMMANDS_HELP)
        elif command.name == "hint":
            self.ask.say(safe_text(runtime.step.hint or "There is no guidance for this question."))
        elif command.name == "example":
            self.ask.say(
                safe_text(runtime.step.example or "There is no worked example for this question.")
            )
        elif command.name == "private":
            self.toggle_private(runtime)
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

    def toggle_private(self, runtime: RuntimeStep) -> None:
        """:private: the answer given (or the one about to be given) private, or not."""
        session = self.session
        if not runtime.answerable:
            self.ask.say("There is no answer to mark private here.")
        elif session.value() is None:
            chosen = self.chosen_privacy()
            now_private = not (session.is_private() if chosen is None else chosen)
            self.pending = (runtime.id, now_private)
            self.ask.say(
                "The answer you give here will be kept private."
                if now_private
                else "The answer you give here will not be private."
            )
        else:
            now_private = not session.is_private()
            session.set_private(now_private)
            self.pending = None
            self.ask.say("Marked private." if now_private else "No longer private.")

    def review(self) -> int | None:
        """Show every answer; finish, change one, or stop."""
        session = self.session
        numbers = self.show_answers()
        missing = session.missing()
        if missing:
            self.ask.say(f"Still needed: {safe_line(missing[0].prompt)}")
            session.go_to(missing[0].id)
            self.from_review = True
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
                if reply.name == "private":
                    self.last_private(numbers)
                    continue
                if reply.name == "back":
                    session.go_to(list(numbers.values())[-1].id)
                    return None
            choice = "" if isinstance(reply, Command) else reply.strip().lower()
            if choice.isdecimal() and len(choice) < 6 and int(choice) in numbers:
                session.go_to(numbers[int(choice)].id)
                self.from_review = True
                return None
            if choice in ("save", "s", "yes", "y", "finish"):
                return SAVE
            # Anything else: say what is possible and ask again (never drop back into a question).
            listed = ", ".join(str(n) for n in numbers)
            self.ask.say(f"Type 'save', one of the question numbers ({listed}), or :quit.")

    def last_private(self, numbers: dict[int, RuntimeStep]) -> None:
        """:private on the review page: the last answer given, private or not."""
        answered = [(n, r) for n, r in numbers.items() if r.id in self.session.answers]
        if not answered:
            self.ask.say("There is no answer to mark private yet.")
            return
        number, runtime = answered[-1]
        now_private = not self.session.is_private(runtime.id)
        self.session.set_private(now_private, runtime.id)
        state = "private" if now_private else "no longer private"
        self.ask.say(f"Answer {number} ({safe_line(runtime.prompt)}) is now {state}.")

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
        # Numbers or words: "workshop", "close out", "coaching prep" each pick their script.
        choice = asker.choose("Which reflection?", options, None, False)
        if isinstance(choice, Command):
            if choice.name == "quit":
                return None
            continue
        if choice in library.scripts:
            return library.scripts[choice]
        asker.say(f"Type a number from 1 to {len(options)}, or words from a reflection's name.")


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
    menus: bool = False,
) -> int:
    """`companion reflect [ID] --plain`: run a script line by line.

    drafts: the unfinished reflections already read (plain Home passes those its Home said).
    """
    asker = asker or make_asker(menus)
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
