"""The JSON API for actions: see docs/performance-management.md.

Reads are exports, audited with counts and ids; writes are people changes, audited by the
service."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from switchboard.actions import service as action_service
from switchboard.actions.repository import ActionFilter
from switchboard.actions.schemas import ActionCreate, ActionRead, ActionUpdate, MatrixRead
from switchboard.feedback.api import CHANGE
from switchboard.feedback.schemas import MAX_ID
from switchboard.kit.clock import zone
from switchboard.web.api import API_PREFIX
from switchboard.web.context import web_context
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import AgentId, Paging
from switchboard.web.data_api.refusals import refused_fields
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_created_json, as_json
from switchboard.web.data_api.schemas import Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["actions"])
ActionId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/actions", response_model=Page[ActionRead], responses=SCOPED)
def list_actions(
    db: DbSession,
    viewer: CurrentViewer,
    page: Paging,
    agent_id: AgentId | None = None,
    is_open: Annotated[bool | None, Query(alias="open", description="Only open (true) or done (false) ones.")] = None,
    session_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Agreed at this coaching session.")] = None,
) -> Response:  # fmt: skip
    """Actions the viewer may see: open before done, each by due date (undated last)."""
    where = ActionFilter(agent_id, is_open, session_id)
    rows, following = action_service.list_actions(
        session=db, viewer=viewer, where=where, limit=page.limit, offset=page.offset
    )
    return exports.page(db, viewer, "actions", Found(rows, following), ActionRead,
                        agent_id=agent_id, session_id=session_id)  # fmt: skip


@router.post("/actions", response_model=ActionRead, status_code=201, responses=CHANGE)
def create_action(db: DbSession, viewer: CurrentViewer, action_in: ActionCreate) -> Response:
    """Put an action on an agent's list: your own, or (a team leader) one of your agents'."""
    with refused_fields():
        answer = action_service.create_action(session=db, viewer=viewer, action_in=action_in)
    return as_created_json(answer)


@router.get("/actions/matrix", response_model=MatrixRead, responses=ONE_RECORD)
def action_matrix(
    request: Request, db: DbSession, viewer: CurrentViewer, agent_id: AgentId | None = None
) -> Response:
    """The open actions by urgent/important quadrant: your own, or the agent named."""
    today = datetime.now(zone(web_context(request).settings.timezone)).date()
    with refused_fields():
        answer = action_service.matrix(session=db, viewer=viewer, agent_id=agent_id, today=today)
    rows = sum(len(q.actions) for q in answer.quadrants)
    exports.record(db, viewer, "action_matrix", rows=rows, agent_id=answer.agent_id)
    return as_json(answer)


@router.get("/actions/{action_id}", response_model=ActionRead, responses=ONE_RECORD)
def get_action(db: DbSession, viewer: CurrentViewer, action_id: ActionId) -> Response:
    answer = action_service.get_action(session=db, viewer=viewer, action_id=action_id)
    return exports.one(db, viewer, "actions", action_id, answer, ActionRead)


@router.patch("/actions/{action_id}", response_model=ActionRead, responses=CHANGE)
def update_action(
    db: DbSession, viewer: CurrentViewer, action_id: ActionId, action_in: ActionUpdate
) -> Response:
    """Change an action, or tick it off with ``done: true``."""
    answer = action_service.update_action(
        session=db, viewer=viewer, action_id=action_id, action_in=action_in
    )
    return as_json(answer)
