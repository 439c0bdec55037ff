"""The JSON API for evaluations: see docs/quality.md.

Reads are exports, audited with counts and ids (``web.data_api.exports``); each change (a
draft created, its answers saved, submitted, acknowledged, disputed, resolved) is a people
change, audited by the service. Calibration evaluations stay out of everyone's reads but their
evaluator's until their session closes, and out of agents' and team leaders' for good.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from switchboard.domain.quality.lifecycle import EvaluationKind, Status
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.repository import EvaluationFilter
from switchboard.evaluations.schemas import (
    MAX_INTERACTION_ID,
    AcknowledgeIn,
    AnswersUpdate,
    ContactRead,
    DisputeCreate,
    EvaluationCreate,
    EvaluationDetailRead,
    EvaluationRead,
    HistoryRead,
    ResolveIn,
)
from switchboard.feedback.api import CHANGE
from switchboard.feedback.schemas import MAX_ID
from switchboard.web.api import API_PREFIX
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import AgentId, Paging, Range
from switchboard.web.data_api.refusals import refused_fields
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_created_json, as_json
from switchboard.web.data_api.schemas import ErrorRead, Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["evaluations"])
EvaluationId = Annotated[int, Path(ge=1, le=MAX_ID)]
InteractionId = Annotated[int, Path(ge=1, le=MAX_INTERACTION_ID)]
UserId = Annotated[int, Query(ge=1, le=MAX_ID, description="Only this evaluator's.")]
OBJECT = "evaluation"

MOVE: dict[int | str, dict[str, Any]] = {
    **CHANGE,
    409: {"model": ErrorRead, "description": "The evaluation's status does not allow this."},
}
"""A change of an evaluation: 404 out of reach, 403 not the viewer's to make, 409 not now."""


@router.get("/evaluations", response_model=Page[EvaluationRead], responses=SCOPED)
def list_evaluations(
    db: DbSession,
    viewer: CurrentViewer,
    when: Range,
    page: Paging,
    agent_id: AgentId | None = None,
    evaluator_user_id: UserId | None = None,
    status: Status | None = None,
    kind: EvaluationKind | None = None,
) -> Response:
    """Evaluations the viewer may read, latest contact first; ``from``..``to`` bound when the
    scored contact arrived."""
    where = EvaluationFilter(agent_id, evaluator_user_id, status, kind, when.start, when.end)
    rows, following = evaluation_service.list_evaluations(
        session=db, viewer=viewer, where=where, limit=page.limit, offset=page.offset
    )
    return exports.page(db, viewer, OBJECT, Found(rows, following), EvaluationRead,
                        agent_id=agent_id, evaluator_user_id=evaluator_user_id)  # fmt: skip


@router.post("/evaluations", response_model=EvaluationDetailRead, status_code=201, responses=MOVE)
def create_evaluation(
    db: DbSession, viewer: CurrentViewer, evaluation_in: EvaluationCreate
) -> Response:
    """Open a draft evaluation of a contact (quality editors only, never of their own)."""
    with refused_fields():
        answer = evaluation_service.create_evaluation(
            session=db, viewer=viewer, evaluation_in=evaluation_in
        )
    return as_created_json(answer)


@router.get(
    "/evaluations/{evaluation_id}", response_model=EvaluationDetailRead, responses=ONE_RECORD
)
def get_evaluation(db: DbSession, viewer: CurrentViewer, evaluation_id: EvaluationId) -> Response:
    """The evaluation form's reading: answers with their questions, section scores, history,
    the dispute, and the contact (with its transcript or notes) and its thread."""
    answer = evaluation_service.get_evaluation(
        session=db, viewer=viewer, evaluation_id=evaluation_id
    )
    exports.record(db, viewer, OBJECT, object_id=evaluation_id, rows=1)
    return as_json(answer)


@router.put(
    "/evaluations/{evaluation_id}/answers", response_model=EvaluationDetailRead, responses=MOVE
)
def save_answers(
    db: DbSession, viewer: CurrentViewer, evaluation_id: EvaluationId, answers_in: AnswersUpdate
) -> Response:
    """Replace a draft's answers and summary (its evaluator only); answers may be partial."""
    with refused_fields():
        answer = evaluation_service.save_answers(
            session=db, viewer=viewer, evaluation_id=evaluation_id, answers_in=answers_in
        )
    return as_json(answer)


@router.post(
    "/evaluations/{evaluation_id}/submit", response_model=EvaluationDetailRead, responses=MOVE
)
def submit(db: DbSession, viewer: CurrentViewer, evaluation_id: EvaluationId) -> Response:
    """Score the draft and hand it to the agent; 422 names each unanswered question."""
    with refused_fields():
        answer = evaluation_service.submit(session=db, viewer=viewer, evaluation_id=evaluation_id)
    return as_json(answer)


@router.post(
    "/evaluations/{evaluation_id}/acknowledge",
    response_model=EvaluationDetailRead,
    responses=MOVE,
)
def acknowledge(
    db: DbSession,
    viewer: CurrentViewer,
    evaluation_id: EvaluationId,
    acknowledgement_in: AcknowledgeIn,
) -> Response:
    """The evaluated agent has read it, and may reply (only that agent)."""
    answer = evaluation_service.acknowledge(
        session=db, viewer=viewer, evaluation_id=evaluation_id,
        acknowledgement_in=acknowledgement_in,
    )  # fmt: skip
    return as_json(answer)


@router.post(
    "/evaluations/{evaluation_id}/dispute", response_model=EvaluationDetailRead, responses=MOVE
)
def dispute(
    db: DbSession, viewer: CurrentViewer, evaluation_id: EvaluationId, dispute_in: DisputeCreate
) -> Response:
    """The evaluated agent disputes it, with a reason (only that agent)."""
    with refused_fields():
        answer = evaluation_service.dispute(
            session=db, viewer=viewer, evaluation_id=evaluation_id, dispute_in=dispute_in
        )
    return as_json(answer)


@router.post(
    "/evaluations/{evaluation_id}/resolve", response_model=EvaluationDetailRead, responses=MOVE
)
def resolve(
    db: DbSession, viewer: CurrentViewer, evaluation_id: EvaluationId, resolution_in: ResolveIn
) -> Response:
    """An arbitrator decides the dispute, never its evaluator: upheld outcomes carry the
    corrected answers and rescore; a rejection keeps the score."""
    with refused_fields():
        answer = evaluation_service.resolve(
            session=db, viewer=viewer, evaluation_id=evaluation_id, resolution_in=resolution_in
        )
    return as_json(answer)


@router.get(
    "/evaluations/{evaluation_id}/history", response_model=HistoryRead, responses=ONE_RECORD
)
def history(db: DbSession, viewer: CurrentViewer, evaluation_id: EvaluationId) -> Response:
    """Every change of the evaluation's score, oldest first, with who and why."""
    answer = evaluation_service.history(session=db, viewer=viewer, evaluation_id=evaluation_id)
    exports.record(db, viewer, OBJECT, object_id=evaluation_id, rows=len(answer.changes))
    return as_json(answer)


@router.get(
    "/interactions/{interaction_id}/evaluation-context",
    response_model=ContactRead,
    responses=ONE_RECORD,
)
def evaluation_context(
    db: DbSession, viewer: CurrentViewer, interaction_id: InteractionId
) -> Response:
    """A contact's details with its transcript and notes, for the evaluation form."""
    answer = evaluation_service.contact_context(
        session=db, viewer=viewer, interaction_id=interaction_id
    )
    exports.record(db, viewer, "interactions", object_id=interaction_id, rows=1)
    return as_json(answer)
