"""The JSON API for coaching sessions and one-to-ones: see docs/performance-management.md.

Reads are exports, audited with counts and ids; recording and changing a session are people
changes, audited by the service."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from switchboard.coaching import effectiveness as coaching_effectiveness
from switchboard.coaching import service as coaching_service
from switchboard.coaching.models import SessionKind
from switchboard.coaching.repository import SessionFilter
from switchboard.coaching.schemas import (
    CoachingSessionCreate,
    CoachingSessionRead,
    CoachingSessionRecorded,
    CoachingSessionUpdate,
    EffectivenessRead,
    FollowUpRead,
)
from switchboard.feedback.api import CHANGE
from switchboard.feedback.schemas import MAX_ID
from switchboard.kpis.params import kpi_settings
from switchboard.web.api import API_PREFIX
from switchboard.web.context import web_context
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import AgentId, Paging, Range
from switchboard.web.data_api.refusals import refused_fields
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_created_json, as_json
from switchboard.web.data_api.schemas import Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["coaching"])
SessionId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/coaching-sessions", response_model=Page[CoachingSessionRead], responses=SCOPED)
def list_sessions(
    db: DbSession,
    viewer: CurrentViewer,
    when: Range,
    page: Paging,
    agent_id: AgentId | None = None,
    kind: SessionKind | None = None,
) -> Response:
    """Sessions the viewer may see, most recent first; ``from``..``to`` bound when held."""
    where = SessionFilter(agent_id, kind, when.start, when.end)
    rows, following = coaching_service.list_sessions(
        session=db, viewer=viewer, where=where, limit=page.limit, offset=page.offset
    )
    return exports.page(db, viewer, "coaching_sessions", Found(rows, following),
                        CoachingSessionRead, agent_id=agent_id)  # fmt: skip


@router.post(
    "/coaching-sessions", response_model=CoachingSessionRecorded, status_code=201, responses=CHANGE
)
def record_session(
    db: DbSession, viewer: CurrentViewer, session_in: CoachingSessionCreate
) -> Response:
    """Record a coaching session or one-to-one (the agent's team leader, a manager or an
    administrator; never the agent). The answer lists the previous session's actions as they
    now stand, for the follow-up."""
    with refused_fields():
        answer = coaching_service.record_session(session=db, viewer=viewer, session_in=session_in)
    return as_created_json(answer)


@router.get("/coaching-sessions/follow-up", response_model=FollowUpRead, responses=CHANGE)
def follow_up(db: DbSession, viewer: CurrentViewer, agent_id: AgentId) -> Response:
    """Before recording a session: the agent's previous session and its actions still open."""
    answer = coaching_service.follow_up(session=db, viewer=viewer, agent_id=agent_id)
    exports.record(db, viewer, "coaching_follow_up", rows=len(answer.open_actions),
                   agent_id=agent_id)  # fmt: skip
    return as_json(answer)


@router.get(
    "/coaching-sessions/{session_id}", response_model=CoachingSessionRead, responses=ONE_RECORD
)
def get_session(db: DbSession, viewer: CurrentViewer, session_id: SessionId) -> Response:
    answer = coaching_service.get_session(session=db, viewer=viewer, session_id=session_id)
    return exports.one(db, viewer, "coaching_sessions", session_id, answer, CoachingSessionRead)


@router.patch(
    "/coaching-sessions/{session_id}", response_model=CoachingSessionRead, responses=CHANGE
)
def update_session(
    db: DbSession, viewer: CurrentViewer, session_id: SessionId, session_in: CoachingSessionUpdate
) -> Response:
    with refused_fields():
        answer = coaching_service.update_session(
            session=db, viewer=viewer, session_id=session_id, session_in=session_in
        )
    return as_json(answer)


@router.get(
    "/coaching-sessions/{session_id}/effectiveness",
    response_model=EffectivenessRead,
    responses=ONE_RECORD,
)
def effectiveness(
    request: Request,
    db: DbSession,
    viewer: CurrentViewer,
    session_id: SessionId,
    days: Annotated[int, Query(ge=1, le=365, description="Days each side of the session.")] = (
        coaching_effectiveness.DEFAULT_DAYS
    ),
) -> Response:
    """The coached KPI over the days before the session against the days after it."""
    settings = web_context(request).settings
    answer = coaching_effectiveness.effectiveness(
        session=db, viewer=viewer, session_id=session_id, settings=kpi_settings(settings),
        timezone=settings.timezone, days=days,
    )  # fmt: skip
    exports.record(db, viewer, "coaching_effectiveness", object_id=session_id, rows=1,
                   agent_id=answer.agent_id)  # fmt: skip
    return as_json(answer)
