"""The three things a trio or cohort makes together, as Markdown: learning, impact, Culture Book.

Every leader's word is quoted as data: controls made visible (core.text.safe_text), a code
fence an answer leaves open closed, one-line words escaped (md_inline); the HTML page is this
Markdown through the export's inert renderer (html_page: raw HTML shown as text, a CSP).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from companion.core.dates import shown_date
from companion.core.known_scripts import (
    CAPTURE_IMPACT,
    LEARNING_STEPS,
    REFRAME_BARRIER,
    REVIEW_EXPERIMENT,
    SHARED_PURPOSE,
    ImpactStep,
    PurposeStep,
    ReframeStep,
    ReviewExperimentStep,
)
from companion.core.text import safe_line, safe_text
from companion.core.views.render import close_open_fences, md_inline
from companion.export.gather.model import Contribution, Gathered, SharedEntry, join_words

UNTAGGED = "Not tagged"
NO_KIND = "Kind not given"


def inline(text: str) -> str:
    """Words from a contribution on one line, shown as themselves."""
    return md_inline(safe_line(text))


def when_words(when: str) -> str:
    """'3 November 2026' for a day, 'November 2026' for a month (an anonymous share)."""
    try:
        if len(when) == 7:
            return shown_date(date.fromisoformat(when + "-01"), "%B %Y")
        return shown_date(date.fromisoformat(when), "%-d %B %Y")
    except ValueError:
        return inline(when)


def credit(entry: SharedEntry, contribution: Contribution) -> str:
    return f"— {inline(contribution.who)} ({inline(entry.script_title)}, {when_words(entry.when)})"


def quote(text: str, attribution: str = "") -> list[str]:
    """A block quote of a leader's words (Markdown kept, nothing able to break out of it)."""
    body = close_open_fences(safe_text(text).strip())
    lines = [f"> {line}".rstrip() for line in body.splitlines()]
    if attribution:
        lines += [">", f"> {attribution}"]
    return [*lines, ""]


def first_line(text: str, limit: int = 80) -> str:
    words = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def _cover(title: str, gathered: Gathered, purpose: str) -> list[str]:
    who = [inline(name) for name in gathered.names]
    if gathered.anonymous:
        who.append(
            "a participant" if gathered.anonymous == 1 else f"{gathered.anonymous} participants"
        )
    lines = [f"# {title}", "", purpose, ""]
    count = len(gathered.contributions)
    lines += [
        f"Gathered from {count} {'contribution' if count == 1 else 'contributions'}"
        + (f" ({join_words(who)})" if who else "")
        + f": {len(gathered.entries)} {'entry' if len(gathered.entries) == 1 else 'entries'}.",
        "",
    ]
    return lines


def _nothing(where: str) -> list[str]:
    return [f"*Nothing shared here yet: it comes from {where}.*", ""]


# ---------------------------------------------------------------------- learning


def learning_markdown(gathered: Gathered) -> str:
    """Insights and learning by theme (tags), then the barriers named, by kind."""
    lines = _cover(
        "What we learned together",
        gathered,
        "The key learning and insights the participants chose to share, by theme and by the "
        "kind of barrier they met.",
    )
    by_theme: dict[str, list[str]] = {}
    for entry, contribution in gathered.entries:
        steps = LEARNING_STEPS.get(entry.script, ())
        blocks = [entry.text(step) for step in steps if entry.text(step)]
        if not blocks:
            continue
        said = quote("\n\n".join(blocks), credit(entry, contribution))
        for tag in sorted(entry.tags) or [UNTAGGED]:
            by_theme.setdefault(tag, []).extend(said)
    lines += ["## By theme", ""]
    if not by_theme:
        lines += _nothing(
            "the learning questions of a workshop close-out, a learning diary, a "
            "coaching debrief or an experiment review"
        )
    for theme in sorted(by_theme, key=lambda t: (t == UNTAGGED, t.casefold())):
        lines += [f"### {inline(theme)}", "", *by_theme[theme]]
    lines += ["## By barrier kind", ""]
    by_kind: dict[str, list[str]] = {}
    for entry, contribution in gathered.of_script(REFRAME_BARRIER):
        barrier = entry.text(ReframeStep.BARRIER)
        if not barrier:
            continue
        text = f"**The barrier:** {barrier}"
        enabler = entry.text(ReframeStep.ENABLER)
        if enabler:
            text += f"\n\n**As an enabler:** {enabler}"
        kind = entry.text(ReframeStep.BARRIER_KIND) or NO_KIND
        by_kind.setdefault(kind, []).extend(quote(text, credit(entry, contribution)))
    if not by_kind:
        lines += _nothing("*Reframe a barrier into an enabler*")
    for kind in sorted(by_kind, key=lambda k: (k == NO_KIND, k.casefold())):
        lines += [f"### {inline(kind)}", "", *by_kind[kind]]
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------- impact

_IMPACT_PARTS = (
    (ImpactStep.EVIDENCE, "Evidence of change"),
    (ImpactStep.EARLY_SIGNS, "Early signs of impact on citizens"),
    (ImpactStep.DIFFICULTIES, "Difficulties met"),
)


