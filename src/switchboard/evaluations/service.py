"""Evaluation use cases, the evaluator's side: open a draft on a contact, save its answers,
submit it. The agent's acknowledgement and dispute, and the arbitrator's resolution, are in
:mod:`.disputes`; the reads in :mod:`.reads`. All of them are importable from here.

Only the quality editors score, and never their own contacts: a quality analyst who also
takes contacts is refused (422 on ``interaction_id``) rather than 403, since another contact
would do. A draft is its evaluator's alone to change. Services never commit.
"""

from sqlalchemy.orm import Session

from switchboard.access.policy import CALIBRATORS, QUALITY_EDITORS, require_role
from switchboard.access.viewer import Viewer
from switchboard.domain.quality.lifecycle import (
    AssignmentStatus,
    EvaluationKind,
    SessionStatus,
    Status,
    VersionStatus,
    can_move,
)
from switchboard.evaluations import repository as repo
from switchboard.evaluations.disputes import acknowledge, dispute, resolve
from switchboard.evaluations.models import Evaluation
from switchboard.evaluations.reads import (
    contact_context,
    detail,
    get_evaluation,
    history,
    list_evaluations,
)
from switchboard.evaluations.schemas import AnswersUpdate, EvaluationCreate, EvaluationDetailRead
from switchboard.evaluations.workflow import (
    audit,
    card_of,
    check_draft,
    complete_score,
    rescore,
    save_rows,
    version_of,
    visible_evaluation,
)
from switchboard.interactions.models import Interaction
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import ConflictError, FieldError, ForbiddenError
from switchboard.scorecards.models import ScorecardVersion

__all__ = [
    "acknowledge", "contact_context", "create_evaluation", "dispute", "get_evaluation",
    "history", "list_evaluations", "resolve", "save_answers", "submit",
]  # fmt: skip


def create_evaluation(
    *, session: Session, viewer: Viewer, evaluation_in: EvaluationCreate
) -> EvaluationDetailRead:
    """A draft evaluation by the viewer: 403 unless a quality editor (or, for a calibration
    evaluation, a calibrator taking part in its session), 422 naming the field
    for a contact or link that does not fit, 409 for a version not published or a contact the
    viewer has scored already (on this version, or in this calibration session), checked
    first and kept by the store's unique indexes against a concurrent request. A calibration
    evaluation scores on its session's version even once a newer one has retired it: a retired
    version is still a whole definition, and it never changes."""
    calibrating = evaluation_in.kind is EvaluationKind.CALIBRATION
    require_role(viewer, CALIBRATORS if calibrating else QUALITY_EDITORS, "score contacts")
    version = _scored_on(session, evaluation_in.version_id, calibrating=calibrating)
    contact = _contact(session, viewer, evaluation_in.interaction_id)
    thread = _thread(session, evaluation_in, contact)
    _check_calibration(session, viewer, evaluation_in)
    _check_assignment(session, viewer, evaluation_in, version)
    card = version_of(session, version.id)[2]
    check_draft(card, evaluation_in.answers)
    _check_unscored(session, viewer, evaluation_in)
    record = Evaluation(
        version_id=version.id, interaction_id=contact.id, contact_at=contact.arrived_at,
        agent_id=contact.agent_id, evaluator_user_id=viewer.user_id, kind=evaluation_in.kind,
        calibration_session_id=evaluation_in.calibration_session_id,
        assignment_id=evaluation_in.assignment_id, status=Status.DRAFT,
        summary=evaluation_in.summary, created_at=utcnow(),
    )  # fmt: skip
    repo.add(session, record, thread, taken=_taken(evaluation_in))
    save_rows(session, card, record.id, evaluation_in.answers)
    audit(session, viewer, record, "evaluation_created", answers=len(evaluation_in.answers))
    return detail(session, record)


def _scored_on(session: Session, version_id: int, *, calibrating: bool) -> ScorecardVersion:
    """The version to score on: published, or for calibration any (``_check_calibration``
    then holds it to the session's own)."""
    found = repo.version(session, version_id)
    if found is None:
        raise FieldError.one("version_id", "no such scorecard version")
    if not calibrating and found[0].status is not VersionStatus.PUBLISHED:
        raise ConflictError(f"scorecard version {version_id} is {found[0].status.value}: "
                            "only a published version is scored")  # fmt: skip
    return found[0]


def _contact(session: Session, viewer: Viewer, interaction_id: int) -> Interaction:
    contact = repo.interactions(session, [interaction_id]).get(interaction_id)
    if contact is None or contact.agent_id is None:
        raise FieldError.one("interaction_id", "no such contact answered by an agent")
    if contact.agent_id == viewer.agent_id:
        raise FieldError.one("interaction_id", "you cannot evaluate your own contacts")
    return contact


def _thread(session: Session, evaluation_in: EvaluationCreate, contact: Interaction) -> list[int]:
    """The thread's further contacts, each once and without the scored one: all the same
    agent's, since the evaluation scores that agent."""
    ids = [i for i in evaluation_in.interaction_ids if i != contact.id]
    found = repo.interactions(session, ids)
    wrong = [str(i) for i in ids if i not in found or found[i].agent_id != contact.agent_id]
    if wrong:
        raise FieldError.one("interaction_ids", f"{', '.join(wrong)}: not contacts handled by "
                             "the same agent as interaction_id")  # fmt: skip
    return ids


