"""What the journal says about itself: used by the coaching preparation and Home."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from companion.core.dates import shown_date
from companion.core.known_scripts import (
    COACHING_PREP,
    PLAN_EXPERIMENT,
    REFRAME_BARRIER,
    PlanStep,
    ReframeStep,
)
from companion.core.model import CommitmentStatus, Entry
from companion.core.views.privacy import private_links, shared_entry
from companion.core.views.reports import count
from companion.journal import Journal


@dataclass
class SinceLastTime:
    """What happened since the previous coaching preparation."""

    since: datetime | None
    entries: int = 0
    commitments_made: int = 0
    commitments_done: int = 0
    commitments_open: int = 0
    commitments_overdue: int = 0
    barriers: list[str] = field(default_factory=list)
    experiments: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary as short sentences, one per line (read well by screen readers)."""
        if self.since is None:
            opening = "This is your first coaching preparation in this journal."
        else:
            opening = (
                f"Since your last coaching preparation on {shown_date(self.since, '%A %-d %B %Y')}:"
            )
        lines = [
            opening,
            f"{count(self.entries, 'entry', 'entries')} written.",
            f"{count(self.commitments_made, 'commitment')} made, {self.commitments_done} done.",
            f"{count(self.commitments_open, 'commitment')} still open, "
            f"{self.commitments_overdue} overdue.",
        ]
        if self.barriers:
            lines.append("Barriers named: " + "; ".join(self.barriers) + ".")
        if self.experiments:
            lines.append("Experiments planned: " + "; ".join(self.experiments) + ".")
        return lines


def _first_text(entry: Entry, step_id: str) -> str | None:
    """The first sentence of a shared answer, without its closing full stop."""
    answer = entry.answer(step_id)
    if answer is None or answer.private or not isinstance(answer.value, str):
        return None
    text = answer.value.strip().splitlines()[0] if answer.value.strip() else ""
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return sentence.rstrip(" .") or None


def since_last_coaching(journal: Journal, now: datetime | None = None) -> SinceLastTime:
    """Count what happened since the last finished coaching preparation."""
    now = now or journal.now()
    today: date = now.date()
    entries = journal.entries()
    previous = [e for e in entries if e.script_id == COACHING_PREP and e.completed <= now]
    since = previous[0].completed if previous else None
    recent = [e for e in entries if since is None or e.completed > since]
    # The summary is stored in the new preparation: it counts only what is shared, so its
    # numbers never tell of a private entry, commitment or review.
    everything = journal.commitments()
    links = private_links(entries, everything)
    shared = [links.shared(c) for c in everything if c.id not in links.commitments]
    report = SinceLastTime(since=since, entries=sum(not e.private for e in recent))
    for commitment in shared:
        if since is None or commitment.created > since:
            report.commitments_made += 1
        if commitment.status == CommitmentStatus.DONE and any(
            change.status == CommitmentStatus.DONE and (since is None or change.at > since)
            for change in commitment.history
        ):
            report.commitments_done += 1
        if commitment.status.is_active:
            report.commitments_open += 1
            if commitment.is_overdue(today):
                report.commitments_overdue += 1
    for found in reversed(recent):
        # The summary is stored in the new preparation, which may leave the journal: only
        # shared words go into it.
        entry = shared_entry(found, links.commitments)
        if entry is None:
            continue
        if entry.script_id == REFRAME_BARRIER:
            barrier = _first_text(entry, ReframeStep.BARRIER)
            if barrier:
                report.barriers.append(barrier)
        elif entry.script_id == PLAN_EXPERIMENT:
            experiment = _first_text(entry, PlanStep.TRY)
            if experiment:
                report.experiments.append(experiment)
    return report
