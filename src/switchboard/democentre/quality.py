"""The demo's quality records: a scorecard, its sampling, a few hundred evaluations, the demo
agent's acknowledgements and disputes, and a calibration session.

- Nadia Kowalczyk (``qa``) imports and publishes the example voice scorecard
  (``scorecards/examples/customer_service.yaml``), sets the sampling rules (two random contacts
  per agent per week, and one each of the long, low-CSAT, complaint, transferred and
  new-starter contacts) and runs them for every week of the demo, which shares the contacts
  out between her and the second analyst, Joel Mensah (``qa2``).
- Two analysts cannot score all that. Each agent is in focus every other week (the coached
  agents every week, to follow the coaching up), when the analysts score one random pick and
  the worst unhappy-customer pick (a complaint, else a low CSAT); the other picks stay open
  for the week in hand and are cancelled for the weeks gone by. The answers come from
  :mod:`switchboard.democentre.quality_answers`; a few of the last week's are still drafts.
  The default demo (60 agents, 8 weeks) gets about 475 evaluations this way.
- The demo agent acknowledges their evaluations, disputes one (partly upheld by the analyst
  who did not score it, or the manager, so the history shows the score change) and has a
  second dispute open in the arbitrators' queue; :mod:`.quality_calibration` holds the
  calibration session, and :mod:`.quality_texts` the transcripts and notes the evaluators read.

Everything goes through the services, as a person's would, so every record passes the same
checks and is audited. Nothing is added twice: a store that has the demo scorecard already is
left as it is.
"""

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.democentre import quality_answers as answering
from switchboard.democentre import quality_repository as repository
from switchboard.democentre import repository as people_repository
from switchboard.democentre.calendar import Calendar
from switchboard.democentre.coaching import Coaching
from switchboard.democentre.loading import SOURCE_SYSTEM
from switchboard.democentre.quality_answers import Answer, Contact
from switchboard.democentre.quality_calibration import calibrate
from switchboard.democentre.quality_disputes import Scored, respond, targets
from switchboard.democentre.quality_texts import seed_texts
from switchboard.democentre.signins import SECOND_QUALITY_ANALYST, DemoPeople, add_sign_in
from switchboard.democentre.staff import StaffMember
from switchboard.domain.quality.lifecycle import Reason
from switchboard.domain.quality.scorecard import Scorecard, from_dict
from switchboard.domain.quality.scoring import score
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.schemas import AnswerIn, EvaluationCreate
from switchboard.interactions.models import Interaction
from switchboard.kit.clock import zone
from switchboard.sampling import service as sampling_service
from switchboard.sampling.models import Assignment
from switchboard.sampling.schemas import SamplingRuleCreate
from switchboard.scorecards import repository as scorecard_repository
from switchboard.scorecards import service as scorecard_service
from switchboard.scorecards.files import file_definition

SCORECARD_FILE = Path(scorecard_service.__file__).parent / "examples" / "customer_service.yaml"
RULES = (
    ("Random: two a week", Reason.RANDOM, 2),
    ("Long handle time", Reason.LONG_HANDLE, 1),
    ("Low CSAT", Reason.LOW_CSAT, 1),
    ("Complaints", Reason.COMPLAINT, 1),
    ("Transfers", Reason.TRANSFER, 1),
    ("New starters", Reason.NEW_STARTER, 1),
)
"""Name, reason and contacts per agent per week."""
TARGETS_SCORED = (Reason.COMPLAINT, Reason.LOW_CSAT)
"""The targeted picks the analysts get to, the most serious first: an unhappy customer."""
DRAFT_EVERY = 12
"""In the week in hand, every twelfth evaluation is still a draft."""
DRAFT_ANSWERED = 0.6
"""The share of its questions a draft has answered so far."""


@dataclass(frozen=True)
class SeededQuality:
    """What the seeding added; all nought when the store had the demo scorecard already."""

    sampled: int = 0
    """Assignments the sampling rules made."""
    evaluated: int = 0
    """Regular evaluations, drafts included."""
    drafts: int = 0
    disputes: int = 0
    calibration: int = 0
    """Calibration evaluations, all in the one session."""
    calibration_session_id: int | None = None
    texts: int = 0
    """Transcripts and notes added for the evaluated contacts (:mod:`.quality_texts`)."""

    @property
    def evaluations(self) -> int:
        return self.evaluated + self.calibration

    def __str__(self) -> str:
        """The demo's console line, empty when nothing was added."""
        if not self.evaluations:
            return ""
        session = (
            f", a calibration session ({self.calibration} evaluations)" if self.calibration else ""
        )
        return (
            f"{self.sampled:,} contacts sampled, {self.evaluated:,} evaluated ({self.drafts} still "
            f"drafts), {self.disputes} disputes{session}, {self.texts:,} transcripts and notes"
        )