def _check_calibration(session: Session, viewer: Viewer, evaluation_in: EvaluationCreate) -> None:
    session_id = evaluation_in.calibration_session_id
    if evaluation_in.kind is EvaluationKind.REGULAR:
        if session_id is not None:
            raise FieldError.one("calibration_session_id", "only a calibration evaluation "
                                 "belongs to a calibration session")  # fmt: skip
        return
    if session_id is None:
        raise FieldError.one("calibration_session_id", "a calibration evaluation needs its session")
    if evaluation_in.assignment_id is not None:
        raise FieldError.one("assignment_id", "a calibration evaluation fulfils no assignment")
    found = repo.calibration_session(session, session_id)
    if found is None:
        raise FieldError.one("calibration_session_id", "no such calibration session")
    if found.status is not SessionStatus.OPEN:
        raise ConflictError(f"calibration session {session_id} is closed")
    if not repo.is_participant(session, session_id, viewer.user_id):
        raise ForbiddenError("only the session's participants score in it")
    if not repo.in_session(session, session_id, evaluation_in.interaction_id):
        raise FieldError.one("interaction_id", "not one of the session's contacts")
    if found.version_id != evaluation_in.version_id:
        raise FieldError.one("version_id", "the session scores on another scorecard version")


def _check_assignment(
    session: Session, viewer: Viewer, evaluation_in: EvaluationCreate, version: ScorecardVersion
) -> None:
    if evaluation_in.assignment_id is None:
        return
    found = repo.assignment(session, evaluation_in.assignment_id)
    problem = (
        "no such assignment" if found is None
        else "given to another evaluator" if found.evaluator_user_id != viewer.user_id
        else "for another contact" if found.interaction_id != evaluation_in.interaction_id
        else "for another scorecard" if found.scorecard_id != version.scorecard_id
        else None
    )  # fmt: skip
    if problem:
        raise FieldError.one("assignment_id", problem)
    if found is None or found.status is not AssignmentStatus.OPEN:
        raise ConflictError(f"assignment {evaluation_in.assignment_id} is no longer open")
    if repo.assignment_taken(session, found.id):
        raise ConflictError(f"assignment {found.id} has an evaluation already")


def _check_unscored(session: Session, viewer: Viewer, evaluation_in: EvaluationCreate) -> None:
    if repo.already_scored(
        session, viewer.user_id, evaluation_in.interaction_id,
        version_id=evaluation_in.version_id,
        calibration_session_id=evaluation_in.calibration_session_id,
    ):  # fmt: skip
        raise ConflictError(_scored_already(evaluation_in))


def _scored_already(evaluation_in: EvaluationCreate) -> str:
    return "you have evaluated this contact already" + (
        " in this session" if evaluation_in.calibration_session_id else " on this scorecard version"
    )


def _taken(evaluation_in: EvaluationCreate) -> str:
    """The 409 when a concurrent request has just added the same evaluation, or one on the
    assignment, after this one's checks passed."""
    found = f"another request got there first: {_scored_already(evaluation_in)}"
    if evaluation_in.assignment_id is not None:
        found += f", or assignment {evaluation_in.assignment_id} has an evaluation already"
    return found


# --- the draft --------------------------------------------------------------------------------


def save_answers(
    *, session: Session, viewer: Viewer, evaluation_id: int, answers_in: AnswersUpdate
) -> EvaluationDetailRead:
    """Replace the draft's answers and summary; some questions may stay unanswered."""
    record = _own_draft(session, viewer, evaluation_id, Status.DRAFT)
    card = card_of(session, record)
    check_draft(card, answers_in.answers)
    save_rows(session, card, record.id, answers_in.answers)
    record.summary = answers_in.summary
    session.flush()
    audit(session, viewer, record, "evaluation_answers_saved", answers=len(answers_in.answers))
    return detail(session, record)


def submit(*, session: Session, viewer: Viewer, evaluation_id: int) -> EvaluationDetailRead:
    """Score the draft and hand it to the agent: every question must be answered (422 naming
    each one that is not). Fulfils its assignment, if it has one."""
    record = _own_draft(session, viewer, evaluation_id, Status.SUBMITTED)
    result = complete_score(session, card_of(session, record), record)
    rescore(session, viewer, record, result, event="submitted")
    record.status, record.submitted_at = Status.SUBMITTED, utcnow()
    if record.assignment_id is not None:
        _assignment_done(session, record.assignment_id)
    session.flush()
    audit(session, viewer, record, "evaluation_submitted", auto_failed=record.auto_failed)
    return detail(session, record)


def _own_draft(session: Session, viewer: Viewer, evaluation_id: int, to: Status) -> Evaluation:
    """The viewer's own evaluation, if it may move to ``to`` (staying a draft when ``to`` is
    a draft), its row locked: 403 for anyone else's, 409 once it has moved on (a concurrent
    submit included) or its calibration session has closed."""
    record = visible_evaluation(session, viewer, evaluation_id, lock=True)
    if record.evaluator_user_id != viewer.user_id:
        raise ForbiddenError("only its evaluator changes an evaluation")
    allowed = record.status is Status.DRAFT if to is Status.DRAFT else can_move(record.status, to)
    if not allowed:
        raise ConflictError(f"the evaluation is {record.status.value}, no longer a draft")
    session_id = record.calibration_session_id
    found = repo.calibration_session(session, session_id) if session_id else None
    if found is not None and found.status is not SessionStatus.OPEN:
        raise ConflictError(f"calibration session {session_id} is closed")
    return record


def _assignment_done(session: Session, assignment_id: int) -> None:
    found = repo.assignment(session, assignment_id)
    if found is not None:
        found.status = AssignmentStatus.DONE
