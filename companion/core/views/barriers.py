"""The barrier register: every barrier named across the journal, its enabler and its experiments."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from companion.core.dates import shown_date
from companion.core.errors import CompanionError
from companion.core.known_scripts import (
    CAPTURE_IMPACT,
    COACHING_PREP,
    PLAN_EXPERIMENT,
    REFRAME_BARRIER,
    ImpactStep,
    PlanStep,
    PrepStep,
    ReframeStep,
)
from companion.core.model import Answer, Commitment, Entry
from companion.core.views.privacy import visible_entry

if TYPE_CHECKING:
    from companion.core.scripts import Library

# fmt: off
_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in",
    "into", "is", "it", "its", "of", "on", "or", "our", "so", "that", "the", "their", "them",
    "they", "this", "to", "too", "was", "we", "were", "what", "when", "where", "which", "who",
    "why", "with", "us", "my", "me", "i", "not", "no", "do", "does", "get", "gets",
})
# fmt: on


@dataclass
class Experiment:
    """A safe-to-fail experiment planned for a barrier, and the commitment that starts it."""

    text: str
    planned: datetime
    entry_id: str
    commitment: Commitment | None = None

    @property
    def status(self) -> str:
        return self.commitment.status.value if self.commitment else "no commitment"

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "planned": self.planned.isoformat(),
            "entry_id": self.entry_id,
            "commitment_id": self.commitment.id if self.commitment else None,
            "commitment": self.commitment.text if self.commitment else None,
            "status": self.status,
            "due": self.commitment.due.isoformat()
            if self.commitment and self.commitment.due
            else None,
        }


@dataclass
class Barrier:
    """One barrier as the leader named it, with what they want in its place."""

    text: str
    named: datetime
    entry_id: str
    source: str  # the title of the script it was named in
    kind: str | None = None
    enabler: str | None = None
    experiments: list[Experiment] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # what capture-impact said changed

    def as_dict(self) -> dict[str, Any]:
        return {
            "barrier": self.text,
            "named": self.named.isoformat(),
            "entry_id": self.entry_id,
            "source": self.source,
            "kind": self.kind,
            "enabler": self.enabler,
            "experiments": [e.as_dict() for e in self.experiments],
            "changes": list(self.changes),
        }


@dataclass
class Register:
    barriers: list[Barrier] = field(default_factory=list)
    unlinked: list[Experiment] = field(default_factory=list)  # experiments for no named barrier

    def as_dict(self) -> dict[str, Any]:
        return {
            "barriers": [b.as_dict() for b in self.barriers],
            "unlinked_experiments": [e.as_dict() for e in self.unlinked],
        }

    def lines(self) -> list[str]:
        """The register as plain lines (for the terminal and screen readers)."""
        if not self.barriers and not self.unlinked:
            return [
                "No barriers named yet: *Reframe a barrier into an enabler* names one.",
            ]
        lines: list[str] = []
        for number, barrier in enumerate(self.barriers, start=1):
            kind = f" ({barrier.kind})" if barrier.kind else ""
            lines.append(f"{number}. {barrier.text}{kind}")
            lines.append(f"   Named {shown_date(barrier.named, '%-d %b %Y')} in {barrier.source}.")
            if barrier.enabler:
                lines.append(f"   Enabler wanted: {barrier.enabler}")
            for experiment in barrier.experiments:
                lines.append(f"   Experiment: {experiment.text} [{describe(experiment)}]")
            for change in barrier.changes:
                lines.append(f"   What changed: {change}")
            if not barrier.experiments:
                lines.append("   No experiment planned yet.")
        if self.unlinked:
            lines.append("Experiments not linked to a named barrier:")
            for experiment in self.unlinked:
                lines.append(f"   {experiment.text} [{describe(experiment)}]")
        return lines


def describe(experiment: Experiment) -> str:
    commitment = experiment.commitment
    if commitment is None:
        return "no commitment"
    due = (
        f", due {shown_date(commitment.due, '%-d %b')}"
        if commitment.due and commitment.status.is_active
        else ""
    )
    return f"{commitment.status.value}{due}"


def _text(entry: Entry, step_id: str, include_private: bool) -> str | None:
    answer = entry.answer(step_id)
    if answer is None or (answer.private and not include_private):
        return None
    return _as_text(answer)


def _as_text(answer: Answer) -> str | None:
    value = answer.value
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or None
    if isinstance(value, dict):
        return str(value.get("text") or "") or None
    return None


def _commitment_of(entry: Entry, step_id: str, by_id: dict[str, Commitment]) -> Commitment | None:
    answer = entry.answer(step_id)
    if answer is None or not isinstance(answer.value, dict):
        return None
    linked = answer.value.get("commitment_id")
    return by_id.get(str(linked)) if linked else None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.casefold()) if w not in _STOPWORDS}


def _related(a: str, b: str) -> bool:
    """Two phrases about the same barrier: they share most of the shorter one's key words."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return False
    shared = len(left & right)
    return shared >= 2 and shared / min(len(left), len(right)) >= 0.4


