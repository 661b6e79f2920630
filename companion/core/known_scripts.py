"""The built-in scripts and steps the reports read, named once.

The brief, the barrier register, the insights, the reports and the importer find a leader's
words by script id and step id. A name here that a built-in script loses (or a facilitator's
version of it lacks) would quietly empty a report: tests/core/test_known_scripts.py checks the
built-ins, and `missing_steps` tells a leader when their own version of a script lacks one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from companion.core.model import StepKind

if TYPE_CHECKING:
    from companion.core.scripts import Library

# ------------------------------------------------------------------ script ids

WORKSHOP_CLOSE_OUT = "workshop-close-out"
MY_LEADERSHIP_STORY = "my-leadership-story"
COACHING_PREP = "coaching-prep"
COACHING_DEBRIEF = "coaching-debrief"
REFRAME_BARRIER = "reframe-barrier"
SHARED_PURPOSE = "shared-purpose"
EMPATHY_MAP = "empathy-map"
PLAN_EXPERIMENT = "plan-experiment"
REVIEW_EXPERIMENT = "review-experiment"
REVIEW_COMMITMENTS = "review-commitments"
LEARNING_DIARY = "learning-diary"
CAPTURE_IMPACT = "capture-impact"


class PrepStep:
    """Steps of the coaching preparation (coaching-prep)."""

    SINCE_LAST_TIME = "since-last-time"
    AMBITIONS = "ambitions"
    INNOVATION = "innovation"
    BARRIERS = "barriers"
    ENABLERS = "enablers"
    WANT_FROM_CALL = "want-from-call"


class ReframeStep:
    """Steps of Reframe a barrier (reframe-barrier)."""

    BARRIER = "barrier"
    BARRIER_KIND = "barrier-kind"
    ENABLER = "enabler"
    EXPERIMENT = "experiment"


class PlanStep:
    """Steps of Plan an experiment (plan-experiment)."""

    FOR = "for"
    TRY = "try"
    FIRST_STEP = "first-step"


class ReviewExperimentStep:
    """Steps of Review an experiment (review-experiment)."""

    HAPPENED = "happened"
    LEARNED = "learned"
    DECISION = "decision"


class ImpactStep:
    """Steps of Capture impact (capture-impact)."""

    BARRIER_CHANGED = "barrier-changed"
    EVIDENCE = "evidence"
    EARLY_SIGNS = "early-signs"
    DIFFICULTIES = "difficulties"
    ADVICE = "advice"
    PRINCIPLE = "principle"


class CloseOutStep:
    """Steps of the workshop close-out (workshop-close-out)."""

    RESONATED = "resonated"
    LEARNED = "learned"


class DebriefStep:
    """Steps of the coaching debrief (coaching-debrief)."""

    TAKEAWAY = "takeaway"
    SHIFT = "shift"


class PurposeStep:
    """Steps of Shared purpose (shared-purpose)."""

    WHAT = "what"
    WHY = "why"
    BENEFITS = "benefits"


class DiaryStep:
    """Steps of the learning diary (learning-diary), which jrnl imports fill in."""

    HAPPENED = "happened"
    LEARNING = "learning"
    TAGS = "tags"


class RhythmStep:
    """Steps the programme's calendar reads or fills in."""

    SESSION = "session"  # workshop-close-out: "Which session was it?" offers last week's
    NEXT_CALL = "next-call"  # coaching-debrief: the next call's date adds a session


#: Where a leader writes what they learned, by script, in the order the cohort's learning
#: report quotes them (companion/export/gather).
LEARNING_STEPS: dict[str, tuple[str, ...]] = {
    WORKSHOP_CLOSE_OUT: (CloseOutStep.RESONATED, CloseOutStep.LEARNED),
    LEARNING_DIARY: (DiaryStep.LEARNING,),
    COACHING_DEBRIEF: (DebriefStep.TAKEAWAY, DebriefStep.SHIFT),
    REVIEW_EXPERIMENT: (ReviewExperimentStep.LEARNED,),
}


#: The live source that fills the coaching preparation's opening summary.
SINCE_LAST_COACHING = "since-last-coaching"


@dataclass(frozen=True)
class Needed:
    """A step a report reads, with the kind of answer it expects."""

    script_id: str
    step_id: str
    kind: StepKind
    used_by: str  # which report reads it, in a leader's words


_BRIEF = "The coach brief"
_REGISTER = "The barrier register"
_LEARNING = "The cohort's learning report"
_IMPACT = "The cohort's impact report"
_CULTURE = "The cohort's Culture Book"

