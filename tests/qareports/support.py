"""A small quality history on the access tests' organisation, with hand-worked figures.

The scorecard has two sections of two yes/no questions each (weight 1): Opening (``greet``;
``idv``, compliance and fail-all) and Close (``dpa``, compliance; ``summary``). The contacts
fall in summer (BST): ``W1`` is Sunday 28 June 2026 23:30 local, so in the week of 22 June;
``W2`` is 23:30 UTC the same Sunday, which is Monday 29 June 00:30 local, so in the week of
29 June (and in June); ``W3`` is Wednesday 1 July (the week of 29 June, and July).

    e1 ann Sales   W1 quinn  greet y idv y dpa y  summary n   75 (100, 50)   compliance passed
    e2 ann Sales   W2 quinn  greet y idv N dpa y  summary y    0 auto-failed compliance failed
    e3 ann Support W3 quinn  greet y idv y dpa NA summary y  100             compliance passed
    e4 amy Support W3 quinn  greet N idv y dpa N  summary y   50 (50, 50)    compliance failed
    e5 ann Sales   W3 ari    calibration, idv N: never counted
    e6 ann Sales   W3 quinn  draft, idv N: never counted
    e7 bob Sales   W3 ari    everything N/A: no score, no compliance

Submitted after the contact (hours): e1 10, e2 20, e3 30, e4 100, e7 5. e1 came from an
assignment made 2 h after its contact; quinn also has two open assignments, one overdue at
``NOW``.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from switchboard.domain.quality.lifecycle import (
    AssignmentStatus,
    EvaluationKind,
    Reason,
    Status,
    VersionStatus,
)
from switchboard.evaluations.models import Evaluation, EvaluationAnswer
from switchboard.interactions.models import Direction, Interaction, Outcome
from switchboard.people.models import Channel, Queue
from switchboard.sampling.models import Assignment
from switchboard.scorecards.models import Scorecard, ScorecardVersion
from tests.access.conftest import Organisation

W1 = datetime(2026, 6, 28, 22, 30, tzinfo=UTC)
W2 = datetime(2026, 6, 28, 23, 30, tzinfo=UTC)
W3 = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
START, END = datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 8, 1, tzinfo=UTC)
NOW = datetime(2026, 7, 10, 12, 0, tzinfo=UTC)
WEEK_22_JUNE, WEEK_29_JUNE = "2026-06-22T00:00:00+01:00", "2026-06-29T00:00:00+01:00"

CARD = {
    "name": "Voice quality",
    "sections": [
        {"key": "opening", "title": "Opening", "questions": [
            {"key": "greet", "text": "Greeted the customer?"},
            {"key": "idv", "text": "ID&V before disclosure?", "compliance": True,
             "critical": "fail_all"},
        ]},
        {"key": "close", "title": "Close", "questions": [
            {"key": "dpa", "text": "Read the data-protection statement?", "compliance": True},
            {"key": "summary", "text": "Summarised the next steps?"},
        ]},
    ],
}  # fmt: skip
COMPLIANCE = ("idv", "dpa")


@dataclass(frozen=True)
class Ev:
    agent: str
    queue: str
    at: datetime
    evaluator: str
    answers: dict[str, str | None]
    """Question key → "yes", "no" or None (N/A)."""
    score: float | None
    hours: float | None = None
    status: Status = Status.SUBMITTED
    kind: EvaluationKind = EvaluationKind.REGULAR


def _answers(greet: str | None, idv: str | None, dpa: str | None, summary: str | None) -> dict[str, str | None]:  # fmt: skip
    return {"greet": greet, "idv": idv, "dpa": dpa, "summary": summary}


Y, N = "yes", "no"
EVALUATIONS = {
    "e1": Ev("ann", "Sales", W1, "quinn", _answers(Y, Y, Y, N), 75.0, 10),
    "e2": Ev("ann", "Sales", W2, "quinn", _answers(Y, N, Y, Y), 0.0, 20),
    "e3": Ev("ann", "Support", W3, "quinn", _answers(Y, Y, None, Y), 100.0, 30),
    "e4": Ev("amy", "Support", W3, "quinn", _answers(N, Y, N, Y), 50.0, 100),
    "e5": Ev("ann", "Sales", W3, "ari", _answers(N, N, Y, Y), 0.0, 1,
             kind=EvaluationKind.CALIBRATION),
    "e6": Ev("ann", "Sales", W3, "quinn", _answers(N, N, Y, Y), 0.0, status=Status.DRAFT),
    "e7": Ev("bob", "Sales", W3, "ari", _answers(None, None, None, None), None, 5),
}  # fmt: skip


@dataclass
class History:
    scorecard_id: int = 0
    version_id: int = 0
    queues: dict[str, int] = field(default_factory=dict)
    evaluations: dict[str, int] = field(default_factory=dict)
    interactions: dict[str, int] = field(default_factory=dict)


def add_history(db: Session, org: Organisation) -> History:
    history = History()
    card = Scorecard(name=str(CARD["name"]))
    db.add(card)
    db.flush()
    version = ScorecardVersion(scorecard_id=card.id, version=1, status=VersionStatus.PUBLISHED,
                               definition=CARD)  # fmt: skip
    db.add(version)
    for name in ("Sales", "Support"):
        queue = Queue(name=name, channel=Channel.VOICE, service_level_seconds=20)
        db.add(queue)
        db.flush()
        history.queues[name] = queue.id
    history.scorecard_id, history.version_id = card.id, version.id
    batch_id = db.get_one(Interaction, org.interactions["ann"]).batch_id
    for name, ev in EVALUATIONS.items():
        _evaluation(db, org, history, batch_id, name, ev)
    _assignments(db, org, history)
    db.commit()
    return history


def _evaluation(db: Session, org: Organisation, history: History, batch_id: int, name: str,
                ev: Ev) -> None:  # fmt: skip
    contact = Interaction(
        source_system="qa-test", source_id=name, batch_id=batch_id, contact_ref=f"ref-{name}",
        channel=Channel.VOICE, direction=Direction.INBOUND, agent_id=org.agents[ev.agent],
        queue_id=history.queues[ev.queue], arrived_at=ev.at, outcome=Outcome.ANSWERED,
    )  # fmt: skip
    db.add(contact)
    db.flush()
    passed, compliance_score = _compliance(ev.answers)
    row = Evaluation(
        version_id=history.version_id, interaction_id=contact.id, contact_at=ev.at,
        agent_id=org.agents[ev.agent], evaluator_user_id=org.users[ev.evaluator].id,
        kind=ev.kind, status=ev.status, score=ev.score, compliance_score=compliance_score,
        compliance_passed=passed, auto_failed=ev.answers["idv"] == N, created_at=ev.at,
        submitted_at=ev.at + timedelta(hours=ev.hours) if ev.hours is not None else None,
    )  # fmt: skip
    db.add(row)
    db.flush()
    history.evaluations[name], history.interactions[name] = row.id, contact.id
    for key, value in ev.answers.items():
        earned = None if value is None else (1.0 if value == Y else 0.0)
        db.add(EvaluationAnswer(evaluation_id=row.id, question_key=key, value=value,
                                earned=earned, possible=None if value is None else 1.0,
                                failed=value == N))  # fmt: skip


def _compliance(answers: dict[str, str | None]) -> tuple[bool | None, float | None]:
    applied = [answers[key] for key in COMPLIANCE if answers[key] is not None]
    if not applied:
        return None, None
    return all(a == Y for a in applied), 100 * sum(a == Y for a in applied) / len(applied)


def _assignments(db: Session, org: Organisation, history: History) -> None:
    quinn = org.users["quinn"].id
    made = [("e1", AssignmentStatus.DONE, None), ("e3", AssignmentStatus.OPEN, NOW - timedelta(days=5)),
            ("e4", AssignmentStatus.OPEN, NOW + timedelta(days=5))]  # fmt: skip
    for name, status, due in made:
        ev = EVALUATIONS[name]
        assignment = Assignment(
            scorecard_id=history.scorecard_id, interaction_id=history.interactions[name],
            agent_id=org.agents[ev.agent], evaluator_user_id=quinn, week_start=date(2026, 6, 22),
            reason=Reason.RANDOM, status=status, created_at=ev.at + timedelta(hours=2), due_at=due,
        )  # fmt: skip
        db.add(assignment)
        db.flush()
        if status is AssignmentStatus.DONE:
            db.get_one(Evaluation, history.evaluations[name]).assignment_id = assignment.id
