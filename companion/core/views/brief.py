"""The coach brief: one page to share before a coaching call, private answers left out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from companion.core.dates import shown_date
from companion.core.known_scripts import (
    COACHING_DEBRIEF,
    COACHING_PREP,
    PLAN_EXPERIMENT,
    REFRAME_BARRIER,
    REVIEW_EXPERIMENT,
    PlanStep,
    PrepStep,
    ReframeStep,
    ReviewExperimentStep,
    missing_steps,
)
from companion.core.model import Commitment, CommitmentStatus, Entry, StepKind
from companion.core.views.barriers import Register, barrier_register, describe
from companion.core.views.privacy import PrivateLinks, private_links
from companion.core.views.reports import describe_rate

if TYPE_CHECKING:
    from companion.core.scripts import Library

#: What the brief draws from the latest coaching preparation for its focus, in the order shown.
FOCUS_STEPS = (PrepStep.AMBITIONS, PrepStep.INNOVATION)
WANT_STEP = PrepStep.WANT_FROM_CALL
#: Preparation answers shown elsewhere in the brief (the barriers section, the last section).
PREP_ELSEWHERE = frozenset(
    {*FOCUS_STEPS, WANT_STEP, PrepStep.BARRIERS, PrepStep.ENABLERS, PrepStep.SINCE_LAST_TIME}
)

#: The answers the brief draws on, by script (the latest preparation gives all of its answers).
DRAWN_FROM = {
    REFRAME_BARRIER: frozenset(
        {ReframeStep.BARRIER, ReframeStep.BARRIER_KIND, ReframeStep.ENABLER, ReframeStep.EXPERIMENT}
    ),
    PLAN_EXPERIMENT: frozenset({PlanStep.FOR, PlanStep.TRY, PlanStep.FIRST_STEP}),
    REVIEW_EXPERIMENT: frozenset(
        {
            ReviewExperimentStep.DECISION,
            ReviewExperimentStep.LEARNED,
            ReviewExperimentStep.HAPPENED,
        }
    ),
}


@dataclass(frozen=True)
class LeftOut:
    """One private thing the brief does not show."""

    when: datetime
    script_title: str
    prompt: str  # the question, or "the whole entry"

    def describe(self) -> str:
        return f"{self.script_title}, {shown_date(self.when, '%-d %b %Y')}: {self.prompt}"


@dataclass
class Brief:
    markdown: str
    since: datetime | None
    period: str  # how the period was chosen, in words
    left_out: list[LeftOut] = field(default_factory=list)
    include_private: bool = False
    #: What the brief cannot draw on (a facilitator's version of a script lacks a step it reads).
    problems: list[str] = field(default_factory=list)

    def left_out_lines(self) -> list[str]:
        """The notes shown with the brief: any problem first, then what is left out."""
        if self.include_private:
            return [*self.problems, "Private answers are included in this brief."]
        if not self.left_out:
            return [
                *self.problems,
                "Nothing private is left out: the period has no private answers.",
            ]
        noun = "thing" if len(self.left_out) == 1 else "things"
        return [*self.problems, f"{len(self.left_out)} private {noun} left out:"] + [
            f"- {item.describe()}" for item in self.left_out
        ]


def last_call(entries: Iterable[Entry], before: datetime) -> datetime | None:
    """When the latest coaching call was, as recorded by a coaching debrief."""
    calls = [
        e.completed for e in entries if e.script_id == COACHING_DEBRIEF and e.completed <= before
    ]
    return max(calls) if calls else None


@dataclass
class _Period:
    """The brief's period: from start (after a call, or from a chosen day) up to now."""

    start: datetime | None
    words: str
    chosen: bool  # a chosen day counts from its first moment; a call's own moment is before it
    now: datetime

    def __call__(self, at: datetime) -> bool:
        start = self.start
        after = start is None or (at >= start if self.chosen else at > start)
        return after and at <= self.now


def _period(entries: list[Entry], now: datetime, since: date | None, private: bool) -> _Period:
    if since is not None:
        start = datetime.combine(since, datetime.min.time(), tzinfo=now.tzinfo)
        return _Period(start, f"since {shown_date(since, '%-d %B %Y')}", True, now)
    # A private debrief's date is private too: the period starts at the last shared call.
    calls = entries if private else [e for e in entries if not e.private]
    call = last_call(calls, now)
    words = (
        f"since your last coaching call on {shown_date(call, '%-d %B %Y')}"
        if call
        else "since you started this journal"
    )
    return _Period(call, words, False, now)


@dataclass
class _Reader:
    """The answers the brief may show: shared ones, or private ones too when asked."""

    include_private: bool

    def __call__(self, entry: Entry, step_id: str) -> str | None:
        found = entry.answer(step_id)
        if found is None or found.value in (None, "", []):
            return None
        if found.private and not self.include_private:
            return None
        value = found.value
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
        if isinstance(value, dict):
            return str(value.get("text") or "") or None
        return str(value).strip() or None