def barrier_register(
    entries: Iterable[Entry],
    commitments: Iterable[Commitment],
    *,
    kinds: dict[str, str] | None = None,
    include_private: bool = True,
) -> Register:
    """Every barrier named, oldest first, with its enabler, experiments and their status.

    Barriers come from Reframe a barrier (one each) and from the barriers answer of a
    coaching preparation. An experiment belongs to a barrier when it was planned in the same
    reframe, or when a Plan an experiment's "for" answer names that barrier.
    kinds maps barrier-kind values to their labels.
    """
    by_id = {c.id: c for c in commitments}
    # Every answer read below (the barrier's kind too) is one the reader may see.
    shown = (visible_entry(e, include_private=include_private) for e in entries)
    ordered = sorted((e for e in shown if e is not None), key=lambda e: (e.completed, e.id))
    register = Register()
    for entry in ordered:
        if entry.script_id == REFRAME_BARRIER:
            barrier = _reframed(entry, kinds or {}, by_id, include_private)
            if barrier is not None:
                register.barriers.append(barrier)
        elif entry.script_id == COACHING_PREP:
            text = _text(entry, PrepStep.BARRIERS, include_private)
            if text:
                register.barriers.append(
                    Barrier(
                        text=text,
                        named=entry.completed,
                        entry_id=entry.id,
                        source=entry.script_title,
                        enabler=_text(entry, PrepStep.ENABLERS, include_private),
                    )
                )
        elif entry.script_id == PLAN_EXPERIMENT:
            _add_planned(register, entry, by_id, include_private)
        elif entry.script_id == CAPTURE_IMPACT:
            changed = _text(entry, ImpactStep.BARRIER_CHANGED, include_private)
            if not changed:
                continue
            home = _best_match(register.barriers, changed)
            if home is not None:
                home.changes.append(changed)
    return register


def _reframed(
    entry: Entry, kinds: dict[str, str], by_id: dict[str, Commitment], include_private: bool
) -> Barrier | None:
    """The barrier a Reframe a barrier names, with the experiment planned with it."""
    text = _text(entry, ReframeStep.BARRIER, include_private)
    if not text:
        return None
    kind_answer = entry.answer(ReframeStep.BARRIER_KIND)
    kind = None
    if kind_answer is not None and isinstance(kind_answer.value, str):
        kind = kinds.get(kind_answer.value, kind_answer.value)
    barrier = Barrier(
        text=text,
        named=entry.completed,
        entry_id=entry.id,
        source=entry.script_title,
        kind=kind,
        enabler=_text(entry, ReframeStep.ENABLER, include_private),
    )
    experiment = _text(entry, ReframeStep.EXPERIMENT, include_private)
    if experiment:
        barrier.experiments.append(
            Experiment(
                experiment,
                entry.completed,
                entry.id,
                _commitment_of(entry, ReframeStep.EXPERIMENT, by_id),
            )
        )
    return barrier


def _add_planned(
    register: Register, entry: Entry, by_id: dict[str, Commitment], include_private: bool
) -> None:
    """A Plan an experiment's experiment, under the barrier its "for" answer names best."""
    tried = _text(entry, PlanStep.TRY, include_private)
    if not tried:
        return
    planned = Experiment(
        tried, entry.completed, entry.id, _commitment_of(entry, PlanStep.FIRST_STEP, by_id)
    )
    purpose = _text(entry, PlanStep.FOR, include_private) or ""
    home = _best_match(register.barriers, purpose)
    if home is None:
        register.unlinked.append(planned)
    else:
        home.experiments.append(planned)


def _best_match(barriers: list[Barrier], phrase: str) -> Barrier | None:
    """The most recent barrier the phrase is about, if any."""
    if not phrase:
        return None
    for barrier in reversed(barriers):
        if _related(barrier.text, phrase):
            return barrier
    return None


def kind_labels(library: Library) -> dict[str, str]:
    """The barrier kinds' labels, from the Reframe a barrier script if it is there."""
    try:
        script = library.get(REFRAME_BARRIER)
    except CompanionError:
        return {}
    step = script.step(ReframeStep.BARRIER_KIND)
    return {o.value: o.label for o in step.options} if step else {}