def impact_markdown(gathered: Gathered) -> str:
    """Each barrier removed or redesigned, its evidence, early signs and difficulties; then the
    experiments reviewed."""
    lines = _cover(
        "Impact report",
        gathered,
        "The barriers the participants removed or redesigned, the evidence of change, the early "
        "signs of impact on citizens, and the difficulties met along the way.",
    )
    lines += ["## Barriers removed or redesigned", ""]
    captured = gathered.of_script(CAPTURE_IMPACT)
    number = 0
    for entry, contribution in captured:
        changed = entry.text(ImpactStep.BARRIER_CHANGED)
        parts = [(title, entry.text(step)) for step, title in _IMPACT_PARTS]
        if not changed and not any(text for _, text in parts):
            continue
        number += 1
        heading = first_line(changed) or "A barrier (not named)"
        lines += [f"### {number}. {inline(heading)}", "", f"*{credit(entry, contribution)}*", ""]
        if changed:
            lines += ["**The barrier removed or redesigned**", "", *quote(changed)]
        for title, text in parts:
            if text:
                lines += [f"**{title}**", "", *quote(text)]
    if not number:
        lines += _nothing("*Capture impact*")
    lines += ["## Experiments reviewed", ""]
    reviewed = 0
    for entry, contribution in gathered.of_script(REVIEW_EXPERIMENT):
        happened = entry.text(ReviewExperimentStep.HAPPENED)
        if not happened:
            continue
        reviewed += 1
        text = happened
        decision = entry.text(ReviewExperimentStep.DECISION)
        if decision:
            text += f"\n\n**Decision:** {decision}"
        lines += quote(text, credit(entry, contribution))
    if not reviewed:
        lines += _nothing("*Review an experiment*")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------- culture book


def culture_book_markdown(gathered: Gathered) -> str:
    """A first draft of the Culture Book: vision, principles, practical tools and guidance."""
    lines = _cover(
        "Culture Book (first draft)",
        gathered,
        "A vision and set of principles, with practical tools and guidance for the next group "
        "of leaders, gathered from what the participants shared. It is a draft: edit, merge "
        "and reword freely.",
    )
    lines += ["## Our vision", ""]
    purposes = 0
    for entry, contribution in gathered.of_script(SHARED_PURPOSE):
        parts = [
            (label, entry.text(step))
            for step, label in (
                (PurposeStep.WHAT, "What we want to do"),
                (PurposeStep.WHY, "Why"),
                (PurposeStep.BENEFITS, "The benefits"),
            )
        ]
        text = "\n\n".join(f"**{label}:** {words}" for label, words in parts if words)
        if text:
            purposes += 1
            lines += quote(text, credit(entry, contribution))
    if not purposes:
        lines += _nothing("*Shared purpose*")
    lines += ["## Principles", ""]
    captured = gathered.of_script(CAPTURE_IMPACT)
    principles = [
        f"- {inline(entry.text(ImpactStep.PRINCIPLE))} — *{inline(contribution.who)}*"
        for entry, contribution in captured
        if entry.text(ImpactStep.PRINCIPLE)
    ]
    lines += [*principles, ""] if principles else _nothing("*Capture impact*")
    lines += [
        "## Practical tools and guidance",
        "",
        "### What we'd tell the next group of leaders",
        "",
    ]
    advice = [
        quote(entry.text(ImpactStep.ADVICE), credit(entry, contribution))
        for entry, contribution in captured
        if entry.text(ImpactStep.ADVICE)
    ]
    lines += (
        [line for block in advice for line in block] if advice else _nothing("*Capture impact*")
    )
    lines += ["### Enablers to put in place of barriers", ""]
    enablers = [
        f"- {inline(entry.text(ReframeStep.ENABLER))} — *{inline(contribution.who)}*"
        for entry, contribution in gathered.of_script(REFRAME_BARRIER)
        if entry.text(ReframeStep.ENABLER)
    ]
    lines += [*enablers, ""] if enablers else _nothing("*Reframe a barrier into an enabler*")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------- the forms


@dataclass(frozen=True)
class Form:
    """One report a gathering can make."""

    name: str
    title: str
    label: str
    markdown: Callable[[Gathered], str]
    noun: str = ""  # in a sentence: "Wrote the impact report to ..."


FORMS: dict[str, Form] = {
    "learning": Form(
        "learning",
        "What we learned together",
        "Learning and insights",
        learning_markdown,
        "the learning report",
    ),
    "impact": Form(
        "impact", "Impact report", "Impact report", impact_markdown, "the impact report"
    ),
    "culture-book": Form(
        "culture-book",
        "Culture Book",
        "Culture Book (first draft)",
        culture_book_markdown,
        "the Culture Book",
    ),
}

_SPACES = re.compile(r"[\s_]+")


def report_form(name: str) -> Form:
    """The form called name; UsageError names the three otherwise."""
    from companion.core.errors import UsageError

    found = FORMS.get(_SPACES.sub("-", name.strip().lower()))
    if found is None:
        raise UsageError(
            f"Companion cannot make a report called {name!r}. Choose one of: {', '.join(FORMS)}."
        )
    return found


def report_document(gathered: Gathered, form: Form, fmt: str) -> str:
    """The report as Markdown, or as one inert HTML page (fmt 'html')."""
    text = form.markdown(gathered)
    if fmt != "html":
        return text
    from companion.export.html_page import markdown_to_html_page

    return markdown_to_html_page(text, title=form.title)
