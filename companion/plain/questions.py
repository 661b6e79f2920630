"""The questions of each kind, asked in plain mode: what a leader types becomes an answer.

Lists and long answers take every command on any line; Ctrl-C or Ctrl-D part-way keeps what
was typed (Interrupted carries it to the runner, which keeps it in the draft).
"""

from __future__ import annotations

from typing import Any

from companion.core.dates import describe, parse_date
from companion.core.model import REVIEW_DECISIONS, Option, ReviewDecision, Step
from companion.core.session import RuntimeStep, Session
from companion.core.text import safe_line
from companion.plain.askers import IN_PLACE, Asker, Command, Interrupted


class Questions:
    """Asking one step of each kind; the runner adds the walk, the commands and the review."""

    session: Session
    ask: Asker

    def in_place(self, command: Command) -> None:
        raise NotImplementedError

    def get(self, runtime: RuntimeStep) -> Any:
        session = self.session
        step = runtime.step
        current = session.value()
        kind = step.kind
        if kind == "text":
            return self.ask.line(">", current if isinstance(current, str) else None)
        if kind == "long":
            return self.ask.long(
                ">", current if isinstance(current, str) else None, step.target_words, self.in_place
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
            reply = self.ask.line(f"Type a number from {step.min} to {step.max}{labels}:", shown)
            return self.scale_word(step, reply)
        if kind == "date":
            return self.date_answer("Which date?", current if isinstance(current, str) else None)
        if kind == "commitment":
            return self.commitment(current if isinstance(current, dict) else {})
        if kind == "commitment-review":
            return self.review_commitment(current if isinstance(current, dict) else {})
        return None

    @staticmethod
    def scale_word(step: Step, reply: str | Command) -> str | Command:
        """A scale's end named in words ("Confident") is its number; anything else as typed."""
        if isinstance(reply, str):
            word = " ".join(reply.split()).casefold()
            for label, number in ((step.min_label, step.min), (step.max_label, step.max)):
                if label and word == label.casefold():
                    return str(number)
        return reply

    def list_items(self, current: list[str]) -> list[str] | Command:
        if current:
            self.ask.say("Current items: " + "; ".join(safe_line(i) for i in current))
            self.ask.say("Press Enter on an empty first line to keep them.")
        self.ask.say("One item per line. Press Enter on an empty line when you have finished.")
        items: list[str] = []
        while True:
            try:
                reply = self.ask.line("-")
            except KeyboardInterrupt:
                raise Interrupted(items or None) from None
            if isinstance(reply, Command):
                if reply.name in IN_PLACE:
                    self.in_place(reply)  # said; the list goes on where it was
                    continue
                return Command(reply.name, items or None)
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
        answer: dict[str, Any] = {"text": text, "due": current.get("due")}
        try:
            due = self.date_answer(
                "By when? (optional: press Enter to leave it open)", current.get("due")
            )
            if isinstance(due, Command):
                return Command(due.name, answer)
            answer["due"] = due or None
            first = self.ask.line("First step? (optional)", current.get("first_step"))
        except KeyboardInterrupt:
            raise Interrupted(answer) from None
        if isinstance(first, Command):
            return Command(first.name, answer)
        return {**answer, "first_step": first or None}

    def review_commitment(self, current: dict[str, Any]) -> dict[str, Any] | str | Command:
        options = [Option(value, label) for value, label in REVIEW_DECISIONS.items()]
        # The decision is checked as it is typed (numbers or words), before the note is asked.
        decision = self.ask.choose("What now?", options, current.get("decision"), False)
        if isinstance(decision, Command) or not decision:
            return decision
        answer: dict[str, Any] = {"decision": decision}
        try:
            if decision == ReviewDecision.RENEGOTIATE:
                changed = self.renegotiation(current)
                if isinstance(changed, Command):
                    return changed
                answer.update(changed)
            note = self.ask.line(
                "What helped, or what got in the way? (optional)", current.get("note")
            )
        except KeyboardInterrupt:
            raise Interrupted(answer if decision != ReviewDecision.RENEGOTIATE else None) from None
        if isinstance(note, Command):
            return Command(note.name, answer)
        answer["note"] = note or None
        return answer

    def renegotiation(self, current: dict[str, Any]) -> dict[str, Any] | Command:
        """A new date, a smaller step, or both: asked again until one is given."""
        while True:
            due = self.date_answer("New date? (optional)", current.get("due"))
            if isinstance(due, Command):
                return due
            step = self.ask.line("A smaller step? (optional)", current.get("step"))
            if isinstance(step, Command):
                return step
            if due or step.strip():
                return {"due": due or None, "step": step or None}
            self.ask.say("To renegotiate, give a new date or a smaller step (or both).")