def coach_brief(
    entries: Iterable[Entry],
    commitments: Iterable[Commitment],
    now: datetime,
    *,
    since: date | None = None,
    include_private: bool = False,
    kinds: dict[str, str] | None = None,
    library: Library | None = None,
) -> Brief:
    """The brief for the period from since (default: the last coaching call) to now.

    Without a since date, the period starts at the latest coaching debrief; with no debrief
    yet, it covers the whole journal. Given the library, the brief says when a facilitator's
    version of a script lacks a step it reads (rather than quietly leaving a section empty).
    """
    entries = sorted(entries, key=lambda e: (e.completed, e.id))
    everything = list(commitments)
    links = PrivateLinks() if include_private else private_links(entries, everything)
    commitments = [links.shared(c) for c in everything if c.id not in links.commitments]
    period = _period(entries, now, since, include_private)
    in_period_entries = [e for e in entries if period(e.completed)]
    preps = [e for e in in_period_entries if e.script_id == COACHING_PREP]
    latest_prep = preps[-1] if preps else None
    shown, left_out = _shown_entries(in_period_entries, latest_prep, include_private)
    left_out += _hidden_commitments(everything, links, period)
    answer = _Reader(include_private)
    prep = latest_prep if latest_prep in shown else None
    register = barrier_register(shown, commitments, kinds=kinds, include_private=include_private)
    lines = [
        "# Coaching brief",
        "",
        f"Prepared {shown_date(now, '%-d %B %Y')}, covering the period {period.words}.",
        "",
        "## Focus for this call",
        "",
        *_focus_lines(prep, answer),
        "## Progress on commitments",
        "",
        *_commitment_lines(commitments, period, now, now.date()),
        "## Barriers and the enablers wanted",
        "",
        *_barrier_lines(register),
        "## Experiments",
        "",
        *_experiment_lines(register, shown, answer),
        "## What I want from this call",
        "",
        *_wanted_lines(prep, answer),
    ]
    return Brief(
        markdown="\n".join(lines).rstrip() + "\n",
        since=period.start,
        period=period.words,
        left_out=left_out,
        include_private=include_private,
        problems=missing_steps(library, who="The coach brief") if library is not None else [],
    )


def _shown_entries(
    entries: list[Entry], latest_prep: Entry | None, include_private: bool
) -> tuple[list[Entry], list[LeftOut]]:
    """The entries the brief may draw on, and the private answers of theirs it leaves out."""

    def drawn(entry: Entry) -> frozenset[str] | None:
        """The steps of an entry the brief would show, or None if it shows none of it."""
        if entry is latest_prep:
            return frozenset(a.step_id for a in entry.answers)
        return DRAWN_FROM.get(entry.script_id)

    left_out: list[LeftOut] = []
    shown: list[Entry] = []
    for entry in entries:
        steps = drawn(entry)
        if entry.private and not include_private:
            if steps:
                left_out.append(LeftOut(entry.completed, entry.script_title, "the whole entry"))
            continue
        shown.append(entry)
        if include_private or not steps:
            continue
        for item in entry.answers:
            if item.private and item.step_id in steps and item.value not in (None, "", []):
                left_out.append(LeftOut(entry.completed, entry.script_title, item.prompt))
    return shown, left_out


def _hidden_commitments(
    everything: list[Commitment], links: PrivateLinks, in_period: Callable[[datetime], bool]
) -> list[LeftOut]:
    """The private commitments and private reviews the brief leaves out."""
    left_out: list[LeftOut] = []
    for commitment in everything:
        if commitment.id in links.commitments:
            if in_period(commitment.created) or commitment.status.is_active:
                left_out.append(
                    LeftOut(commitment.created, "Commitments", "a commitment made in private")
                )
            continue
        for change in commitment.history:
            if in_period(change.at) and links.hides_note(commitment, change):
                left_out.append(
                    LeftOut(change.at, "Weekly review", "your private review of a commitment")
                )
    return left_out


def _focus_lines(prep: Entry | None, answer: _Reader) -> list[str]:
    """The latest preparation's focus answers, and its answers no other section shows."""
    if prep is None:
        return [
            "No coaching preparation in this period: answering *Prepare for a coaching call* "
            "gives a fuller brief.",
            "",
        ]
    lines: list[str] = []
    for step_id in FOCUS_STEPS:
        text = answer(prep, step_id)
        found = prep.answer(step_id)
        if text and found:
            lines += [f"**{found.prompt}**", "", _block(text), ""]
    others = [
        a for a in prep.answers if a.step_id not in PREP_ELSEWHERE and a.kind != StepKind.INFO
    ]
    for other in others:
        text = answer(prep, other.step_id)
        if text:
            private = " *(private)*" if other.private else ""
            lines += [f"**{other.prompt}**{private}", "", _block(text), ""]
    if all(answer(prep, s) is None for s in (*FOCUS_STEPS, *(a.step_id for a in others))):
        lines += ["The preparation did not answer these questions.", ""]
    return lines


