"""Build the fictional demo journal in journals/demo/ by driving Companion's real core.

Amira leads Active Brackenvale, a (fictional) physical activity partnership working with the
(fictional) Brackenvale Borough Council, the NHS, schools and community groups on inequalities.
This script replays her six months in a systems-leadership programme, from the introductory
workshop on 21 May 2026 to the night before the celebration event on 20 November 2026: every
entry is written through a real Session, and every commitment change goes through the Journal,
with a clock that this script moves forward. Nothing here writes journal files directly.

Every person, place and organisation is invented.

Run it from the repository root:

    .venv/bin/python tools/make_demo.py            # rebuilds journals/demo/
    .venv/bin/python tools/make_demo.py /tmp/x/demo # or a folder inside the temp directory

The output is the same on every run: the clock is scripted and the random part of each id
comes from a seeded generator.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from companion.core import ids  # noqa: E402
from companion.core.model import CommitmentStatus  # noqa: E402
from companion.core.scripts import load_library  # noqa: E402
from companion.core.session import Session  # noqa: E402
from companion.journal import Journal  # noqa: E402

DEFAULT_FOLDER = ROOT / "journals" / "demo"
SEED = 20261120
#: The day the demo is meant to be opened "as of": the celebration event.
AS_OF = date(2026, 11, 20)

BST = timezone(timedelta(hours=1), "BST")
GMT = timezone(timedelta(0), "GMT")
CLOCKS_GO_BACK = date(2026, 10, 25)


# ---------------------------------------------------------------------- time and ids


def london(day: str, time: str) -> datetime:
    """A wall-clock time in (fixed-offset) UK time: +01:00 in summer, +00:00 from 25 October."""
    when = date.fromisoformat(day)
    hours, minutes = (int(part) for part in time.split(":"))
    zone = BST if when < CLOCKS_GO_BACK else GMT
    return datetime(when.year, when.month, when.day, hours, minutes, tzinfo=zone)


class DemoClock:
    """A clock that only moves when the story says so."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        if moment < self.moment:
            raise ValueError(f"The demo clock cannot go back from {self.moment} to {moment}.")
        self.moment = moment

    def advance(self, minutes: int) -> None:
        self.moment += timedelta(minutes=minutes)


@contextmanager
def reproducible_ids(seed: int = SEED) -> Iterator[None]:
    """Ids take their time from the journal clock; this fixes their random part too."""
    with mock.patch.object(ids, "random_below", random.Random(seed).randrange):
        yield


# ---------------------------------------------------------------------- answers


@dataclass(frozen=True)
class Private:
    """An answer the leader marked private (beyond the steps that are private by default)."""

    value: Any


@dataclass(frozen=True)
class Shared:
    """An answer to a private-by-default step that the leader chose to share."""

    value: Any


@dataclass(frozen=True)
class Decision:
    """One commitment's outcome in a weekly review."""

    decision: str
    note: str | None = None
    due: str | None = None
    step: str | None = None
    private: bool = False

    def value(self) -> dict[str, Any]:
        return {"decision": self.decision, "note": self.note, "due": self.due, "step": self.step}


def commit(text: str, due: str | None = None, first_step: str | None = None) -> dict[str, Any]:
    """The answer to a commitment step."""
    answer: dict[str, Any] = {"text": text}
    if due:
        answer["due"] = due
    if first_step:
        answer["first_step"] = first_step
    return answer


def done(note: str | None = None, private: bool = False) -> Decision:
    return Decision("done", note, private=private)


def still_on(note: str | None = None, private: bool = False) -> Decision:
    return Decision("still-on", note, private=private)


def renegotiate(note: str, due: str | None = None, step: str | None = None) -> Decision:
    return Decision("renegotiate", note, due=due, step=step)


def let_go(note: str) -> Decision:
    return Decision("let-go", note)


def _words(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_words(v) for v in value.values())
    if isinstance(value, list):
        return sum(_words(v) for v in value)
    return len(str(value).split()) if value is not None else 0


def _thinking_minutes(value: Any) -> int:
    """How long the answer took to write, roughly: a minute, plus one per thirty words."""
    return 1 + _words(value) // 30


# ---------------------------------------------------------------------- the driver


class Demo:
    """Writes Amira's journal through Session and Journal, keeping track of her commitments."""

    def __init__(self, journal: Journal, clock: DemoClock) -> None:
        self.journal = journal
        self.clock = clock
        self.library = load_library(include_user=False)
        self.commitment_ids: dict[str, str] = {}
        self.labels: dict[str, str] = {}

    def reflect(
        self,
        when: datetime,
        script_id: str,
        answers: dict[str, Any],
        *,
        key: str | None = None,
        tags: Sequence[str] = (),
        decisions: dict[str, Decision] | None = None,
    ) -> None:
        """Run one script from start to finish at the given moment."""
        self.clock.set(when)
        session = Session(self.library.get(script_id), self.journal)
        if decisions is not None:
            self._review(session, dict(decisions))
        for step_id, given in answers.items():
            private: bool | None = None
            if isinstance(given, Private):
                given, private = given.value, True
            elif isinstance(given, Shared):
                given, private = given.value, False
            self.clock.advance(_thinking_minutes(given))
            session.answer(given, step_id=step_id, private=private)
        self.clock.advance(1)
        result = session.finish(extra_tags=list(tags))
        if key is not None:
            if len(result.commitments) != 1:
                raise SystemExit(f"{script_id} on {when:%d %B}: expected one commitment for {key}.")
            self.commitment_ids[key] = result.commitments[0].id
            self.labels[result.commitments[0].id] = key
        elif result.commitments:
            raise SystemExit(f"{script_id} on {when:%d %B}: a commitment needs a key.")

    def _review(self, session: Session, decisions: dict[str, Decision]) -> None:
        for runtime in session.steps:
            if runtime.commitment is None:
                continue
            label = self.labels[runtime.commitment.id]
            decision = decisions.pop(label, None) or still_on()
            self.clock.advance(_thinking_minutes(decision.note))
            session.answer(
                decision.value(), step_id=runtime.id, private=True if decision.private else None
            )
        if decisions:
            raise SystemExit(
                f"Review decisions for commitments not under review: {sorted(decisions)}"
            )

    def status(
        self,
        when: datetime,
        key: str,
        status: CommitmentStatus,
        note: str,
        due: date | None = None,
        step: str | None = None,
    ) -> None:
        """A change made from the commitments list, between entries."""
        self.clock.set(when)
        self.journal.set_commitment_status(
            self.commitment_ids[key], status, note=note, due=due, step=step
        )


# ---------------------------------------------------------------------- the six months