#: Every step a report or the importer reads, by script. The order is the order of checking.
NEEDED: tuple[Needed, ...] = (
    Needed(COACHING_PREP, PrepStep.SINCE_LAST_TIME, StepKind.INFO, "The coaching preparation"),
    Needed(COACHING_PREP, PrepStep.AMBITIONS, StepKind.LONG, _BRIEF),
    Needed(COACHING_PREP, PrepStep.INNOVATION, StepKind.LONG, _BRIEF),
    Needed(COACHING_PREP, PrepStep.BARRIERS, StepKind.LONG, _BRIEF),
    Needed(COACHING_PREP, PrepStep.ENABLERS, StepKind.LONG, _BRIEF),
    Needed(COACHING_PREP, PrepStep.WANT_FROM_CALL, StepKind.LONG, _BRIEF),
    Needed(REFRAME_BARRIER, ReframeStep.BARRIER, StepKind.TEXT, _REGISTER),
    Needed(REFRAME_BARRIER, ReframeStep.BARRIER_KIND, StepKind.CHOICE, _REGISTER),
    Needed(REFRAME_BARRIER, ReframeStep.ENABLER, StepKind.LONG, _REGISTER),
    Needed(REFRAME_BARRIER, ReframeStep.EXPERIMENT, StepKind.COMMITMENT, _REGISTER),
    Needed(PLAN_EXPERIMENT, PlanStep.FOR, StepKind.TEXT, _REGISTER),
    Needed(PLAN_EXPERIMENT, PlanStep.TRY, StepKind.LONG, _REGISTER),
    Needed(PLAN_EXPERIMENT, PlanStep.FIRST_STEP, StepKind.COMMITMENT, _REGISTER),
    Needed(REVIEW_EXPERIMENT, ReviewExperimentStep.HAPPENED, StepKind.LONG, _BRIEF),
    Needed(REVIEW_EXPERIMENT, ReviewExperimentStep.LEARNED, StepKind.LONG, _BRIEF),
    Needed(REVIEW_EXPERIMENT, ReviewExperimentStep.DECISION, StepKind.CHOICE, _BRIEF),
    Needed(CAPTURE_IMPACT, ImpactStep.BARRIER_CHANGED, StepKind.LONG, _REGISTER),
    Needed(LEARNING_DIARY, DiaryStep.HAPPENED, StepKind.LONG, "Importing from jrnl"),
    Needed(LEARNING_DIARY, DiaryStep.TAGS, StepKind.MULTI, "Importing from jrnl"),
    Needed(WORKSHOP_CLOSE_OUT, RhythmStep.SESSION, StepKind.TEXT, "The calendar"),
    Needed(COACHING_DEBRIEF, RhythmStep.NEXT_CALL, StepKind.DATE, "The calendar"),
    Needed(LEARNING_DIARY, DiaryStep.LEARNING, StepKind.LONG, _LEARNING),
    Needed(WORKSHOP_CLOSE_OUT, CloseOutStep.RESONATED, StepKind.LONG, _LEARNING),
    Needed(WORKSHOP_CLOSE_OUT, CloseOutStep.LEARNED, StepKind.LONG, _LEARNING),
    Needed(COACHING_DEBRIEF, DebriefStep.TAKEAWAY, StepKind.LONG, _LEARNING),
    Needed(COACHING_DEBRIEF, DebriefStep.SHIFT, StepKind.LONG, _LEARNING),
    Needed(CAPTURE_IMPACT, ImpactStep.EVIDENCE, StepKind.LONG, _IMPACT),
    Needed(CAPTURE_IMPACT, ImpactStep.EARLY_SIGNS, StepKind.LONG, _IMPACT),
    Needed(CAPTURE_IMPACT, ImpactStep.DIFFICULTIES, StepKind.LONG, _IMPACT),
    Needed(CAPTURE_IMPACT, ImpactStep.ADVICE, StepKind.LONG, _CULTURE),
    Needed(CAPTURE_IMPACT, ImpactStep.PRINCIPLE, StepKind.TEXT, _CULTURE),
    Needed(SHARED_PURPOSE, PurposeStep.WHAT, StepKind.LONG, _CULTURE),
    Needed(SHARED_PURPOSE, PurposeStep.WHY, StepKind.LONG, _CULTURE),
    Needed(SHARED_PURPOSE, PurposeStep.BENEFITS, StepKind.LONG, _CULTURE),
)

#: The scripts the reports find by id alone (no step of theirs is read).
NEEDED_SCRIPTS = (COACHING_DEBRIEF, REVIEW_COMMITMENTS)

#: The scripts whose steps the coach brief reads (itself, or through the barrier register).
BRIEF_SCRIPTS = frozenset(
    {COACHING_PREP, REFRAME_BARRIER, PLAN_EXPERIMENT, REVIEW_EXPERIMENT, CAPTURE_IMPACT}
)


def missing_steps(
    library: Library, script_ids: frozenset[str] = BRIEF_SCRIPTS, who: str | None = None
) -> list[str]:
    """One sentence for each needed step a facilitator's version of a built-in script lacks.

    who names the report asking (else the one that reads the step). Only a version that
    replaces a built-in is checked: the built-ins are checked by the tests.
    """
    problems: list[str] = []
    for needed in NEEDED:
        if needed.script_id not in script_ids or needed.script_id not in library.overridden:
            continue
        script = library.scripts.get(needed.script_id)
        if script is None or script.builtin or script.step(needed.step_id) is not None:
            continue
        problems.append(
            f"{who or needed.used_by} uses the step '{needed.step_id}' of the script "
            f"'{needed.script_id}', and your version of that script ({script.path}) has no "
            "such step; rename it back, or remove your version to use the built-in one."
        )
    return problems