def seed_quality(
    *, session: Session, people: DemoPeople, staff: list[StaffMember], calendar: Calendar,
    coaching: Coaching | None, timezone: str, seed: int,
) -> SeededQuality:  # fmt: skip
    """The demo's quality records, once: see the module docstring."""
    text = SCORECARD_FILE.read_text(encoding="utf-8")
    name = file_definition(text, SCORECARD_FILE.name)["name"]
    if scorecard_repository.by_name(session, name) is not None:
        return SeededQuality()
    analyst = load_viewer(session=session, user=people.users["qa"])
    second = load_viewer(session=session, user=add_sign_in(
        session=session, people=people, sign_in=SECOND_QUALITY_ANALYST))  # fmt: skip
    version = scorecard_service.import_scorecard(
        session=session, viewer=analyst, text=text, filename=SCORECARD_FILE.name, publish=True
    )
    card = from_dict(version.definition)
    sampled = _sample(session, analyst, version.scorecard_id, calendar, timezone)
    coached = _coached(session, staff, coaching)
    chosen, left = _shares(sampled, calendar.first_monday, set(coached))
    agent = load_viewer(session=session, user=people.users["agent"])
    disputed = targets([(a.id, a.week_start) for a in chosen if a.agent_id == agent.agent_id],
                       coaching.day if coaching else None)  # fmt: skip
    evaluators = {viewer.user_id: viewer for viewer in (analyst, second)}
    scorer = _Scorer(session, card, version.id, evaluators, calendar, timezone,
                     answering.profiles(_speeds(session, staff), coached, seed), seed)  # fmt: skip
    scored = scorer.score_all(chosen, left, disputed.scripts())
    disputes = respond(session=session, people=people, evaluators=evaluators, scored=scored,
                       chosen=disputed)  # fmt: skip
    calibration = calibrate(session=session, people=people, analysts=(analyst, second),
                            version_id=version.id, card=card, calendar=calendar,
                            skip={a.interaction_id for a in sampled}, seed=seed)  # fmt: skip
    texts = seed_texts(session=session, seed=seed)
    return SeededQuality(
        sampled=len(sampled), evaluated=len(scored), drafts=sum(not s.submitted for s in scored),
        disputes=disputes, calibration=calibration.evaluations,
        calibration_session_id=calibration.session_id, texts=texts,
    )  # fmt: skip


def _sample(
    session: Session, viewer: Viewer, scorecard_id: int, calendar: Calendar, timezone: str
) -> list[Assignment]:
    """The rules, run for every week of the demo: the assignments they made."""
    for name, reason, per_agent in RULES:
        rule = SamplingRuleCreate(name=name, reason=reason, per_agent=per_agent,
                                  scorecard_id=scorecard_id)  # fmt: skip
        sampling_service.create_rule(session=session, viewer=viewer, rule_in=rule)
    for week in range(calendar.weeks):
        monday = calendar.first_monday + timedelta(weeks=week)
        sampling_service.run_sampling(session=session, viewer=viewer, week_start=monday,
                                      seed=None, timezone=timezone)  # fmt: skip
    return repository.assignments(session, scorecard_id)


def _speeds(session: Session, staff: list[StaffMember]) -> dict[int, float]:
    found = people_repository.agents_by_alias(session, SOURCE_SYSTEM, [m.name for m in staff])
    return {found[m.name].id: m.speed for m in staff if m.name in found}


def _coached(
    session: Session, staff: list[StaffMember], coaching: Coaching | None
) -> dict[int, date]:
    if coaching is None:
        return {}
    names = [staff[i].name for i in coaching.agents]
    found = people_repository.agents_by_alias(session, SOURCE_SYSTEM, names)
    return {found[name].id: coaching.day for name in names if name in found}