def write_story(demo: Demo) -> None:
    reflect, status, DONE = demo.reflect, demo.status, CommitmentStatus.DONE

    # ------------------------------------------------------------------ May: the start
    reflect(
        london("2026-05-21", "16:40"),
        "workshop-close-out",
        {
            "session": "Introductory workshop, Tarnside Community Hub",
            "resonated": (
                "The line about every system being perfectly designed to get the results it "
                "gets. Everyone in that room could name an inequality in their patch that has "
                "barely moved in ten years, and everyone has a dashboard that says we're doing "
                "fine. I also liked being in a room where nobody was presenting."
            ),
            "learned": (
                "That systems leadership isn't a job title. Half the people there have more "
                "influence over physical activity in Brackenvale than I do, and none of them "
                "would call it their job. I've been treating our partnership as the thing I "
                "manage, when really it's a set of relationships I'm one part of."
            ),
            "try": (
                "Stop treating the Board as an audience for our performance and start treating "
                "it as a group that could work on something together. Before that, look "
                "honestly at who is and isn't round our table."
            ),
            "commitment": commit(
                "Map who sits around our partnership table, and who doesn't",
                due="2026-06-05",
                first_step=(
                    "Pull the Board and steering group lists and mark who lives in the "
                    "neighbourhoods we talk about"
                ),
            ),
            "feeling": 4,
            "tags": ["inequality", "resident-voice"],
        },
        key="W1-table",
    )
    reflect(
        london("2026-05-28", "21:15"),
        "learning-diary",
        {
            "happened": (
                "Steering group this morning. Forty minutes on the leisure centre usage figures, "
                "ten on the Eastfield walking project, and nothing at all on why girls stop "
                "being active at secondary school, which is the one thing every partner says "
                "matters most. I chaired it. I could have changed the order and didn't."
            ),
            "noticed": (
                "How relieved everyone looked when we got to the numbers: they're safe. Dev kept "
                "trying to widen the conversation and I kept politely steering it back to the "
                "agenda. I do that when I'm anxious about time. Jo from Fennick Street didn't "
                "say a word all meeting, and she's the person closest to the children."
            ),
            "learning": "The agenda is a choice, and I make it. It isn't neutral.",
            "tags": ["children-and-young-people", "inequality", "meetings"],
        },
    )

    # ------------------------------------------------------------------ June: first coaching
    reflect(
        london("2026-06-02", "20:05"),
        "coaching-prep",
        {
            "ambitions": (
                "In five years I want the gap in activity levels between Eastfield and the rest "
                "of Brackenvale to have halved, because the council, the NHS, schools and "
                "community groups changed how they work together, not because we ran another "
                "twelve-week project. Right now we're nowhere near. We have good projects and a "
                "partnership that meets."
            ),
            "innovation": (
                "Curious, but tired. Four years in post and I can feel myself defaulting to "
                "whatever got funded last time. The workshop woke something up, and I'm wary of "
                "it fading once the inbox takes over again."
            ),
            "barriers": (
                "A Board built to receive reports, not to decide things together. Funding in "
                "twelve-month pots. Everyone stretched, so partnership work is the first thing "
                "to go when there's a crisis somewhere else."
            ),
            "enablers": (
                "A Board that works on one real problem at a time. Longer, lighter funding where "
                "we report what we've learned rather than footfall."
            ),
            "trio-reflections": (
                "I barely know Carys yet. Dev I trust, but he's senior in public health and I "
                "worry I'll defer to him. I don't know yet whether we'll have a shared problem "
                "or three separate ones."
            ),
            "trio-approach": "Listen first. I don't want to arrive with a plan.",
            "want-from-call": (
                "To get clear on where I actually have influence, and to stop trying to carry "
                "the whole partnership on my back."
            ),
            "prepared-and-safe": (
                "Knowing Ruth won't judge me for admitting the partnership is more fragile than "
                "our annual report suggests."
            ),
        },
        tags=["governance"],
    )
    reflect(
        london("2026-06-03", "13:10"),
        "coaching-debrief",
        {
            "takeaway": (
                "Ruth asked: 'Who is the Board for?' I started to say 'the partners' and "
                "realised I didn't know. And this, which stung: I'm trying to change a system "
                "from the position of the person who writes the minutes."
            ),
            "shift": (
                "I've been treating Dev as someone to impress rather than someone to think with. "
                "I suspect he's as frustrated by the Board as I am. I've just never asked."
            ),
            "commitment": commit(
                "Ask Dev for 45 minutes to talk honestly about what the Board is for",
                due="2026-06-19",
                first_step="Message him today, before I talk myself out of it",
            ),
        },
        key="D1-dev",
        tags=["governance"],
    )
    status(
        london("2026-06-05", "10:30"),
        "W1-table",
        DONE,
        "Eleven Board and steering group members. Two live in the neighbourhoods we talk about "
        "most, neither in Eastfield. No young people at all.",
    )
    reflect(
        london("2026-06-11", "19:30"),
        "reframe-barrier",
        {
            "barrier": (
                "Our partnership Board spends its time on performance dashboards, so "
                "inequalities never get a proper conversation."
            ),
            "barrier-kind": "governance",
            "shows-up": (
                "Every quarter: a forty-slide pack, RAG ratings, a leisure centre usage report "
                "that goes amber to green and back again. Members ask good questions about the "
                "numbers and none about Eastfield. Anything about young people gets the last ten "
                "minutes, when people are packing up."
            ),
            "cost": (
                "Me: two weeks of every quarter writing the pack. Partners: their best thinking "
                "spent on nodding. The people we serve: the decisions that would help them, about "
                "where the money goes and whose buildings are open when, never get made because "
                "they never get discussed."
            ),
            "held-by": (
                "Neil, if I'm honest: the leisure contract is his, and the dashboard is how he "
                "shows the council it's working. Hilary's instinct to keep meetings tidy. And me. "
                "I write the pack because it's safe and it makes me look competent."
            ),
            "enabler": (
                "A Board that spends the first half of each meeting working on one system "
                "challenge, with the people affected by it in the room, and takes the "
                "performance report as read."
            ),
            "experiment": commit(
                "Ask Hilary whether the July Board could open with one system challenge "
                "instead of the dashboard",
                due="2026-07-03",
                first_step="Put it on the agenda for my catch-up with her",
            ),
            "allies": [
                "Dev (council public health)",
                "Jo at Fennick Street Primary",
                "Owen at the CVS",
            ],
            "indicators": [
                "Board members bring their own examples to the meeting",
                "Someone other than me speaks first",
                "A decision gets made that wasn't in the papers",
            ],
        },
        key="R1-board-ask",
        tags=["governance", "inequality", "board"],
    )
    status(
        london("2026-06-12", "17:00"),
        "D1-dev",
        DONE,
        "Coffee at the Town Hall. He'd been waiting for someone to say it. We both think the "
        "Board is mostly there for the council's assurance.",
    )
    reflect(
        london("2026-06-17", "21:00"),
        "empathy-map",
        {
            "whose": "Girls aged 12 to 15 on the Eastfield estate who have stopped doing any sport",
            "see": (
                "A secondary school with a sports hall they're only in when it's timetabled. A "
                "park with a locked games area, and lads on it when it's open. Leaflets for free "
                "taster sessions at the leisure centre, which is two buses away. Mums and older "
                "sisters who are working or caring and not exercising either."
            ),
            "hear": (
                "Each other, mostly, and their phones. PE staff who are kind but stretched. "
                "Adults telling them to be more active, usually at them rather than with them."
            ),
            "think-and-feel": (
                "That sport is for sporty girls and PE is something done to them. Self-conscious "
                "about being watched, about changing rooms, about periods. Some of them carry a "
                "lot at home, younger siblings or a parent who's ill, and an hour at a club is an "
                "hour nobody is covering. Probably that nobody has ever asked them what they'd "
                "like."
            ),
            "do-and-expect": (
                "Walk a lot, actually, to school and town and each other's houses, but wouldn't "
                "call it exercise. Dance in their bedrooms. Drop things quickly if they feel "
                "judged. They expect adults to consult them and then do what was planned anyway."
            ),
            "receiving-end": (
                "We are a system of well-meant offers that each ask them to travel, sign up, "
                "change in front of others and be 'sporty'. Nobody in our partnership has sat "
                "down with a group of them in the last year: I checked. What surprised me is how "
                "much walking they already do. We count it as nothing because it isn't in a "
                "programme."
            ),
        },
        tags=["children-and-young-people", "inequality", "walking", "lived-experience"],
    )
    reflect(
        london("2026-06-23", "20:30"),
        "coaching-prep",
        {
            "ambitions": (
                "Same ambition, more honest about where it stands. The Board has nobody from "
                "Eastfield and no young people, and its agenda is shaped by me more than I'd "
                "admitted."
            ),
            "innovation": (
                "More energised than three weeks ago. The empathy map unsettled me, usefully."
            ),
            "barriers": Private(
                "Neil. I keep circling it. The leisure contract rewards throughput at the big "
                "centre, so anything that moves activity out into neighbourhoods looks like a "
                "threat to his numbers. He's senior to me, members like him, and I have never "
                "once challenged him directly."
            ),
            "enablers": (
                "Targets that reward reaching people who aren't active now, wherever they are. A "
                "relationship with Neil where we can disagree out loud."
            ),
            "trio-reflections": (
                "Carys is brilliant and blunt, and already impatient with the programme's "
                "language. Dev is careful. I think I'm the glue, which is both useful and a trap."
            ),
            "want-from-call": (
                "Help with raising the Board idea with Hilary without it sounding like a "
                "criticism of her chairing."
            ),
        },
        tags=["governance", "board"],
    )
    reflect(
        london("2026-06-24", "12:45"),
        "coaching-debrief",
        {
            "takeaway": (
                "'What's your story of why this matters to you?' I couldn't answer in under "
                "three minutes without sliding into strategy language. Ruth pointed out that "
                "the storytelling day will ask exactly that, and suggested I write it first."
            ),
            "shift": Private(
                "My reluctance to challenge Neil isn't only about him. It's an old pattern of "
                "mine with senior men who are well liked."
            ),
            "commitment": commit(
                "Write my 'why' on one page before the storytelling day",
                due="2026-07-01",
                first_step="Block Sunday evening",
            ),
        },
        key="D2-why",
    )

    # ------------------------------------------------------------------ July: stories and the trio
    reflect(
        london("2026-07-02", "17:20"),
        "workshop-close-out",
        {
            "session": "Storytelling and ambition-setting day",
            "resonated": (
                "A leader from a housing association told the story of a tenant's son who was "
                "moved off the only pitch near him because he didn't have a booking. The room "
                "went silent. No dashboard has ever done that to a room I've been in."
            ),
            "learned": (
                "A story of self, a story of us, a story of now. The 'now' is what our work "
                "usually lacks: we make everything sound like a five-year plan. And my story is "
                "allowed to include my own mistakes."
            ),
            "try": (
                "Open a Board item with a story instead of a slide. Start with the girls in "
                "Eastfield."
            ),
            "commitment": commit(
                "Tell the Eastfield story at the July Board instead of presenting the dashboard",
                due="2026-07-23",
                first_step="Ask Hilary for ten minutes at the top of the agenda",
            ),
            "feeling": 2,
            "tags": ["lived-experience", "children-and-young-people", "storytelling"],
        },
        key="W2-story-at-board",
    )
    reflect(
        london("2026-07-03", "08:10"),
        "my-leadership-story",
        {
            "moment": (
                "Three winters ago I stood in the Eastfield community centre car park with Nasra, "
                "who runs the women's walking group. We'd just been told that the hall they used "
                "after their walk would cost £28 an hour from January, because the building had "
                "moved to a 'commercial model' under the leisure contract. Nasra said, very "
                "calmly, 'So it's for people who already have money to be healthy.' I said I'd "
                "look into it."
            ),
            "felt": (
                "Ashamed, mainly. I had helped write the strategy about 'reducing barriers for "
                "under-represented groups', and here was a barrier we had built. I also felt "
                "powerless, which was convenient, because it let me off the hook."
            ),
            "did": (
                "I found a small grant to cover the room hire for a year. It worked and the group "
                "carried on. But I never challenged the pricing policy, and when the grant ran "
                "out they went back to walking in the rain and going straight home. I fixed the "
                "symptom and left the system exactly as it was."
            ),
            "story-of-us": (
                "Nasra and the walkers. Dev, who sees the same pattern in the health data. "
                "Carys's link workers, who refer people to community activities that keep "
                "disappearing. Jo at Fennick Street, who watches girls drift out of sport at "
                "eleven. We're each holding a piece of the same problem."
            ),
            "story-of-now": (
                "The leisure contract is up for review next year and the ICB is rewriting its "
                "prevention plan. If we don't make the case for neighbourhood activity now, the "
                "next five years get locked in the way the last five were. And the women who walk "
                "with Nasra can't wait five years."
            ),
        },
        tags=["lived-experience", "inequality", "accessible-and-safe-places", "storytelling"],
    )
    reflect(
        london("2026-07-03", "16:30"),
        "review-commitments",
        {
            "overall": (
                "The things I do quickly are the ones that only depend on me. The ones that "
                "depend on someone more senior slip, and I let them."
            ),
        },
        decisions={
            "D2-why": done(
                "Wrote it on the train to the storytelling day. Rough, but it got me through "
                "the story circle."
            ),
            "R1-board-ask": renegotiate(
                "Hilary is worried about surprising members. Fair. Aim for the September Board "
                "and give her time.",
                due="2026-09-11",
                step="Raise it properly at my 1-1 with Hilary on 20 August",
            ),
            "W2-story-at-board": still_on(
                "The Board is on the 21st and Hilary has given me ten minutes."
            ),
        },
    )
    reflect(
        london("2026-07-14", "20:50"),
        "coaching-prep",
        {
            "ambitions": (
                "Still halving the Eastfield gap. A little movement: a story at the July Board, "
                "and the trio starts next week."
            ),
            "innovation": "Braver. The storytelling day did something.",
            "barriers": (
                "Business as usual. July is commissioning season and I've spent eleven days on a "
                "funding return that one person will read."
            ),
            "enablers": "Protected time for the trio that isn't the first thing to go.",
            "trio-reflections": (
                "I'm nervous Carys will find me too cautious and Dev too process-bound. I want "
                "this to be the trio that does something, not the one that writes a lovely "
                "report."
            ),
            "trio-approach": (
                "Start with a real problem we all share rather than a framework. Ask each of them "
                "what they can honestly give, and say what I can give too."
            ),
            "want-from-call": (
                "A plan for the first trio session so it doesn't become another meeting."
            ),
            "prepared-and-safe": (
                "Saying out loud to Ruth that I'm scared of leading people who are more senior "
                "than me."
            ),
        },
        tags=["trio"],
    )
    reflect(
        london("2026-07-15", "13:00"),
        "coaching-debrief",
        {
            "takeaway": (
                "'Leading a trio isn't chairing it.' Ruth suggested I go first in naming what I "
                "can and can't give, so the others can be honest too."
            ),
            "commitment": commit(
                "Have an honest conversation with Dev and Carys about what each of us can really "
                "give the trio",
                due="2026-07-24",
                first_step="Suggest a 30-minute call after the launch session",
            ),
        },
        key="D3-trio-honest",
        tags=["trio"],
    )
    reflect(
        london("2026-07-21", "16:00"),
        "workshop-close-out",
        {
            "session": "Trio launch session",
            "resonated": (
                "Carys: 'I don't need another partnership. I need my link workers to have "
                "somewhere to send people that still exists in six months.' That's the whole "
                "thing in one sentence."
            ),
            "learned": (
                "Our three organisations measure success in completely different ways: "
                "attendances, health outcomes, referrals made. None of them is what a resident "
                "would call success."
            ),
            "try": (
                "Write down what we want to do together, however rough, so we're not just three "
                "people who like each other."
            ),
            "commitment": commit(
                "Draft a first shared purpose for the trio and send it round",
                due="2026-07-31",
                first_step="Write it in the Shared purpose script next Tuesday",
            ),
            "feeling": 4,
            "tags": ["trio", "physical-and-mental-health", "social-prescribing"],
        },
        key="W3-purpose-draft",
    )
    reflect(
        london("2026-07-23", "19:15"),
        "reframe-barrier",
        {
            "barrier": (
                "I'm expected to arrive with the answer, so I write the paper before anyone else "
                "gets a say."
            ),
            "barrier-kind": "constraining-culture",
            "shows-up": (
                "Steering group papers. I turn up with a fully worked proposal, partners make "
                "small amendments, and everyone leaves thinking it's Active Brackenvale's plan, "
                "not theirs."
            ),
            "cost": (
                "My evenings. Partners' ownership. Probably better ideas, too: Jo and Owen know "
                "things about Eastfield I never will."
            ),
            "enabler": (
                "Meetings where I bring a question and a bit of evidence, and the answer is made "
                "in the room."
            ),
            "experiment": commit(
                "Bring a question, not a paper, to the August steering group",
                due="2026-08-06",
                first_step="Write the question on one side of A4 and nothing else",
            ),
            "allies": ["Owen at the CVS", "Jo at Fennick Street Primary"],
            "indicators": [
                "Partners talk more than I do",
                "Someone offers to do something I didn't ask for",
            ],
        },
        key="R2-question",
        tags=["meetings"],
    )
    reflect(
        london("2026-07-28", "20:20"),
        "shared-purpose",
        {
            "aspect": (
                "Our trio: Active Brackenvale, council public health and the North Brackenvale PCN"
            ),
            "what": (
                "We want the people in Eastfield who are least active, starting with teenage "
                "girls and women who care for others, to have ways of moving that they choose, "
                "close to home, that don't disappear when a grant ends."
            ),
            "why": (
                "Because the system we run has built barriers instead: room hire, booking "
                "systems, twelve-week projects and referrals into activities that have closed. "
                "The people who most need to move are the ones we make it hardest for, and that "
                "shows up later as poorer physical and mental health."
            ),
            "benefits": (
                "Women and girls in Eastfield who are more active, more connected and more "
                "confident in their own neighbourhood, on their own terms. Link workers who can "
                "refer people to things that will still exist in six months. Schools that see "
                "girls stay active after eleven. A partnership that learns from residents "
                "instead of reporting at them, and spends money where the gap is widest. Over "
                "time, fewer people reaching their GP or A&E with problems that moving more and "
                "feeling less alone could have prevented, and a way of working the council, the "
                "NHS and community groups can use on the next problem too."
            ),
            "felt": Shared(
                "Harder than I expected. Carys wanted the NHS targets named; Dev wanted "
                "'inequalities' in every sentence. It got easier when we stopped writing for our "
                "own organisations and wrote for Nasra."
            ),
        },
        tags=["trio", "inequality", "physical-and-mental-health", "accessible-and-safe-places"],
    )
    status(
        london("2026-07-29", "09:20"),
        "W3-purpose-draft",
        DONE,
        "Sent round. Carys rewrote the middle bit, which is better.",
    )

    # ------------------------------------------------------------------ August: summer slows it all
    reflect(
        london("2026-08-07", "16:00"),
        "review-commitments",
        {
            "overall": (
                "Half of what slipped this month slipped because of other people's calendars. "
                "The other half is me. I'm off for two weeks from the 13th and I'd like to go "
                "without carrying all of this."
            ),
        },
        decisions={
            "D3-trio-honest": done(
                "Did it on the 22nd. I went first, as Ruth suggested: two hours a fortnight, no "
                "more. Carys can give less than that until October. Much better to know."
            ),
            "R2-question": done(
                "Brought a question. Ten seconds of silence felt like a minute. Then Jo spoke, "
                "and it was the best steering group we've had."
            ),
            "W2-story-at-board": still_on(
                "The July Board was cancelled: not quorate. Carry it to September."
            ),
            "R1-board-ask": still_on("1-1 with Hilary is booked for the 20th."),
        },
    )
    reflect(
        london("2026-08-12", "12:30"),
        "coaching-debrief",
        {
            "takeaway": (
                "No preparation for this one: squeezed in before leave. Ruth noticed I called the "
                "trio 'my project' all the way through the call. If it's mine, it isn't a trio."
            ),
            "shift": (
                "I've been protecting Carys and Dev from the work, as if asking for their time "
                "were an imposition. They signed up for this."
            ),
            "commitment": commit(
                "Block two hours a fortnight for trio work, and protect them",
                due="2026-08-28",
                first_step="Put the slots in all three diaries before I go on leave",
            ),
        },
        key="D4-trio-time",
        tags=["trio"],
    )
    reflect(
        london("2026-08-26", "21:40"),
        "learning-diary",
        {
            "happened": Private(
                "First week back. A properly bad day on Monday: two hundred emails, a complaint "
                "from a councillor about the Eastfield walking leaflets, and Neil forwarding it "
                "to me with 'see below'. I sat in the car at the end of the day and wondered "
                "whether I want to keep doing this job."
            ),
            "noticed": (
                "How fast the holiday calm went. Neil's two-word emails land in my body before "
                "I've read them. And I didn't tell anyone about the bad day: not Sam, not the "
                "trio. I told this journal."
            ),
            "learning": (
                "Change needs slack, and there is none in my week. If the programme ends and "
                "everything is still run from my inbox, nothing will have changed."
            ),
            "tags": ["physical-and-mental-health", "wellbeing"],
        },
    )
    reflect(
        london("2026-08-27", "20:00"),
        "reframe-barrier",
        {
            "barrier": (
                "Funding comes in twelve-month pots with quarterly returns that count "
                "attendances, not who we reach."
            ),
            "barrier-kind": "red-tape",
            "shows-up": (
                "The Eastfield walking and Girls Move projects each have a different return, "
                "with different definitions and deadlines. Nasra fills in a sign-in sheet on "
                "every walk because the ICB return wants unique attendances. Women stopped "
                "coming when they had to write their postcode down."
            ),
            "cost": (
                "About a day a month of Sam's time. Nasra's goodwill. And trust: the sign-in "
                "sheet tells residents we're counting them, not listening to them."
            ),
            "held-by": (
                "Priya's team inherited the template and nobody has ever asked to change it. "
                "Fear of audit. And us: we've never offered an alternative."
            ),
            "enabler": (
                "A light-touch learning conversation each quarter, with residents in it, that "
                "tells the funders more than the attendance figures ever did."
            ),
            "experiment": commit(
                "Propose to Priya at the ICB a quarterly learning conversation in place of the "
                "footfall return for the Eastfield projects",
                due="2026-09-30",
                first_step="Email Priya a one-paragraph idea, not a paper",
            ),
            "allies": ["Nasra", "Dev", "Sam"],
            "indicators": [
                "Priya agrees to try it for one quarter",
                "Nasra can stop using the sign-in sheet",
            ],
        },
        key="R3-funding-return",
        tags=["funding", "resident-voice", "walking"],
    )

    # ------------------------------------------------------------------ September: a yes
    reflect(
        london("2026-09-08", "20:15"),
        "coaching-prep",
        {
            "ambitions": (
                "The Board experiment is on for October: Hilary said yes to 45 minutes at the top "
                "of the meeting. It's the first structural change I've ever managed here."
            ),
            "innovation": "Energised but stretched. The summer took its toll.",
            "barriers": (
                "Time. The trio slots were eaten by the ICB's winter planning within a fortnight."
            ),
            "trio-reflections": (
                "Dev has been quiet since the council restructure was announced. I wonder "
                "whether his job is at risk and he can't say."
            ),
            "want-from-call": (
                "How to get residents into the Board meeting in a way that is genuinely safe for "
                "them and not a photo opportunity."
            ),
            "prepared-and-safe": "Being told it's fine that the trio is moving slowly.",
        },
        tags=["board", "resident-voice"],
    )
    reflect(
        london("2026-09-09", "13:15"),
        "coaching-debrief",
        {
            "takeaway": (
                "Ask residents what would make it worth their while, instead of deciding for "
                "them what 'safe' means."
            ),
            "shift": "Inviting Nasra isn't doing her a favour. We need her more than she needs us.",
            "commitment": commit(
                "Ask Nasra and two of the walkers whether they'd come to the October Board, and "
                "what would make it worth their while",
                due="2026-09-25",
                first_step="Join the Tuesday walk",
            ),
        },
        key="D5-invite-nasra",
        tags=["resident-voice", "board"],
    )
    reflect(
        london("2026-09-10", "17:00"),
        "workshop-close-out",
        {
            "session": "Systems mapping workshop",
            "resonated": (
                "Seeing our partnership drawn by someone else. The facilitator put Active "
                "Brackenvale in the middle, then asked us to redraw it with residents in the "
                "middle. We ended up at the edge, next to the funders."
            ),
            "learned": (
                "The faith groups and the food pantries are central to how Eastfield actually "
                "works, and we have no relationship with any of them."
            ),
            "try": "Share the map and ask what's missing, rather than presenting it as finished.",
            "commitment": commit(
                "Share the system map with the steering group and ask what's missing",
                due="2026-09-25",
            ),
            "feeling": 3,
            "tags": ["resident-voice", "inequality", "systems-mapping"],
        },
        key="W4-system-map",
    )
    reflect(
        london("2026-09-11", "16:15"),
        "review-commitments",
        {
            "overall": (
                "Letting go of the Board story felt like failing until I wrote down why. It was "
                "the right call."
            ),
        },
        decisions={
            "R1-board-ask": done(
                "Hilary said yes to October. Not half the meeting: 45 minutes. I'll take it."
            ),
            "W2-story-at-board": let_go(
                "Folded into the October Board experiment. No point telling the story twice to a "
                "Board that didn't meet."
            ),
            "D4-trio-time": renegotiate(
                "Two hours a fortnight didn't survive the ICB's winter planning. Smaller and "
                "more often might.",
                due="2026-10-30",
                step="One hour every Friday morning, 9 to 10, in the diary as 'trio'",
            ),
            "R3-funding-return": still_on("Priya has been on leave. Emailed her today."),
            "D5-invite-nasra": still_on("Walking with them on Tuesday."),
        },
    )
    reflect(
        london("2026-09-16", "21:00"),
        "empathy-map",
        {
            "whose": (
                "Nasra, who runs the Eastfield women's walking group, on the receiving end of our "
                "partnership"
            ),
            "see": (
                "Officers who arrive with lanyards and leave before the tea. A community centre "
                "with new prices. Posters for programmes that have been and gone. Funding forms "
                "with boxes for outcomes and outputs."
            ),
            "hear": (
                "From us: 'exciting new opportunity', 'pilot', 'sustainability'. From the women: "
                "what's really going on at home. From the council: that the room costs money now."
            ),
            "think-and-feel": (
                "That she does the system's work for free. That the partnership is grateful in "
                "public and forgetful in private. She's proud of the group and tired of proving "
                "it matters. I suspect she thinks I'm one of the better ones, and I'm not sure "
                "I've earned it."
            ),
            "do-and-expect": (
                "Turns up every Tuesday in all weathers. Texts the women who didn't come. Holds a "
                "lot of confidences. Expects to be consulted, thanked and then ignored, because "
                "that is what usually happens."
            ),
            "receiving-end": (
                "We're a procession of people who need something from her: data, a quote, a "
                "photo. What surprised me is that nobody has asked what she needs, me included. "
                "When I asked on Tuesday she said, 'A room, a kettle, and for you lot to stop "
                "changing the rules.'"
            ),
        },
        tags=["lived-experience", "resident-voice", "walking", "accessible-and-safe-places"],
    )
    status(
        london("2026-09-18", "15:00"),
        "D5-invite-nasra",
        DONE,
        "Nasra said yes if we pay for childcare and don't make her speak first. Two of the walkers "
        "are coming too. Fair terms.",
    )
    reflect(
        london("2026-09-29", "19:40"),
        "plan-experiment",
        {
            "for": (
                "Our Board spends its time on dashboards, so inequalities never get a proper "
                "conversation"
            ),
            "try": (
                "At the October Board, open with 45 minutes on one system challenge: why girls "
                "in Eastfield stop being active at secondary school. Nasra, two walkers, Jo and "
                "two Year 9 girls (with a parent) in the room. The performance report is taken as "
                "read. Members get one question to think about in advance, not a pack."
            ),
            "allies": ["Hilary (chair)", "Dev", "Jo at Fennick Street Primary", "Owen at the CVS"],
            "stakeholders": [
                "Neil (leisure contract)",
                "Councillor Pearce, portfolio holder",
                "The ICB's Board representative",
            ],
            "in-the-room": [
                "Nasra and two walkers",
                "Two Year 9 girls from Eastfield Academy, with a parent",
                "Jo",
            ],
            "indicators": [
                "Members ask residents questions rather than talking about them",
                "At least one decision or offer comes out of the 45 minutes",
                "Nobody asks for the dashboard back",
            ],
            "unhelpful": (
                "The pre-meeting where I walk the chair through the pack. This time we'll walk "
                "through the questions instead."
            ),
            "first-step": commit(
                "Send Hilary a one-page outline of the new format and rehearse the opening "
                "with her",
                due="2026-10-09",
                first_step="Write the outline on Thursday morning, before email",
            ),
        },
        key="P1-board-outline",
        tags=["board", "governance", "children-and-young-people", "resident-voice"],
    )
    reflect(
        london("2026-10-01", "20:10"),
        "plan-experiment",
        {
            "for": "Building community power in Eastfield",
            "try": (
                "Let a panel of Eastfield residents decide how £15,000 of our small grants is "
                "spent this winter, instead of officers scoring applications. The CVS holds the "
                "money; we get out of the way."
            ),
            "allies": ["Owen at the CVS", "Nasra", "Dev"],
            "stakeholders": ["Our finance lead", "Neil", "The ICB, who part-fund the pot"],
            "in-the-room": [
                "Residents who don't usually apply for anything",
                "Young people from the youth club",
            ],
            "indicators": [
                "Groups apply that have never applied before",
                "Panel members come back a second time",
                "Money reaches the streets with the lowest activity levels",
            ],
            "unhelpful": (
                "Our scoring matrix. It's fair on paper and rewards whoever writes the best "
                "application."
            ),
            "first-step": commit(
                "Agree with Owen that the CVS holds the £15k and residents decide",
                due="2026-10-16",
                first_step="Ring Owen; don't email",
            ),
        },
        key="P2-residents-panel",
        tags=["resident-voice", "inequality", "funding"],
    )

    # ------------------------------------------------------------------ October: experiments
    reflect(
        london("2026-10-06", "20:30"),
        "coaching-prep",
        {
            "ambitions": (
                "Two experiments planned and the Board one is a fortnight away. For the first "
                "time the ambition feels like something we're doing, not something I describe."
            ),
            "barriers": (
                "Neil has asked to 'see the papers early', which I read as wanting to manage it."
            ),
            "enablers": "A Board where disagreement happens in the room, and is welcome there.",
            "trio-reflections": (
                "Carys is carrying the referral work almost alone and I haven't asked how she "
                "is. Dev is back to himself: the restructure went his way."
            ),
            "trio-approach": (
                "Let Carys lead the next piece. It's her link workers who'll make or break it."
            ),
            "want-from-call": "To work out how to talk to Neil before the Board, not after.",
            "prepared-and-safe": (
                "Honestly, a plan for what I'll do if the Board goes badly in front of the "
                "residents."
            ),
        },
        tags=["board"],
    )
    reflect(
        london("2026-10-07", "13:00"),
        "coaching-debrief",
        {
            "takeaway": (
                "I've spent five months going round Neil. Ruth asked what it would cost me to go "
                "through him. The answer: an uncomfortable hour. What it costs Eastfield if I "
                "don't is a lot more."
            ),
            "shift": Private(
                "I've been treating Neil as the system, when he's one person inside it with "
                "targets he didn't write. It doesn't make the conversation easier, but it makes "
                "it less personal."
            ),
            "commitment": commit(
                "Tell Neil directly that the leisure contract targets are working against "
                "Eastfield, rather than going round him",
                due="2026-10-23",
                first_step="Book an hour in person; don't do it by email",
            ),
        },
        key="D6-neil",
        tags=["governance"],
    )
    reflect(
        london("2026-10-08", "17:10"),
        "workshop-close-out",
        {
            "session": "Experiments clinic",
            "resonated": (
                "'If you can't say what would make you stop, it isn't an experiment. It's a "
                "project.'"
            ),
            "learned": (
                "We've been designing experiments that can only succeed. The Board one has no stop"
                " condition at all."
            ),
            "try": "Name the stop conditions for both experiments.",
            "commitment": commit(
                "Write down our indicators and stop conditions and share them with the Board "
                "before the meeting",
                due="2026-10-16",
            ),
            "feeling": 3,
            "tags": ["board", "experiments"],
        },
        key="W5-indicators",
    )
    reflect(
        london("2026-10-09", "16:00"),
        "review-commitments",
        {"overall": "The experiments are moving. The conversations I'm avoiding aren't."},
        decisions={
            "P1-board-outline": done(
                "Outline sent on the 1st; rehearsed with Hilary yesterday. She's more nervous than "
                "me, which helped."
            ),
            "R3-funding-return": let_go(
                "Priya has moved to a new role in the ICB restructure and the new commissioner "
                "wants the return as it is, for now. Something for the new year, not now."
            ),
            "W4-system-map": renegotiate(
                "The steering group was cancelled. Smaller: two people I trust.",
                due="2026-10-23",
                step="Send it to Owen and Jo first and ask them what's missing",
            ),
            "D4-trio-time": still_on("Kept it twice out of four."),
            "P2-residents-panel": still_on("Haven't rung Owen yet."),
            "D6-neil": still_on("Not yet. I've drafted what I'd say three times."),
        },
    )
    status(
        london("2026-10-15", "11:30"),
        "P2-residents-panel",
        DONE,
        "Rang Owen. He agreed in ten minutes. I'd been bracing for a fight that was never coming.",
    )
    reflect(
        london("2026-10-16", "19:50"),
        "reframe-barrier",
        {
            "barrier": (
                "Link workers, schools and community clubs each hold part of a family's story, "
                "and nobody is allowed to join it up."
            ),
            "barrier-kind": "silos",
            "shows-up": (
                "Carys's link workers refer someone to 'a walking group', the group never hears "
                "about it, and the person turns up to a locked hall. Clubs can't take referrals "
                "without an induction at the leisure centre first. Schools know which children "
                "have stopped coming to PE but can't tell anyone."
            ),
            "cost": (
                "People fall through the gap at exactly the moment they've found the courage to "
                "try. Link workers lose faith in community options and refer to the gym, which "
                "most people never use."
            ),
            "held-by": (
                "Data protection anxiety, mostly: nobody has actually checked what's allowed. The "
                "induction rule is in the leisure contract. And three different IT systems."
            ),
            "enabler": (
                "One simple referral route that a link worker, a PE teacher or a club coach can "
                "all use, with the person's consent, and that tells the referrer whether they "
                "arrived."
            ),
            "experiment": commit(
                "Plan a referral-card test with Carys: two link workers and three community clubs",
                due="2026-10-20",
            ),
            "allies": ["Carys", "Terry at Millbrook Boxing Club", "Nasra"],
            "indicators": ["Referred people turn up", "Clubs tell link workers who arrived"],
        },
        key="R4-referral-plan",
        tags=["social-prescribing", "physical-and-mental-health"],
    )
    status(
        london("2026-10-20", "09:15"),
        "R4-referral-plan",
        DONE,
        "Planned it properly with Carys this morning: see the experiment plan.",
    )
    reflect(
        london("2026-10-20", "14:00"),
        "plan-experiment",
        {
            "for": "Joining up referrals between link workers, schools and community clubs",
            "try": (
                "For six weeks, two of Carys's link workers give people a paper referral card for "
                "one of three community clubs: the walking group, Millbrook Boxing Club and the "
                "Tuesday dance class at the Mill Lane hall. The club texts the link worker when "
                "someone arrives. No leisure centre induction, no forms beyond the card."
            ),
            "allies": ["Carys", "Terry at Millbrook Boxing Club", "Nasra"],
            "stakeholders": ["The PCN's information governance lead", "Neil (the induction rule)"],
            "in-the-room": ["Two link workers", "Someone who was referred and didn't go"],
            "indicators": [
                "Cards given, and how many people arrive",
                "Days between referral and first session",
                "Link workers say they trust the route",
            ],
            "first-step": commit(
                "Get the three clubs and two link workers in one room for an hour",
                due="2026-10-30",
                first_step="Terry has offered the boxing club's back room",
            ),
        },
        key="P3-referral-room",
        tags=["social-prescribing", "physical-and-mental-health", "trio"],
    )
    reflect(
        london("2026-10-22", "20:00"),
        "review-experiment",
        {
            "happened": (
                "The Board met on Monday. We opened with 45 minutes on why girls in Eastfield "
                "stop being active. Nasra and two walkers came, and two Year 9 girls with one of "
                "their mums. Jo talked about what she sees in PE. The performance report was "
                "taken as read, and nobody asked for it back."
            ),
            "worked": (
                "The girls were the most powerful people in the room. One said she'd use the park "
                "more if there were lights and 'somewhere to sit that isn't a bench the boys "
                "own'. Councillor Pearce asked for a walkabout, and two members offered things: a "
                "room, and some of the parks budget. What didn't work: I talked too much at the "
                "start, and we ran out of time to agree what happens next."
            ),
            "learned": (
                "The Board was never the problem; the format was. People will work on a real "
                "challenge if you put it in front of them with the people it affects. And Neil "
                "asked the best question of the night, which I did not expect."
            ),
            "decision": "amplify",
            "next": commit(
                "Write up the Board format on one page for the Culture Book and the other "
                "partnership boards",
                due="2026-11-13",
                first_step="Ask Hilary for three lines on what it felt like to chair",
            ),
        },
        key="RX1-board-writeup",
        tags=["board", "governance", "children-and-young-people", "accessible-and-safe-places"],
    )
    reflect(
        london("2026-10-27", "19:30"),
        "plan-experiment",
        {
            "for": "Business as usual crowding out the partnership's real work",
            "try": (
                "Pause our monthly partnership update meeting for November and December, and use "
                "the slot for one partner-led problem-solving session on the Eastfield referral "
                "route."
            ),
            "allies": ["Owen at the CVS", "Carys"],
            "stakeholders": [
                "Steering group members who value the update meeting",
                "Sam, who runs it",
            ],
            "in-the-room": ["Whoever owns that month's problem"],
            "indicators": [
                "Nobody misses the update meeting",
                "The session ends with an action a partner owns, not me",
            ],
            "unhelpful": (
                "The update meeting itself: twelve people reading out what's already in the papers."
            ),
            "first-step": commit(
                "Ask the steering group whether we can pause the update meeting in November",
                due="2026-11-06",
                first_step="Talk to Sam first; it's his meeting",
            ),
        },
        key="P4-pause-updates",
        tags=["meetings"],
    )
    reflect(
        london("2026-10-30", "16:10"),
        "review-commitments",
        {
            "overall": (
                "Three things closed this week. The one that stays open is about a relationship, "
                "not a task."
            ),
        },
        decisions={
            "W4-system-map": done(
                "Owen added the faith groups and food pantries we'd left off entirely; Jo added "
                "the school nurses. The map is better, and it's theirs now as much as mine."
            ),
            "W5-indicators": let_go(
                "We put indicators in the plan, but sharing them with the whole Board beforehand "
                "would have made it feel like a test for the residents. Next time: the chair only."
            ),
            "P3-referral-room": done(
                "Done yesterday in the boxing club's back room. The best hour of October."
            ),
            "D6-neil": still_on(
                "Still avoiding it. Booked, then he cancelled, and I was relieved. That relief is "
                "the thing to notice.",
                private=True,
            ),
            "D4-trio-time": still_on("Kept four Fridays out of seven. Not bad."),
        },
    )

    # ------------------------------------------------------------------ November: handing on
    reflect(
        london("2026-11-03", "20:00"),
        "coaching-prep",
        {
            "ambitions": (
                "The Board format looks likely to stay, the residents' panel has met and the "
                "referral cards are out. The gap in Eastfield hasn't moved, of course: that's "
                "years, not months. But the way decisions about it are made has."
            ),
            "innovation": (
                "Proud, and a bit anxious about what happens when the programme ends and the "
                "structure around it goes."
            ),
            "barriers": (
                "The ICB's winter pressures are swallowing everything, and the data question on "
                "the referral cards has gone to information governance and may not come back."
            ),
            "enablers": "A named owner for each experiment who isn't me.",
            "trio-reflections": (
                "We've become a real trio. Carys said last week she'd miss it. I've stopped being "
                "the glue and started being one of three, which is what I wanted, and slightly "
                "lonely."
            ),
            "want-from-call": "How the learning outlives the programme. And Neil. Again.",
        },
        tags=["trio"],
    )
    reflect(
        london("2026-11-04", "12:50"),
        "coaching-debrief",
        {
            "takeaway": (
                "Our last call. Ruth asked what I'd say about myself at the celebration event if "
                "I had to be honest. I said, 'I learned to stop writing the paper.' She said "
                "that's a principle, not a confession."
            ),
            "shift": (
                "The programme ending isn't the end of the work. I'd been treating it like a "
                "deadline."
            ),
            "commitment": commit(
                "Plan how the trio's learning gets handed on: who needs to hear what, and by when",
                due="2026-11-18",
                first_step="List the five people who most need to hear it",
            ),
        },
        key="D7-handover",
        tags=["trio"],
    )
    reflect(
        london("2026-11-05", "16:45"),
        "workshop-close-out",
        {
            "session": "Culture Book writing session",
            "resonated": (
                "Reading other leaders' principles and recognising my own mistakes in them."
            ),
            "learned": (
                "A principle has to be something another leader could act on next Monday. Most of "
                "mine were slogans."
            ),
            "commitment": commit(
                "Offer two principles from our experiments to the Culture Book draft",
                due="2026-11-26",
            ),
            "feeling": 4,
            "tags": ["culture-book"],
        },
        key="W6-principles",
    )
    reflect(
        london("2026-11-06", "15:30"),
        "review-experiment",
        {
            "happened": (
                "The residents' panel met twice at the community centre, with childcare and food. "
                "Seven residents came the first time and four the second. They funded nine "
                "groups, five of which had never had money from us, including a dads' football "
                "session and a women's swimming group."
            ),
            "worked": (
                "We reached new groups, and the residents were tougher and fairer judges than we "
                "are. What didn't work: the application form was still ours. Two groups Nasra "
                "knows didn't apply because of it, and three panel members dropped out because "
                "evenings don't work for carers."
            ),
            "learned": (
                "Handing over the decision isn't enough if we keep the form and the timetable. "
                "Power sits in the process, not just the vote."
            ),
            "decision": "adapt",
            "next": commit(
                "Redesign the application with Nasra and two residents: a conversation, not a form",
                due="2026-12-04",
                first_step="Ask Nasra which two people she'd want",
            ),
        },
        key="RX2-new-application",
        tags=["resident-voice", "inequality", "lived-experience"],
    )
    reflect(
        london("2026-11-12", "19:45"),
        "review-experiment",
        {
            "happened": (
                "In three weeks the two link workers gave out 14 cards and 6 people arrived at a "
                "club. Then the PCN's information governance lead asked us to pause until there "
                "is a data-sharing agreement, because the clubs were texting names back."
            ),
            "worked": (
                "Six people who would never have got through a leisure centre induction are now "
                "coming regularly, and Terry says two of them bring friends. The link workers "
                "loved knowing who arrived. What didn't work: we hadn't checked the governance "
                "first, so now we have to stop."
            ),
            "learned": (
                "Check what's allowed before assuming the answer is no, or yes. The governance "
                "lead wasn't against it; nobody had asked her. The silo is real, but it's made of "
                "unasked questions as much as rules."
            ),
            "decision": "stop",
            "next": commit(
                "Share what we learned about the data-sharing block with the ICB's population "
                "health group",
                due="2026-11-27",
                first_step="Write a two-page note with Carys",
            ),
        },
        key="RX3-share-learning",
        tags=["social-prescribing", "physical-and-mental-health", "governance"],
    )
    reflect(
        london("2026-11-13", "16:20"),
        "review-commitments",
        {
            "overall": (
                "Everything still open is about handing things on. Maybe that's the right shape "
                "for the end of a programme."
            ),
        },
        decisions={
            "D4-trio-time": still_on(
                "Slipping again: winter planning has eaten every Friday in November."
            ),
            "D6-neil": still_on(
                "Nothing. Neil asked the best question at the Board and I've been using that as a "
                "reason not to have the conversation. It still needs having.",
                private=True,
            ),
            "RX1-board-writeup": still_on("Half written. It's harder to write down than to do."),
            "P4-pause-updates": renegotiate(
                "Two partners want the update meeting kept for 'visibility'. Sam thinks halving "
                "it is a fair trade.",
                due="2026-12-04",
                step="Halve the update meeting to 30 minutes and give the other 30 to one problem",
            ),
            "D7-handover": still_on("The list is done; the conversations aren't."),
            "RX3-share-learning": renegotiate(
                "The group doesn't meet again until January. Smaller step, sooner.",
                due="2026-12-11",
                step="Send the two-page note to the group's chair instead of waiting for a slot",
            ),
        },
    )
    reflect(
        london("2026-11-17", "20:30"),
        "capture-impact",
        {
            "barrier-changed": (
                "Our partnership Board used to spend its meetings on performance dashboards, so "
                "inequalities were never properly discussed. Now the first 45 minutes of each "
                "Board goes to one system challenge, with the people affected by it in the room, "
                "and the performance report is taken as read. The Board has agreed to keep the "
                "format for the next year."
            ),
            "evidence": (
                "The October Board produced two offers (a room at the library and £8,000 from the "
                "parks budget for lighting on the Eastfield path) and a walkabout with the "
                "portfolio holder. Members have since sent in three system challenges of their "
                "own. The residents' panel funded nine groups, five of them new to us. Six people "
                "reached a community club through the referral cards."
            ),
            "early-signs": (
                "Too early for activity data. But the girls who came to the Board have been asked "
                "to help choose where the new lights go, and the Tuesday walk has four new women, "
                "two of them referred by a link worker."
            ),
            "difficulties": Private(
                "Almost everything slowed down over the summer, and the trio nearly stalled while "
                "Dev's job was in question. The referral experiment stopped because we didn't "
                "check information governance early enough. And I still haven't had the honest "
                "conversation with Neil about the leisure contract, which is probably the biggest "
                "barrier of all."
            ),
            "advice": (
                "Start with the people on the receiving end, not your organisation's plan. Bring "
                "a question, not a paper. And book the difficult conversation early: it doesn't "
                "get easier by waiting."
            ),
            "principle": (
                "Give the Board's best time to a real challenge, with the people it affects in the"
                " room."
            ),
            "tags": [
                "resident-voice",
                "inequality",
                "children-and-young-people",
                "accessible-and-safe-places",
                "lived-experience",
            ],
        },
    )
    reflect(
        london("2026-11-19", "21:30"),
        "learning-diary",
        {
            "happened": (
                "Rehearsed my three minutes for tomorrow's celebration event in the kitchen. I'm "
                "telling the Eastfield car park story, and finishing with what the girls said at "
                "the Board."
            ),
            "noticed": (
                "I cut the bit about Neil from the story, then put it back. I wanted the story to "
                "be tidier than the work was. Carys texted 'proud of us' at ten o'clock, which "
                "undid me a bit."
            ),
            "learning": (
                "Leading change mostly looks like asking better questions of the people I used to "
                "present to, and then making room for the answer. Six months is enough to change "
                "how a meeting works, not how a system works. That's fine. It's a start."
            ),
            "tags": ["lived-experience", "storytelling", "inequality"],
        },
    )


