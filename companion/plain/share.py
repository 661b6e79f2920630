"""Plain mode's share: each answer that would leave, read out in full, asked about one by one."""

from __future__ import annotations

from companion.core.dates import shown_date
from companion.export.share import AnswerKey, SharePlan
from companion.plain.askers import Asker


def choose_answers(plan: SharePlan, asker: Asker) -> set[AnswerKey]:
    """Ask, answer by answer, whether each goes (Enter: it goes); the rest are left out.

    Everything said goes through the asker (its text is made safe there), in full: a leader
    listening with a screen reader hears exactly what would leave.
    """
    asker.say(plan.summary())
    asker.say("For each answer, press Enter to share it, or type n to leave it out.")
    left: set[AnswerKey] = set()
    total = len(plan.leaving)
    for number, item in enumerate(plan.leaving, start=1):
        day = shown_date(item.entry.completed, "%-d %B %Y")
        asker.say("")
        asker.say(f"Answer {number} of {total}: {item.entry.script_title}, {day}.")
        asker.say(item.answer.prompt)
        asker.say(item.shared.text())
        if not asker.confirm("Share this answer?", default=True):
            left.add(item.key)
    asker.say("")
    asker.say(plan.summary(left))
    return left
