"""After submission: the agent acknowledges the evaluation or disputes it, and an arbitrator
resolves the dispute with a reason.

Only the evaluated agent acknowledges or disputes (their team leader cannot, on their behalf:
403). An arbitrator (quality analyst, manager, administrator) resolves a dispute within their
evaluations reach (404 beyond it), never on an evaluation they scored nor about themselves
(403). Upholding a dispute, wholly or partly, corrects answers and rescores; rejecting it
keeps every answer and the score. Either way the history gains a ``dispute_resolved`` line.

Each move locks the evaluation's row first, so of two at once (two arbitrators, a double
click) the second waits, then sees the first one's status and is refused (409).
"""

from sqlalchemy.orm import Session

from switchboard.access.policy import ARBITRATORS, require_role
from switchboard.access.viewer import Viewer
from switchboard.domain.quality.lifecycle import DisputeOutcome, Status, can_move
from switchboard.evaluations import repository as repo
from switchboard.evaluations.models import Dispute, Evaluation, ScoreChange
from switchboard.evaluations.reads import detail
from switchboard.evaluations.schemas import (
    AcknowledgeIn,
    AnswerIn,
    DisputeCreate,
    EvaluationDetailRead,
    ResolveIn,
)
from switchboard.evaluations.workflow import (
    answer_row,
    audit,
    card_of,
    check_draft,
    complete_score,
    rescore,
    visible_evaluation,
)
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import ConflictError, FieldError, ForbiddenError


def acknowledge(
    *, session: Session, viewer: Viewer, evaluation_id: int, acknowledgement_in: AcknowledgeIn
) -> EvaluationDetailRead:
    """The agent has read the submitted evaluation, and may reply."""
    record = _agents_own(session, viewer, evaluation_id, Status.ACKNOWLEDGED)
    record.status, record.acknowledged_at = Status.ACKNOWLEDGED, utcnow()
    record.agent_response = acknowledgement_in.response
    session.flush()
    audit(session, viewer, record, "evaluation_acknowledged",
          responded=bool(acknowledgement_in.response))  # fmt: skip
    return detail(session, record)


def dispute(
    *, session: Session, viewer: Viewer, evaluation_id: int, dispute_in: DisputeCreate
) -> EvaluationDetailRead:
    """The agent disagrees with the submitted evaluation, wholly or on some questions."""
    record = _agents_own(session, viewer, evaluation_id, Status.DISPUTED)
    card = card_of(session, record)
    unknown = [key for key in dispute_in.question_keys if not card.has(key)]
    if unknown:
        raise FieldError.one("question_keys", f"{', '.join(unknown)}: not on this scorecard")
    session.add(Dispute(
        evaluation_id=record.id, raised_by=viewer.user_id, raised_at=utcnow(),
        reason=dispute_in.reason, question_keys=",".join(dispute_in.question_keys),
    ))  # fmt: skip
    record.status = Status.DISPUTED
    session.flush()
    audit(session, viewer, record, "evaluation_disputed", questions=len(dispute_in.question_keys))
    return detail(session, record)


def _agents_own(session: Session, viewer: Viewer, evaluation_id: int, to: Status) -> Evaluation:
    record = visible_evaluation(session, viewer, evaluation_id, lock=True)
    if viewer.agent_id is None or viewer.agent_id != record.agent_id:
        raise ForbiddenError(f"only the evaluated agent can move an evaluation to {to.value}")
    if not can_move(record.status, to):
        raise ConflictError(f"the evaluation is {record.status.value}: it cannot be {to.value}")
    return record


def resolve(
    *, session: Session, viewer: Viewer, evaluation_id: int, resolution_in: ResolveIn
) -> EvaluationDetailRead:
    """Decide the dispute: upheld or partly upheld with the corrected answers (merged into
    the evaluation's, then rescored), or rejected with none (the score stands)."""
    record = _arbitrated(session, viewer, evaluation_id)
    if resolution_in.outcome is DisputeOutcome.REJECTED:
        _reject(session, viewer, record, resolution_in)
    else:
        _uphold(session, viewer, record, resolution_in)
    found = repo.dispute(session, record.id)
    if found is not None:
        found.arbitrator_user_id, found.resolved_at = viewer.user_id, utcnow()
        found.outcome, found.resolution = resolution_in.outcome, resolution_in.reason
    record.status = Status.RESOLVED
    session.flush()
    audit(session, viewer, record, "evaluation_dispute_resolved",
          outcome=resolution_in.outcome.value, answers=len(resolution_in.answers))  # fmt: skip
    return detail(session, record)


def _arbitrated(session: Session, viewer: Viewer, evaluation_id: int) -> Evaluation:
    record = visible_evaluation(session, viewer, evaluation_id, lock=True)
    require_role(viewer, ARBITRATORS, "resolve disputes")
    if record.evaluator_user_id == viewer.user_id:
        raise ForbiddenError("the evaluator cannot resolve a dispute of their own evaluation")
    if viewer.agent_id is not None and viewer.agent_id == record.agent_id:
        raise ForbiddenError("no one resolves a dispute about their own contact")
    if not can_move(record.status, Status.RESOLVED):
        raise ConflictError(f"the evaluation is {record.status.value}, not disputed")
    return record


def _reject(session: Session, viewer: Viewer, record: Evaluation, resolution_in: ResolveIn) -> None:
    if resolution_in.answers:
        raise FieldError.one("answers", "a rejected dispute changes no answer")
    session.add(ScoreChange(
        evaluation_id=record.id, changed_at=utcnow(), changed_by=viewer.user_id,
        event="dispute_resolved", from_score=record.score, to_score=record.score,
        reason=resolution_in.reason,
    ))  # fmt: skip


def _uphold(session: Session, viewer: Viewer, record: Evaluation, resolution_in: ResolveIn) -> None:
    if not resolution_in.answers:
        raise FieldError.one("answers", "an upheld dispute comes with the corrected answers")
    card = card_of(session, record)
    check_draft(card, resolution_in.answers)
    stored = repo.answers(session, record.id)
    for key, answer in resolution_in.answers.items():
        kept = stored.get(key)
        comment = answer.comment or (kept.comment if kept else "")
        corrected = answer_row(card, record.id, key, AnswerIn(value=answer.value, comment=comment))
        session.merge(corrected)
    session.flush()
    rescore(session, viewer, record, complete_score(session, card, record),
            event="dispute_resolved", reason=resolution_in.reason)  # fmt: skip