# ---------------------------------------------------------------------- building and checking


def check_folder(folder: Path) -> Path:
    """Refuse any folder but journals/demo or a scratch folder inside the temporary directory.

    A checkout may itself live in the temporary directory (as in CI), so nothing inside the
    checkout counts as scratch except journals/demo.
    """
    folder = folder.expanduser().resolve()
    temp = Path(tempfile.gettempdir()).resolve()
    checkout = DEFAULT_FOLDER.resolve().parent.parent
    scratch = folder != temp and folder.is_relative_to(temp) and not folder.is_relative_to(checkout)
    allowed = folder == DEFAULT_FOLDER.resolve() or scratch
    if not allowed:
        raise SystemExit(
            f"Refusing to build the demo journal in {folder}: it is rebuilt from scratch, so it "
            f"may only go in {DEFAULT_FOLDER} or a folder inside {temp}."
        )
    if folder.exists():
        if not folder.is_dir():
            raise SystemExit(f"Refusing to replace {folder}: it is a file, not a journal folder.")
        if any(folder.iterdir()) and not (folder / "journal.json").is_file():
            raise SystemExit(f"Refusing to empty {folder}: it is not a journal (no journal.json).")
    return folder


def build_demo(folder: Path = DEFAULT_FOLDER) -> dict[str, Any]:
    """Delete and rebuild the demo journal in folder; return its summary."""
    folder = check_folder(folder)
    if folder.exists():
        shutil.rmtree(folder)
    start = london("2026-05-21", "16:30")
    clock = DemoClock(start)
    with reproducible_ids():
        journal = Journal.open(folder, clock=clock)
        write_story(Demo(journal, clock))
        summary = summarise(journal)
    # Noise for a repository: the backups of every save, and the lock file.
    shutil.rmtree(folder / "backups", ignore_errors=True)
    (folder / ".lock").unlink(missing_ok=True)
    return summary