class _Scorer:
    """The analysts working through their assignments, week by week."""

    def __init__(
        self, session: Session, card: Scorecard, version_id: int, evaluators: dict[int, Viewer],
        calendar: Calendar, timezone: str, profiles: dict[int, answering.Profile], seed: int,
    ) -> None:  # fmt: skip
        self.session, self.card, self.version_id = session, card, version_id
        self.evaluators, self.profiles, self.seed = evaluators, profiles, seed
        self.tz = zone(timezone)
        self.last_week = calendar.first_monday + timedelta(weeks=calendar.weeks - 1)

    def score_all(
        self,
        chosen: list[Assignment],
        left: list[Assignment],
        scripts: dict[int, dict[str, Answer]],
    ) -> list[Scored]:
        """Score ``chosen`` in order (``scripts`` overriding some answers), leave a few of the
        week in hand in draft, and cancel ``left`` for the weeks gone by."""
        found = {
            c.id: c for c in repository.contacts(self.session, [a.interaction_id for a in chosen])
        }
        in_hand = [a.id for a in chosen if a.week_start >= self.last_week and a.id not in scripts]
        drafts = set(in_hand[DRAFT_EVERY - 1 :: DRAFT_EVERY])
        scored = [self.score(a, found[a.interaction_id], a.id in drafts, scripts.get(a.id, {}))
                  for a in chosen]  # fmt: skip
        for assignment in left:
            if assignment.week_start < self.last_week:
                self._cancel(assignment)
        return scored

    def score(
        self, assignment: Assignment, contact: Interaction, draft: bool, script: dict[str, Answer]
    ) -> Scored:
        viewer = self.evaluators[assignment.evaluator_user_id]
        seen = self._contact(contact)
        profile = self.profiles.get(seen.agent_id, answering.Profile(answering.BASE_MISS))
        answers = answering.answer_all(self.card, seen, profile, self.seed) | script
        # The note sums up the score the answers give, as the analyst sees it on the form.
        result = score(self.card, answering.values(answers))
        note = answering.summary(answers, result.overall, result.auto_failed)
        if draft:
            answers, note = dict(list(answers.items())[: round(len(answers) * DRAFT_ANSWERED)]), ""
        created = evaluation_service.create_evaluation(
            session=self.session, viewer=viewer, evaluation_in=EvaluationCreate(
                version_id=self.version_id, interaction_id=contact.id,
                assignment_id=assignment.id, answers=as_input(answers), summary=note))  # fmt: skip
        if not draft:
            evaluation_service.submit(session=self.session, viewer=viewer, evaluation_id=created.id)
        return Scored(created.id, assignment.id, seen.agent_id, viewer.user_id,
                      assignment.week_start, not draft)  # fmt: skip

    def _contact(self, contact: Interaction) -> Contact:
        assert contact.agent_id is not None, "sampling picks answered contacts"
        return Contact(
            interaction_id=contact.id, agent_id=contact.agent_id, channel=contact.channel.value,
            disposition=contact.disposition, transferred=contact.transferred,
            hold_seconds=contact.hold_seconds, day=contact.arrived_at.astimezone(self.tz).date(),
        )  # fmt: skip

    def _cancel(self, assignment: Assignment) -> None:
        sampling_service.cancel_assignment(session=self.session,
                                           viewer=self.evaluators[assignment.evaluator_user_id],
                                           assignment_id=assignment.id)  # fmt: skip


def _shares(
    sampled: list[Assignment], first_monday: date, followed: Collection[int]
) -> tuple[list[Assignment], list[Assignment]]:
    """The picks the analysts score, in contact order within each week, and the rest.

    Two analysts cannot score every pick. Each agent is in focus every other week (the
    coached agents, whose coaching is being followed up, every week); in a focus week the
    analysts score the agent's first random pick, the fair base of their QA score, and their
    most serious unhappy-customer pick (:data:`TARGETS_SCORED`), if any.
    """
    by_agent_week: dict[tuple[date, int], list[Assignment]] = defaultdict(list)
    for a in sampled:
        by_agent_week[(a.week_start, a.agent_id)].append(a)
    chosen: list[Assignment] = []
    for (week, agent_id), picks in by_agent_week.items():
        if agent_id in followed or ((week - first_monday).days // 7 + agent_id) % 2 == 0:
            chosen.extend(_first(picks, (Reason.RANDOM,)) + _first(picks, TARGETS_SCORED))
    taken = {a.id for a in chosen}
    chosen.sort(key=lambda a: (a.week_start, a.interaction_id))
    return chosen, [a for a in sampled if a.id not in taken]


def _first(picks: list[Assignment], reasons: tuple[Reason, ...]) -> list[Assignment]:
    for reason in reasons:
        found = [a for a in picks if a.reason is reason]
        if found:
            return found[:1]
    return []


def as_input(answers: dict[str, Answer]) -> dict[str, AnswerIn]:
    return {
        key: AnswerIn(value=value, comment=comment) for key, (value, comment) in answers.items()
    }
