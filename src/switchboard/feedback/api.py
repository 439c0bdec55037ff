"""The JSON API for feedback: see docs/performance-management.md.

Reads are exports, audited with counts and ids (``web.data_api.exports``); giving and
acknowledging are people changes, audited by the service. ``CHANGE`` (the answers a change
documents) serves the coaching and actions routers too.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from switchboard.domain.performance.feedback import Source
from switchboard.feedback import service as feedback_service
from switchboard.feedback.repository import FeedbackFilter
from switchboard.feedback.schemas import (
    MAX_ID,
    FeedbackAcknowledge,
    FeedbackCheckRead,
    FeedbackCreate,
    FeedbackRead,
)
from switchboard.web.api import API_PREFIX
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import AgentId, Paging, Range
from switchboard.web.data_api.refusals import refused_fields
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_created_json, as_json
from switchboard.web.data_api.schemas import ErrorRead, Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["feedback"])
FeedbackId = Annotated[int, Path(ge=1, le=MAX_ID)]

REFUSED = "The role cannot make this change, or (signed in by cookie) the CSRF header is missing."
CHANGE: dict[int | str, dict[str, Any]] = {
    **ONE_RECORD,
    403: {"model": ErrorRead, "description": REFUSED},
}
"""A state-changing call on people data: 404 when the agent or record is missing or out of
reach, 403 when it is in sight but the change is not the viewer's to make."""


@router.get("/feedback", response_model=Page[FeedbackRead], responses=SCOPED)
def list_feedback(
    db: DbSession,
    viewer: CurrentViewer,
    when: Range,
    page: Paging,
    agent_id: AgentId | None = None,
    source: Source | None = None,
    unacknowledged: bool = False,
) -> Response:
    """Feedback the viewer may read, newest first; ``from``..``to`` bound when it was given."""
    where = FeedbackFilter(agent_id, source, when.start, when.end, unacknowledged)
    rows, following = feedback_service.list_feedback(
        session=db, viewer=viewer, where=where, limit=page.limit, offset=page.offset
    )
    return exports.page(db, viewer, "feedback", Found(rows, following), FeedbackRead,
                        agent_id=agent_id)  # fmt: skip


@router.post("/feedback", response_model=FeedbackRead, status_code=201, responses=CHANGE)
def give_feedback(db: DbSession, viewer: CurrentViewer, feedback_in: FeedbackCreate) -> Response:
    """Give feedback. A missing part of its model refuses it (422, each finding listed against
    its field); warnings come back in ``findings`` on the saved record."""
    with refused_fields():
        answer = feedback_service.give_feedback(session=db, viewer=viewer, feedback_in=feedback_in)
    return as_created_json(answer)


@router.post("/feedback/check", response_model=FeedbackCheckRead, responses=CHANGE)
def check_feedback(
    db: DbSession, viewer: CurrentViewer, feedback_in: FeedbackCreate
) -> FeedbackCheckRead:
    """What giving this feedback now would find, errors included; nothing is saved."""
    with refused_fields():
        return feedback_service.check_feedback(session=db, viewer=viewer, feedback_in=feedback_in)


@router.get("/feedback/{feedback_id}", response_model=FeedbackRead, responses=ONE_RECORD)
def get_feedback(db: DbSession, viewer: CurrentViewer, feedback_id: FeedbackId) -> Response:
    answer = feedback_service.get_feedback(session=db, viewer=viewer, feedback_id=feedback_id)
    return exports.one(db, viewer, "feedback", feedback_id, answer, FeedbackRead)


@router.post("/feedback/{feedback_id}/acknowledge", response_model=FeedbackRead, responses=CHANGE)
def acknowledge_feedback(
    db: DbSession,
    viewer: CurrentViewer,
    feedback_id: FeedbackId,
    acknowledgement_in: FeedbackAcknowledge,
) -> Response:
    """The agent the feedback is about has read it, and may reply (only that agent: 403 for
    anyone else who can see it)."""
    answer = feedback_service.acknowledge(
        session=db, viewer=viewer, feedback_id=feedback_id, acknowledgement_in=acknowledgement_in
    )
    return as_json(answer)


# --- shared with the coaching and actions routers ---------------------------------------------