def summarise(journal: Journal, as_of: date = AS_OF) -> dict[str, Any]:
    entries = journal.entries()
    commitments = journal.commitments()
    return {
        "entries": len(entries),
        "by_script": Counter(e.script_id for e in entries),
        "commitments": len(commitments),
        "by_status": Counter(c.status.value for c in commitments),
        "overdue": sum(c.is_overdue(as_of) for c in commitments),
        "private_answers": sum(a.private for e in entries for a in e.answers),
        "tagged_entries": sum(bool(e.tags) for e in entries),
        "first": min(e.started for e in entries),
        "last": max(e.completed for e in entries),
    }


def print_summary(folder: Path, summary: dict[str, Any]) -> None:
    print(f"Demo journal written to {folder}")
    print(
        f"  {summary['entries']} entries, {summary['first']:%-d %B} to {summary['last']:%-d %B %Y}:"
    )
    for script_id, count in sorted(summary["by_script"].items()):
        print(f"    {script_id:<22} {count}")
    print(f"  {summary['commitments']} commitments:")
    for status in CommitmentStatus:
        print(f"    {status.value:<22} {summary['by_status'].get(status.value, 0)}")
    print(f"  {summary['overdue']} overdue as of {AS_OF:%-d %B %Y}")
    print(f"  {summary['private_answers']} private answers")
    print(f"  {summary['tagged_entries']} entries with tags")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild the fictional demo journal.")
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=DEFAULT_FOLDER,
        help=f"where to build it (default {DEFAULT_FOLDER}; otherwise only inside the temp folder)",
    )
    args = parser.parse_args(argv)
    summary = build_demo(args.folder)
    print_summary(check_folder(args.folder), summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