def _barrier_lines(register: Register) -> list[str]:
    if not register.barriers:
        return ["No barriers named in this period.", ""]
    lines: list[str] = []
    for barrier in register.barriers:
        kind = f" ({barrier.kind})" if barrier.kind else ""
        lines.append(f"- **Barrier{kind}:** {_inline(barrier.text)}")
        if barrier.enabler:
            lines.append(f"  - *Enabler wanted:* {_inline(barrier.enabler)}")
    lines.append("")
    return lines


def _wanted_lines(prep: Entry | None, answer: _Reader) -> list[str]:
    wanted = answer(prep, WANT_STEP) if prep else None
    return [_block(wanted) if wanted else "Not said yet.", ""]


def _experiment_lines(register: Register, shown: list[Entry], answer: _Reader) -> list[str]:
    reviews = [e for e in shown if e.script_id == REVIEW_EXPERIMENT]
    experiments = [e for b in register.barriers for e in b.experiments] + register.unlinked
    if not experiments and not reviews:
        return ["No experiments planned or reviewed in this period.", ""]
    lines: list[str] = []
    for experiment in sorted(experiments, key=lambda x: x.planned):
        lines.append(
            f"- {_inline(experiment.text)} "
            f"(planned {shown_date(experiment.planned, '%-d %b')}; {describe(experiment)})"
        )
    for review in reviews:
        decision = answer(review, ReviewExperimentStep.DECISION)
        learned = answer(review, ReviewExperimentStep.LEARNED) or answer(
            review, ReviewExperimentStep.HAPPENED
        )
        said = f"Reviewed {shown_date(review.completed, '%-d %b')}"
        if decision:
            said += f": decided to {decision}"
        lines.append(f"- {said}." + (f" Learned: {_inline(learned)}" if learned else ""))
    lines.append("")
    return lines


def _commitment_lines(
    commitments: list[Commitment],
    in_period: Callable[[datetime], bool],
    now: datetime,
    today: date,
) -> list[str]:
    done: list[str] = []
    dropped: list[str] = []
    renegotiated: list[str] = []
    for commitment in commitments:
        for change in commitment.history:
            if not in_period(change.at):
                continue
            note = f" ({_inline(change.note)})" if change.note else ""
            if change.status == CommitmentStatus.DONE:
                done.append(
                    f"- {_inline(commitment.text)}: done {shown_date(change.at, '%-d %b')}{note}"
                )
            elif change.status == CommitmentStatus.DROPPED:
                dropped.append(
                    f"- {_inline(commitment.text)}: let go {shown_date(change.at, '%-d %b')}{note}"
                )
            elif change.status == CommitmentStatus.RENEGOTIATED:
                new = f", now due {shown_date(change.due, '%-d %b')}" if change.due else ""
                step = f", smaller step: {_inline(change.step)}" if change.step else ""
                renegotiated.append(f"- {_inline(commitment.text)}{new}{step}{note}")
    active = sorted(
        (c for c in commitments if c.status.is_active and c.created <= now),
        key=lambda c: (c.due or date.max, c.id),
    )
    made = sum(1 for c in commitments if in_period(c.created))
    overdue = [c for c in active if c.is_overdue(today)]
    settled = len(done) + len(dropped)
    lines = [
        f"{made} made in this period; {len(done)} done, {len(dropped)} let go, "
        f"{len(renegotiated)} renegotiated; {len(active)} open, {len(overdue)} overdue.",
        "",
    ]
    if settled:
        rate = len(done) / (settled + len(overdue))
        lines += [f"Follow-through in this period: {describe_rate(rate)}.", ""]
    for title, items in (
        ("Done", done),
        ("Renegotiated", renegotiated),
        ("Let go", dropped),
    ):
        if items:
            lines += [f"**{title}**", "", *items, ""]
    if active:
        lines += ["**Still open**", ""]
        for commitment in active:
            if commitment.due is None:
                when = "no date"
            elif commitment.is_overdue(today):
                when = f"overdue since {shown_date(commitment.due, '%-d %b')}"
            else:
                when = f"due {shown_date(commitment.due, '%-d %b')}"
            lines.append(f"- {_inline(commitment.text)} ({when})")
        lines.append("")
    return lines


def _inline(text: str) -> str:
    """A leader's words on one line of a list."""
    return " ".join(text.split())


def _block(text: str) -> str:
    """A leader's words as paragraphs, kept as they wrote them."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip())
