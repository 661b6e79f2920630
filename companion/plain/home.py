"""What plain mode says at start: the app's Home, from the same core query, said in lines.

`read_home` is what the app's Home draws; plain mode says the same values (the review
reminder, on this day, the unfinished reflection it offers), so the two faces never disagree
about the same journal at the same moment.
"""

from __future__ import annotations

from companion.core.scripts import Library
from companion.core.text import safe_line
from companion.core.views.home import HomeData, read_home
from companion.journal import Journal
from companion.plain.askers import Asker, make_asker
from companion.plain.runner import run_reflect

#: How many of Home's on-this-day entries plain mode reads out (the first ones, newest first):
#: every line is heard in order before the first question, so fewer than the app lists.
MEMORIES_SAID = 3
#: How many of the programme's sessions plain mode says.
NUDGES_SAID = 4


def home_lines(data: HomeData) -> list[str]:
    """What plain mode says before offering a reflection, from what Home shows."""
    if data.empty:
        return [
            "Welcome to Companion. Your journal is empty.",
            "Choose a reflection below; after a workshop, "
            "the workshop close-out takes five minutes.",
            *nudge_lines(data),
        ]
    counted = ""
    if data.entry_count is not None:
        counted = f"{data.entry_count} {'entry' if data.entry_count == 1 else 'entries'}. "
    lines = [f"{counted}{data.open_commitments} open commitments, {data.overdue} overdue."]
    if data.reminder is not None:
        lines.append(data.reminder.message)
        if data.reminder.due:
            lines.append("Choose 'Review my commitments' below to do it now.")
    lines += nudge_lines(data)
    for memory in data.memories[:MEMORIES_SAID]:
        lines.append(
            f"On this day, {memory.label}: {memory.entry.script_title}: "
            f"{safe_line(memory.entry.title)}"
        )
    return lines


def nudge_lines(data: HomeData) -> list[str]:
    """The programme's rhythm, due now first: "Due now: Workshop 3 yesterday: close it out"."""
    return [
        f"{'Due now' if nudge.due_now else 'Coming up'}: {safe_line(nudge.text)}"
        for nudge in data.nudges[:NUDGES_SAID]
    ]


def run_home(
    journal: Journal, library: Library, asker: Asker | None = None, *, menus: bool = False
) -> int:
    """`companion` without a terminal for the app: say where things stand, then offer a script."""
    asker = asker or make_asker(menus)
    data = read_home(journal, count_entries=True)
    for line in home_lines(data):
        asker.say(line)
    due = next((n for n in data.nudges if n.due_now and n.script_id in library.scripts), None)
    if due is not None and due.script_id is not None:
        title = library.scripts[due.script_id].title
        if asker.confirm(f"Start '{title}' now?"):  # the rhythm's nudge, one key away
            return run_reflect(journal, library, due.script_id, asker=asker, drafts=data.drafts)
    return run_reflect(journal, library, None, asker=asker, drafts=data.drafts)
