"""Confidence over time: the 1-5 scale answers, month by month, beside follow-through.

Each scale question (a script's step of kind "scale", such as the workshop close-out's "How am
I feeling about it?") gets, for each month it was answered in, the mean of its answers and how
many there were. These are the leader's own figures, shown to the leader: means, never words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from companion.core.dates import shown_date
from companion.core.model import Entry, StepKind
from companion.core.views.reports import SPARK_BLOCKS

#: The scale's ends when a step does not say (the built-in scripts ask from 1 to 5).
LOW, HIGH = 1, 5


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@dataclass
class ScaleQuestion:
    """One scale question and its answers by month (month -> the numbers given)."""

    key: str  # "script-id/step-id"
    prompt: str  # as last asked
    script_title: str
    by_month: dict[str, list[float]] = field(default_factory=dict)

    def mean(self, month: str) -> float | None:
        numbers = self.by_month.get(month)
        return sum(numbers) / len(numbers) if numbers else None

    @property
    def answered(self) -> int:
        return sum(len(numbers) for numbers in self.by_month.values())


@dataclass
class Confidence:
    """Every scale question answered, and the months from the first answer to today."""

    months: list[str]
    questions: list[ScaleQuestion]

    def as_dict(self) -> dict[str, Any]:
        return {
            "questions": [
                {"id": q.key, "prompt": q.prompt, "script": q.script_title} for q in self.questions
            ],
            "months": [
                {
                    "month": month,
                    "scales": {
                        q.key: {"mean": round(mean, 2), "count": len(q.by_month[month])}
                        for q in self.questions
                        if (mean := q.mean(month)) is not None
                    },
                }
                for month in self.months
            ],
        }

    def lines(self) -> list[str]:
        """Each question, then its months: the mean and how many answers (plain lines)."""
        if not self.questions:
            return ["No scale questions answered yet (such as the workshop close-out's feeling)."]
        out = []
        for question in self.questions:
            out.append(f"{question.script_title}: {question.prompt}")
            for month in self.months:
                mean = question.mean(month)
                if mean is not None:
                    given = len(question.by_month[month])
                    out.append(f"  {month}  {mean:.1f}  from {given} answer{'s' * (given != 1)}")
        return out

    def main(self) -> ScaleQuestion | None:
        """The question answered most often: the one Home sums up."""
        return max(self.questions, key=lambda q: q.answered, default=None)

    def sparkline(self) -> str:
        """The main question's mean per month as blocks, 1 the lowest and 5 the highest."""
        question = self.main()
        if question is None:
            return ""
        out = []
        for month in self.months:
            mean = question.mean(month)
            if mean is None:
                out.append(" ")
                continue
            share = min(1.0, max(0.0, (mean - LOW) / (HIGH - LOW)))
            out.append(SPARK_BLOCKS[int(share * (len(SPARK_BLOCKS) - 1) + 0.5)])
        return "".join(out)

    def summary(self) -> str:
        """One line for Home: "Confidence 3.2 → 4.1 since June 2026" (or one month's mean)."""
        question = self.main()
        if question is None:
            return ""
        answered = [m for m in self.months if question.mean(m) is not None]
        first, last = answered[0], answered[-1]
        first_mean, last_mean = question.mean(first), question.mean(last)
        assert first_mean is not None and last_mean is not None
        if first == last:
            return f"Confidence {last_mean:.1f} in {_month_name(last)}"
        return f"Confidence {first_mean:.1f} → {last_mean:.1f} since {_month_name(first)}"


def _month_name(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return shown_date(date(year, month, 1), "%B %Y")


def confidence_over_time(
    entries: list[Entry], today: date, months: list[str] | None = None
) -> Confidence:
    """The scale answers by month; months, when given, are the ones shown (follow-through's)."""
    questions: dict[str, ScaleQuestion] = {}
    for entry in sorted(entries, key=lambda e: e.completed):
        day = entry.completed.date()
        if day > today:
            continue
        for answer in entry.answers:
            value = answer.value
            if answer.kind != StepKind.SCALE or isinstance(value, bool):
                continue
            if not isinstance(value, int | float):
                continue
            key = f"{entry.script_id}/{answer.step_id}"
            question = questions.setdefault(key, ScaleQuestion(key, "", entry.script_title))
            question.prompt, question.script_title = answer.prompt, entry.script_title
            question.by_month.setdefault(_month_key(day), []).append(float(value))
    if months is None:
        found = sorted({m for q in questions.values() for m in q.by_month})
        months = _every_month(found[0], _month_key(today)) if found else []
    return Confidence(months=months, questions=list(questions.values()))


def _every_month(first: str, last: str) -> list[str]:
    year, month = (int(part) for part in first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
