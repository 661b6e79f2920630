"""A contribution: the entries one leader chose to share with their trio or cohort.

The file (written by companion.export.share, read by companion.importing.contributions)::

    {"companion_contribution": 1,
     "id": "<content hash>",
     "contributor": "Amira" | null,
     "entries": [{"id": "<content hash>", "script": "capture-impact",
                  "script_title": "Capture impact", "when": "2026-11-03" | "2026-11",
                  "tags": ["walking"],
                  "answers": [{"step": "evidence", "prompt": "...", "kind": "long",
                               "value": "..." | 3 | ["..."], "label": "..." | null}]}]}

No journal id, time of day, commitment id or due date goes: an entry's id is a hash of its
script and answers, so the same reflection shared twice (named, then anonymously) is one entry,
and a contribution's id is a hash of all it holds, so the same file gathered twice counts once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

#: The key that says a JSON file is a contribution, and the newest format this Companion reads.
MARKER = "companion_contribution"
FORMAT = 1

AnswerValue = str | int | list[str]


@dataclass(frozen=True)
class SharedAnswer:
    """One answer as it left a journal: its step, question, kind and value (a choice's label)."""

    step: str
    prompt: str
    kind: str
    value: AnswerValue
    label: str | None = None

    def text(self) -> str:
        """The answer as words: a choice by its label, a list one item a line."""
        if self.label:
            return self.label
        if isinstance(self.value, list):
            return "\n".join(f"- {item}" for item in self.value)
        return str(self.value)

    def to_doc(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "prompt": self.prompt,
            "kind": self.kind,
            "value": self.value,
            "label": self.label,
        }


@dataclass(frozen=True)
class SharedEntry:
    """One shared reflection: its script, when (a day, or a month when anonymous), its answers."""

    script: str
    script_title: str
    when: str
    tags: tuple[str, ...] = ()
    answers: tuple[SharedAnswer, ...] = ()

    @property
    def id(self) -> str:
        """The same for the same reflection, whoever shares it and however (its content)."""
        return _digest({"script": self.script, "answers": [a.to_doc() for a in self.answers]})

    def answer(self, step: str) -> SharedAnswer | None:
        return next((a for a in self.answers if a.step == step), None)

    def text(self, step: str) -> str:
        """The words of the answer to step ('' when it was not shared)."""
        found = self.answer(step)
        return found.text().strip() if found is not None else ""

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "script": self.script,
            "script_title": self.script_title,
            "when": self.when,
            "tags": list(self.tags),
            "answers": [a.to_doc() for a in self.answers],
        }


@dataclass(frozen=True)
class Contribution:
    """What one leader shared (contributor None: anonymous)."""

    contributor: str | None
    entries: tuple[SharedEntry, ...] = ()

    @property
    def id(self) -> str:
        return _digest(
            {"contributor": self.contributor, "entries": [e.to_doc() for e in self.entries]}
        )

    @property
    def who(self) -> str:
        return self.contributor or "a participant"

    def to_doc(self) -> dict[str, Any]:
        return {
            MARKER: FORMAT,
            "id": self.id,
            "contributor": self.contributor,
            "entries": [e.to_doc() for e in self.entries],
        }

    def to_json(self) -> str:
        """The file's text: the same bytes for the same contribution."""
        return json.dumps(self.to_doc(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _digest(data: Any) -> str:
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(frozen=True)
class Gathered:
    """Several contributions, each counted once, and each reflection once: in the order given."""

    contributions: tuple[Contribution, ...] = ()
    #: Every entry once, with the contribution it came from first.
    entries: tuple[tuple[SharedEntry, Contribution], ...] = ()
    repeated_files: int = 0
    repeated_entries: int = 0
    names: tuple[str, ...] = field(default=())

    @property
    def anonymous(self) -> int:
        return sum(1 for c in self.contributions if c.contributor is None)

    def of_script(self, script: str) -> list[tuple[SharedEntry, Contribution]]:
        return [(e, c) for e, c in self.entries if e.script == script]

    def summary(self) -> str:
        """What was gathered, in one or two sentences."""
        files = _count(len(self.contributions), "contribution")
        text = f"Gathered {_count(len(self.entries), 'entry', 'entries')} from {files}."
        repeats = []
        if self.repeated_files:
            repeats.append(_count(self.repeated_files, "contribution") + " given more than once")
        if self.repeated_entries:
            repeats.append(
                _count(self.repeated_entries, "entry", "entries") + " shared more than once"
            )
        if repeats:
            text += " Counted once: " + " and ".join(repeats) + "."
        return text


def gather(contributions: Iterable[Contribution]) -> Gathered:
    """Contributions in the order given; a repeated one (same id) and a repeated reflection
    (same script and answers, in any contribution) count once."""
    kept: list[Contribution] = []
    seen_files: set[str] = set()
    seen_entries: set[str] = set()
    entries: list[tuple[SharedEntry, Contribution]] = []
    repeated_files = repeated_entries = 0
    for contribution in contributions:
        if contribution.id in seen_files:
            repeated_files += 1
            continue
        seen_files.add(contribution.id)
        kept.append(contribution)
        for entry in contribution.entries:
            if entry.id in seen_entries:
                repeated_entries += 1
                continue
            seen_entries.add(entry.id)
            entries.append((entry, contribution))
    names = _unique(c.contributor for c in kept if c.contributor)
    return Gathered(tuple(kept), tuple(entries), repeated_files, repeated_entries, names)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else (plural or noun + 's')}"


def join_words(parts: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
