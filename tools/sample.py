"""A sample journal of any length, built the same way every time from a seed.

Ten years of a leader's reflections (2,000 entries across every built-in script, 3,000
commitments with their histories, tags, private answers and a couple of drafts) for benchmarks,
tests and demonstrations. Every answer is checked by the reflection engine's own rules, every
record is written through the journal service, and the same seed gives byte-identical files.

Nothing in the app imports this module: it is a tool for building journals, not a feature.

    from tools.sample import TEN_YEARS, generate
    generate(Path("/tmp/ten-years"), TEN_YEARS, seed=7)
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from companion.core import ids
from companion.core.known_scripts import COACHING_PREP
from companion.core.model import (
    LAST_REVIEW_KEY,
    Answer,
    AnswerValue,
    Commitment,
    CommitmentStatus,
    Draft,
    Entry,
    Script,
    Step,
)
from companion.core.scripts import Library, load_library
from companion.core.session import RuntimeStep, normalise, review_order
from companion.core.views.insights import SinceLastTime
from companion.journal import Journal

#: Bump when the generator's output changes, so cached sample journals are rebuilt.
GENERATOR_VERSION = 1
SEED = 20261120
#: The moment a sample journal is "as of": its newest record is just before it.
AS_OF = datetime(2026, 11, 20, 16, 30, tzinfo=UTC)

BST = timezone(timedelta(hours=1), "BST")
GMT = timezone(timedelta(0), "GMT")
_RANDOM_PART = 32**6 // 2


@dataclass(frozen=True)
class Size:
    """How much journal to build: over how many days, how many entries and commitments."""

    name: str
    days: int
    entries: int
    commitments: int
    drafts: int = 2


TEN_YEARS = Size("ten years", days=3652, entries=2000, commitments=3000)
ONE_WEEK = Size("one week", days=7, entries=5, commitments=7, drafts=1)
SIZES = {"ten-years": TEN_YEARS, "one-week": ONE_WEEK}

#: How often each script is used over the years (every script is used at least once).
SCRIPT_WEIGHTS = {
    "learning-diary": 24,
    "workshop-close-out": 12,
    "review-commitments": 12,
    "coaching-prep": 8,
    "coaching-debrief": 8,
    "reframe-barrier": 7,
    "plan-experiment": 7,
    "review-experiment": 6,
    "shared-purpose": 4,
    "empathy-map": 4,
    "capture-impact": 4,
    "my-leadership-story": 4,
}
#: The hour of day (local) each kind of reflection tends to be written at.
SCRIPT_HOURS = {
    "workshop-close-out": (16, 18),
    "coaching-prep": (19, 22),
    "coaching-debrief": (11, 14),
    "review-commitments": (15, 17),
    "learning-diary": (19, 23),
}
REVIEW_CAP = 10

# ---------------------------------------------------------------------- the word bank

PEOPLE = (
    "Priya", "Sam", "Carys", "Dev", "Nasra", "Terry", "Ruth", "Neil", "Amara", "Tom", "Jo",
    "Marcus", "Helen", "Bilal", "Grace", "Owen", "Yusuf", "Megan", "Ade", "Fiona",
)  # fmt: skip
ORGS = (
    "the council", "the ICB", "the leisure trust", "the housing association", "the PCN",
    "the schools partnership", "the combined authority", "the community foundation",
    "public health", "the carers' centre", "the youth service", "the police",
    "the voluntary sector forum", "the university",
)  # fmt: skip
PLACES = (
    "Eastfield", "the Northgate estate", "the library", "the community centre", "Riverside",
    "the leisure centre", "the primary school", "the market hall", "the park",
    "the high street", "Brook Lane", "the mosque",
)  # fmt: skip
GROUPS = (
    "residents", "young carers", "parents", "older residents", "the girls' football group",
    "the walking group", "volunteers", "frontline staff", "link workers",
    "the residents' panel", "Board members", "commissioners", "teenagers", "new arrivals",
)  # fmt: skip
MEETINGS = (
    "the Board", "the partnership meeting", "the trio call", "the steering group",
    "the workshop", "the coaching call", "the budget meeting", "the team meeting",
    "the locality forum", "the away day",
)  # fmt: skip
THEMES = (
    "inequality", "physical activity", "mental health", "safe walking routes",
    "lived experience", "resident voice", "prevention", "trust", "power", "funding",
    "data sharing", "governance", "unpaid carers", "active travel", "loneliness",
    "the cost of living",
)  # fmt: skip
FEELINGS = (
    "frustrated", "hopeful", "tired", "energised", "uneasy", "proud", "stuck", "curious",
    "anxious", "relieved", "exposed", "impatient",
)  # fmt: skip
SENTENCES = (
    "{person} said that {group} in {place} don't see {meeting} as theirs.",
    "We spent most of {meeting} on the dashboard again and never reached {theme}.",
    "I noticed I was {feeling} when {person} from {org} asked who actually decides.",
    "Nobody in the room had lived experience of {theme}, and it showed in every answer.",
    "{org} wants a paper; {group} want a conversation, somewhere they already go.",
    "What if we asked {group} to chair the first half hour of {meeting}?",
    "The money for {theme} sits with {org}, and the decision sits with people who never go "
    "to {place}.",
    "I want to try handing the agenda to {person} for a month and see what changes.",
    "It felt {feeling}, and a little exposed, to say it out loud in {meeting}.",
    "{person} reminded me that {theme} is years of work, not a quarter.",
    "Next time I'll bring a question, not a paper.",
    "The silo between {org} and {org2} is made of unasked questions as much as rules.",
    "Three people from {group} came to {place} and stayed for the whole session.",
    "I'm learning that leading change looks more like making room than making plans.",
    "We agreed to meet at {place} instead of the town hall, and more people came.",
    "The data on {theme} only tells us who already turns up.",
    "{person} challenged me on whether this was my agenda or theirs, and she was right.",
    "I kept quiet when {person} dismissed the idea, and I regret it.",
    "Small steps: one meeting, one conversation, one invitation at a time.",
    "Business as usual ate the time we had set aside for {theme} again.",
    "{group} told us the forms put them off long before the activity did.",
    "When {org} and {org2} sat at one table the conversation about {theme} changed.",
    "I felt {feeling} after {meeting}, mostly because we avoided the real question.",
    "The barrier isn't the budget; it's who gets to say what the budget is for.",
    "{person} and I walked {place} together and saw it the way {group} do.",
    "Good enough for now is better than perfect next year.",
    "If it's easy, are we really thinking about it?",
    "We tried it for six weeks at {place}; attendance doubled, then dipped in the holidays.",
    "My trio pushed me to name the thing I keep avoiding: the conversation with {person}.",
    "Power shows up in who writes the minutes and who is thanked in them.",
    "I'd like {meeting} to start with a story from {group}, not a slide.",
    "{org2} has the relationships; we have the money. Neither is enough alone.",
    "Winter pressures swallowed everything at {org} this month.",
    "There is more appetite for {theme} than I assumed, just not in the usual places.",
)
SESSIONS = (
    "Introductory workshop", "Storytelling and ambition-setting day", "Empathy mapping session",
    "System barriers workshop", "Culture Book writing session", "Experiments masterclass",
    "Psychological safety session", "Public narrative workshop", "Trio learning set",
    "Celebration event", "Coaching skills refresher", "Data and evidence clinic",
)  # fmt: skip
BARRIERS = (
    "The Board spends its meetings on performance dashboards, not on {theme}",
    "Funding for {theme} arrives in twelve-month pots that end before trust is built",
    "{org} and {org2} can't share the data that would show who is missing",
    "Every new idea needs three sign-offs from people who never see {place}",
    "The people most affected by {theme} are never in the room when it is decided",
    "Business as usual fills every diary, so there is no time for {theme}",
)
COMMITMENTS = (
    "Ask {person} to co-chair {meeting}",
    "Invite two of {group} to {meeting}",
    "Write a one-page note on {theme} for {org}",
    "Book a walkabout in {place} with {person}",
    "Have the honest conversation with {person} about {theme}",
    "Share what we learned about {theme} with {org}",
    "Move {meeting} to {place} for one month",
    "Block Friday mornings for trio work",
    "Ask {group} what would make {place} feel safe",
    "Send {person} the draft on {theme} before Thursday",
    "Find out who in {org} holds the budget for {theme}",
    "Take the performance report as read at {meeting}",
)
FIRST_STEPS = (
    "Email {person}",
    "Put an hour in the diary",
    "Ask {person} what they think first",
    "Draft three questions",
    "Check the dates with {org}",
    "Ring {person}",
)
DONE_NOTES = (
    "Done, and {person} wants to do it again.",
    "Done at last.",
    "Done. Easier than I feared.",
    "Done; {group} came too.",
    "",
)
DROP_NOTES = (
    "Overtaken by events.",
    "Not mine to do after all: {org} has picked it up.",
    "Letting it go; it was never going to happen this year.",
    "",
)
RENEGOTIATE_NOTES = (
    "Too big for one month.",
    "Winter pressures at {org}.",
    "Waiting on {person}.",
    "Smaller step, sooner.",
)
STILL_ON_NOTES = (
    "Slipping, but it still matters.",
    "Waiting on {org}.",
    "Started, not finished.",
    "",
    "",
)
INDICATORS = (
    "Number of {group} at {meeting}",
    "Who speaks first at {meeting}",
    "Referrals from {org}",
    "Footfall at {place} on weekday evenings",
    "Stories we hear back from {group}",
    "Time the Board spends on {theme}",
)
PRINCIPLES = (
    "Bring a question, not a paper",
    "Give the best hour to a real challenge",
    "Put the people affected in the room",
    "Start small and visible",
    "Ask before assuming the answer is no",
    "Meet people where they already are",
)
TAGS = ("trio", "board", "governance", "funding", "storytelling", "culture-book", "data")


class _Words:
    """Sentences, names and phrases from the word bank, drawn from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str) -> str:
        return template.format_map(_Slots(self.rng))

    def pick(self, bank: tuple[str, ...]) -> str:
        return _capital(self.fill(self.rng.choice(bank)))

    def paragraph(self, sentences: int) -> str:
        chosen = self.rng.sample(SENTENCES, sentences)
        return " ".join(_capital(self.fill(template)) for template in chosen)

    def long(self, step: Step) -> str:
        if step.target_words:
            count = self.rng.randint(7, 11)
        else:
            count = self.rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6, 8))
        text = self.paragraph(count)
        if count >= 6 and self.rng.random() < 0.5:  # long answers come in paragraphs
            cut = text.find(". ", len(text) // 2)
            if cut > 0:
                text = text[: cut + 1] + "\n\n" + text[cut + 2 :]
        return text

    def short(self, step: Step) -> str:
        if step.id == "session":
            return self.rng.choice(SESSIONS)
        if step.id == "barrier":
            return self.pick(BARRIERS)
        if step.id == "principle":
            return self.rng.choice(PRINCIPLES)
        if step.id == "whose":
            return _capital(f"{self.rng.choice(GROUPS)} in {self.rng.choice(PLACES)}")
        if step.id in ("aspect", "for"):
            return _capital(f"{self.rng.choice(THEMES)} in {self.rng.choice(PLACES)}")
        return self.pick(SENTENCES)

    def items(self, step: Step) -> list[str]:
        count = self.rng.randint(1, 5)
        if step.id == "indicators":
            return [self.pick(INDICATORS) for _ in range(count)]
        people = self.rng.sample(PEOPLE, count)
        return [f"{person} ({self.rng.choice(ORGS)})" for person in people]

    def note(self, bank: tuple[str, ...]) -> str:
        return _capital(self.fill(self.rng.choice(bank)))


_SLOTS = {
    "person": PEOPLE,
    "org": ORGS,
    "place": PLACES,
    "group": GROUPS,
    "meeting": MEETINGS,
    "theme": THEMES,
    "feeling": FEELINGS,
}


class _Slots(dict[str, str]):
    """Fills a template's slots on demand, in the order they appear (so the seed decides all)."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def __missing__(self, key: str) -> str:
        if key == "org2":
            value = self.rng.choice([o for o in ORGS if o != self.get("org")])
        else:
            value = self.rng.choice(_SLOTS[key])
        self[key] = value
        return value


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------- time


def uk_time(moment: datetime) -> datetime:
    """A moment as UK wall-clock time, with a fixed +01:00 or +00:00 offset."""
    utc = moment.astimezone(UTC)
    year = utc.year

    def last_sunday(month: int) -> datetime:
        day = datetime(year, month, 31, 1, tzinfo=UTC)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    summer = last_sunday(3) <= utc < last_sunday(10)
    return utc.astimezone(BST if summer else GMT)


class SampleClock:
    """The journal's clock while a sample is built: it says what the story says."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


# ---------------------------------------------------------------------- the records


@dataclass
class Sample:
    """A whole sample journal, in memory, before it is written."""

    size: Size
    seed: int
    start: datetime
    as_of: datetime
    entries: list[Entry] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    last_review: datetime | None = None


@dataclass
class _Plan:
    """What will happen to a commitment later, unless a weekly review gets there first."""

    at: datetime
    status: CommitmentStatus
    note: str
    due: date | None = None
    step: str | None = None


class _Builder:
    def __init__(self, size: Size, seed: int, as_of: datetime, library: Library) -> None:
        self.size = size
        self.seed = seed
        self.rng = random.Random(f"companion-sample-{seed}")
        self.words = _Words(self.rng)
        self.library = library
        self.as_of = uk_time(as_of)
        self.start = uk_time(as_of - timedelta(days=size.days))
        self.sample = Sample(size, seed, self.start, self.as_of)
        self.used_ids: set[str] = set()
        self.plans: dict[str, list[_Plan]] = {}
        self.events: list[tuple[datetime, int, str, Any]] = []
        self.sequence = 0
        self.quick_adds = 0
        self.last_coaching: datetime | None = None
        self.active: dict[str, Commitment] = {}
        self.done = 0
        #: (entries, commitments, done) when the last coaching preparation was written.
        self.marks = (0, 0, 0)

    # ------------------------------------------------------------ ids and events

    def new_id(self, at: datetime) -> str:
        while True:
            made = ids.id_at(at, self.rng.randrange(_RANDOM_PART))
            if made not in self.used_ids:
                self.used_ids.add(made)
                return made

    def schedule(self, at: datetime, kind: str, payload: Any) -> None:
        self.sequence += 1
        heapq.heappush(self.events, (at, self.sequence, kind, payload))

    def moment_on(self, day: int, hours: tuple[int, int]) -> datetime:
        base = self.start + timedelta(days=day)
        local = uk_time(base)
        hour = self.rng.randint(hours[0], hours[1] - 1)
        minute, second = self.rng.randrange(60), self.rng.randrange(60)
        moment = local.replace(hour=hour, minute=minute, second=second, microsecond=0)
        moment = uk_time(moment)
        if moment >= self.as_of:
            moment = self.as_of - timedelta(minutes=self.rng.randint(30, 600))
        return uk_time(moment)

    # ------------------------------------------------------------ planning

    def plan_scripts(self) -> list[tuple[str, bool]]:
        """Which script each entry uses, and whether an optional commitment step is answered.

        Entries never make more commitments than the size allows: a script that would is
        swapped for a learning diary. The rest of the commitments are added by hand.
        """
        scripts = [s for s in SCRIPT_WEIGHTS if s in self.library.scripts]
        scripts += sorted(s for s in self.library.scripts if s not in SCRIPT_WEIGHTS)
        weights = [SCRIPT_WEIGHTS.get(s, 2) for s in scripts]
        chosen = list(scripts) if self.size.entries >= len(scripts) else []
        while len(chosen) < self.size.entries:
            chosen.append(self.rng.choices(scripts, weights)[0])
        self.rng.shuffle(chosen)
        budget = self.size.commitments
        planned = []
        for script_id in chosen:
            script = self.library.get(script_id)
            needed = _commitment_steps(script, required=True)
            if needed > budget:
                script_id, needed = "learning-diary", 0
            budget -= needed
            optional = _commitment_steps(script, required=False)
            answered = optional > 0 and optional <= budget and self.rng.random() < 0.6
            budget -= optional if answered else 0
            planned.append((script_id, answered))
        self.quick_adds = budget
        return planned

    def plan_timeline(self) -> None:
        planned = self.plan_scripts()
        days = sorted(self.rng.randrange(self.size.days) for _ in planned)
        for day, (script_id, optional) in zip(days, planned, strict=True):
            if script_id == "review-commitments":  # a Friday ritual
                day = max(0, day - (self.start + timedelta(days=day)).weekday() + 4)
                day = min(day, self.size.days - 1)
            moment = self.moment_on(day, SCRIPT_HOURS.get(script_id, (8, 22)))
            self.schedule(moment, "entry", (script_id, optional))
        for _ in range(self.quick_adds):
            day = self.rng.randrange(self.size.days)
            self.schedule(self.moment_on(day, (8, 21)), "quick", None)

    # ------------------------------------------------------------ commitments

    def new_commitment(
        self, at: datetime, text: str | None = None, entry_id: str | None = None, **more: Any
    ) -> Commitment:
        rng = self.rng
        due = more.get("due")
        if "due" not in more and rng.random() < 0.85:
            due = (at + timedelta(days=rng.randint(3, 42))).date()
        first_step = more.get("first_step")
        if "first_step" not in more and rng.random() < 0.4:
            first_step = self.words.pick(FIRST_STEPS)
        commitment = Commitment(
            id=self.new_id(at),
            text=text or self.words.pick(COMMITMENTS),
            created=at,
            due=due,
            first_step=first_step,
            entry_id=entry_id,
            script_id=more.get("script_id"),
        )
        self.sample.commitments.append(commitment)
        self.active[commitment.id] = commitment
        self.plan_fate(commitment)
        return commitment

    def plan_fate(self, commitment: Commitment) -> None:
        """Decide now what will happen to the commitment, and when."""
        rng, words = self.rng, self.words
        created = commitment.created
        due_in = (commitment.due - created.date()).days if commitment.due else 21
        plans: list[_Plan] = []
        roll = rng.random()

        def later(days: float) -> datetime:
            return uk_time(created + timedelta(days=max(days, 0.2), minutes=rng.randint(0, 600)))

        if roll < 0.52:
            plans.append(
                _Plan(later(due_in * rng.uniform(0.3, 1.4)), CommitmentStatus.DONE, _note(words))
            )
        elif roll < 0.68:
            plans.append(
                _Plan(later(rng.uniform(5, 90)), CommitmentStatus.DROPPED, words.note(DROP_NOTES))
            )
        elif roll < 0.84:
            when = due_in + rng.uniform(-2, 7)
            new_due = (created + timedelta(days=when + rng.randint(7, 28))).date()
            step = words.pick(FIRST_STEPS) if rng.random() < 0.5 else None
            plans.append(
                _Plan(
                    later(when),
                    CommitmentStatus.RENEGOTIATED,
                    words.note(RENEGOTIATE_NOTES),
                    due=new_due,
                    step=step,
                )
            )
            after = rng.random()
            finish = (new_due - created.date()).days + rng.uniform(-5, 10)
            if after < 0.65:
                plans.append(_Plan(later(finish), CommitmentStatus.DONE, _note(words)))
            elif after < 0.85:
                plans.append(_Plan(later(finish), CommitmentStatus.DROPPED, words.note(DROP_NOTES)))
        elif roll < 0.97:
            plans.append(_Plan(later(rng.uniform(60, 240)), CommitmentStatus.DONE, _note(words)))
        # else: it stays open (and, past its date, overdue) for good.
        kept = []
        for plan in plans:
            if plan.at < self.as_of:
                kept.append(plan)
                self.schedule(plan.at, "change", (commitment, plan))
        self.plans[commitment.id] = kept

    def apply(self, commitment: Commitment, plan: _Plan, at: datetime) -> None:
        commitment.change_status(plan.status, at, note=plan.note, due=plan.due, step=plan.step)
        if not plan.status.is_active:
            self.active.pop(commitment.id, None)
        self.done += plan.status == CommitmentStatus.DONE
        pending = self.plans.get(commitment.id, [])
        if plan in pending:
            pending.remove(plan)

    # ------------------------------------------------------------ entries

    def answer_for(self, step: Step, at: datetime) -> AnswerValue:
        rng, words = self.rng, self.words
        value: Any
        if step.kind == "long":
            value = words.long(step)
        elif step.kind == "text":
            value = words.short(step)
        elif step.kind == "choice":
            if step.allow_other and rng.random() < 0.1:
                value = words.pick(BARRIERS)
            else:
                value = rng.choice(step.options).value
        elif step.kind == "multi":
            value = [o.value for o in rng.sample(step.options, rng.randint(1, 3))]
            if step.allow_other and rng.random() < 0.2:
                value.append(rng.choice(TAGS))
        elif step.kind == "scale":
            assert step.min is not None and step.max is not None
            value = rng.randint(step.min, step.max)
        elif step.kind == "list":
            value = words.items(step)
        elif step.kind == "date":
            value = (at + timedelta(days=rng.randint(1, 60))).date().isoformat()
        else:
            return None
        return normalise(RuntimeStep(step.id, step, step.prompt), value, at.date())

    def write_entry(self, script_id: str, optional_commitments: bool, at: datetime) -> None:
        rng = self.rng
        script = self.library.get(script_id)
        entry_id = self.new_id(at)
        answers: list[Answer] = []
        tags: list[str] = []
        made: list[Commitment] = []
        for step in script.steps:
            if step.kind == "info":
                if step.live == "since-last-coaching":
                    body = "\n".join(self.since_last_coaching(at).lines())
                    answers.append(Answer(step.id, step.prompt, "info", body))
                continue
            if step.kind == "commitment-review":
                answers.extend(self.review(step, at))
                continue
            if step.kind == "commitment":
                if not step.required and not optional_commitments:
                    continue
                commitment = self.new_commitment(at, entry_id=entry_id, script_id=script_id)
                made.append(commitment)
                value: AnswerValue = {
                    "text": commitment.text,
                    "due": commitment.due.isoformat() if commitment.due else None,
                    "first_step": commitment.first_step,
                    "commitment_id": commitment.id,
                }
                answers.append(Answer(step.id, step.prompt, step.kind, value))
                continue
            if not step.required and rng.random() < 0.25:
                continue
            value = self.answer_for(step, at)
            if value is None:
                continue
            # Beyond the steps private by default, a leader marks the odd answer private.
            private = step.private or (step.kind == "long" and rng.random() < 0.05)
            answers.append(Answer(step.id, step.prompt, step.kind, value, private))
            if step.sets_tags and isinstance(value, list):
                tags.extend("-".join(t.strip().lower().split()) for t in value)
        if not any(s.sets_tags for s in script.steps) and rng.random() < 0.2:
            tags.append(rng.choice(TAGS))
        started = at - timedelta(minutes=rng.randint(4, 40), seconds=rng.randrange(60))
        self.sample.entries.append(
            Entry(
                id=entry_id,
                script_id=script.id,
                script_version=script.version,
                script_title=script.title,
                started=started,
                completed=at,
                answers=answers,
                tags=list(dict.fromkeys(tags)),
                commitment_ids=[c.id for c in made],
            )
        )
        if script_id == COACHING_PREP:
            self.last_coaching = at
            self.marks = (len(self.sample.entries), len(self.sample.commitments), self.done)
        if any(s.kind == "commitment-review" for s in script.steps):
            self.sample.last_review = at

    def review(self, step: Step, at: datetime) -> list[Answer]:
        """A weekly review: each open commitment (most overdue first) gets a decision."""
        waiting = review_order(list(self.active.values()), at.date())[:REVIEW_CAP]
        if not waiting:
            body = "You have no open commitments. Well done, or time for a new one."
            return [Answer(step.id, "Nothing to review", "info", body)]
        answers = []
        week = at + timedelta(days=7)
        for commitment in waiting:
            pending = self.plans.get(commitment.id, [])
            plan = pending[0] if pending and pending[0].at < week else None
            if plan is None:
                note = self.words.note(STILL_ON_NOTES)
                decision: dict[str, Any] = {
                    "decision": "still-on",
                    "note": note or None,
                    "due": None,
                    "step": None,
                }
                commitment.change_status(commitment.status, at, note=note or "Still on")
            else:
                decision = {
                    "decision": _DECISIONS[plan.status],
                    "note": plan.note or None,
                    "due": plan.due.isoformat() if plan.due else None,
                    "step": plan.step,
                }
                self.apply(commitment, plan, at)
            decision["commitment_id"] = commitment.id
            answers.append(
                Answer(
                    f"{step.id}/{commitment.id}",
                    f"{step.prompt} “{commitment.text}”",
                    step.kind,
                    decision,
                )
            )
        return answers

    def since_last_coaching(self, at: datetime) -> SinceLastTime:
        """The summary a coaching preparation opens with, from what the story did so far."""
        entries, commitments, done = self.marks
        report = SinceLastTime(
            since=self.last_coaching,
            entries=len(self.sample.entries) - entries,
            commitments_made=len(self.sample.commitments) - commitments,
            commitments_done=self.done - done,
            commitments_open=len(self.active),
            commitments_overdue=sum(c.is_overdue(at.date()) for c in self.active.values()),
        )
        for entry in self.sample.entries[entries:]:
            if entry.script_id == "reframe-barrier":
                report.barriers.extend(_first_sentence(entry, "barrier"))
            elif entry.script_id == "plan-experiment":
                report.experiments.extend(_first_sentence(entry, "try"))
        return report

    def write_drafts(self) -> None:
        for number in range(self.size.drafts):
            script = self.library.get(("learning-diary", "coaching-prep")[number % 2])
            updated = self.as_of - timedelta(days=1 + 2 * number, hours=self.rng.randint(1, 5))
            answers = {}
            for step in script.steps:
                if step.kind == "info":
                    continue
                value = self.answer_for(step, updated)
                if value is not None:
                    answers[step.id] = Answer(step.id, step.prompt, step.kind, value, step.private)
                if len(answers) > number:
                    break
            self.sample.drafts.append(
                Draft(
                    id=self.new_id(updated - timedelta(minutes=12)),
                    script_id=script.id,
                    script_version=script.version,
                    script_title=script.title,
                    started=updated - timedelta(minutes=12),
                    updated=updated,
                    position=len(answers),
                    answers=answers,
                )
            )

    # ------------------------------------------------------------ the story

    def build(self) -> Sample:
        self.plan_timeline()
        while self.events:
            at, _, kind, payload = heapq.heappop(self.events)
            if kind == "entry":
                script_id, optional = payload
                self.write_entry(script_id, optional, at)
            elif kind == "quick":
                self.new_commitment(at)
            else:
                commitment, plan = payload
                if plan in self.plans.get(commitment.id, []):
                    self.apply(commitment, plan, at)
        self.write_drafts()
        return self.sample


_DECISIONS = {
    CommitmentStatus.DONE: "done",
    CommitmentStatus.DROPPED: "let-go",
    CommitmentStatus.RENEGOTIATED: "renegotiate",
}


def _note(words: _Words) -> str:
    return words.note(DONE_NOTES)


def _commitment_steps(script: Script, *, required: bool) -> int:
    return sum(1 for s in script.steps if s.kind == "commitment" and s.required == required)


def _first_sentence(entry: Entry, step_id: str) -> list[str]:
    """The first sentence of a shared answer (as the coaching preparation names it), if any."""
    answer = entry.answer(step_id)
    if answer is None or answer.private or not isinstance(answer.value, str):
        return []
    sentence = answer.value.split(". ")[0].rstrip(" .")
    return [sentence] if sentence else []


# ---------------------------------------------------------------------- the public face


def build(
    size: Size = TEN_YEARS,
    *,
    seed: int = SEED,
    as_of: datetime = AS_OF,
    library: Library | None = None,
) -> Sample:
    """Every record of a sample journal, in memory (the same for the same seed)."""
    library = library or load_library(include_user=False)
    return _Builder(size, seed, as_of, library).build()


def write(sample: Sample, folder: Path) -> Journal:
    """Write a sample into a new journal folder through the journal service."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(
            f"{folder} is not empty: a sample journal is only written into a new folder, "
            "so a real journal is never mixed with it."
        )
    clock = SampleClock(sample.start)
    journal = Journal.open(folder, clock=clock)
    clock.moment = sample.as_of
    journal.save_many(entries=sample.entries, commitments=sample.commitments)
    for draft in sample.drafts:
        journal.save_draft(draft)
    if sample.last_review is not None:
        journal.set_meta(LAST_REVIEW_KEY, sample.last_review.isoformat())
    return journal


def generate(
    folder: Path,
    size: Size = TEN_YEARS,
    *,
    seed: int = SEED,
    as_of: datetime = AS_OF,
    library: Library | None = None,
) -> Journal:
    """Build a sample journal of the given size and write it into a new folder."""
    return write(build(size, seed=seed, as_of=as_of, library=library), folder)


@dataclass(frozen=True)
class Summary:
    """What a sample journal holds, counted (for a test or a benchmark's header)."""

    entries: int
    commitments: int
    drafts: int
    by_script: dict[str, int]
    by_status: dict[str, int]
    overdue: int
    private_answers: int
    tagged_entries: int
    words: int
    first: datetime | None
    last: datetime | None


def summarise(
    entries: list[Entry], commitments: list[Commitment], drafts: list[Draft], today: date
) -> Summary:
    """Counts over a journal's records."""
    return Summary(
        entries=len(entries),
        commitments=len(commitments),
        drafts=len(drafts),
        by_script=dict(Counter(e.script_id for e in entries)),
        by_status=dict(Counter(c.status.value for c in commitments)),
        overdue=sum(c.is_overdue(today) for c in commitments),
        private_answers=sum(a.private for e in entries for a in e.answers),
        tagged_entries=sum(bool(e.tags) for e in entries),
        words=sum(_count_words(a.value) for e in entries for a in e.answers),
        first=min((e.completed for e in entries), default=None),
        last=max((e.completed for e in entries), default=None),
    )


def _count_words(value: object) -> int:
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, list):
        return sum(_count_words(v) for v in value)
    if isinstance(value, dict):
        return sum(_count_words(v) for k, v in value.items() if k != "commitment_id")
    return 0
