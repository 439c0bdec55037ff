"""Interactions and agent states: what happened, paged and filtered, scoped to the viewer.

Every answer is an export, audited with counts and ids only (:mod:`.exports`).
"""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from switchboard.interactions.models import AgentState, Outcome
from switchboard.kit.errors import NotFoundError
from switchboard.people.models import Channel
from switchboard.web.api import API_PREFIX
from switchboard.web.data_api import exports, repository
from switchboard.web.data_api.params import MAX_ID, AgentId, Paging, Range
from switchboard.web.data_api.repository import InteractionFilter
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED
from switchboard.web.data_api.schemas import AgentStateRead, InteractionRead, Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["activity"])
MAX_INTERACTION_ID = 2**63 - 1


@router.get("/interactions", response_model=Page[InteractionRead], responses=SCOPED)
def list_interactions(
    db: DbSession,
    viewer: CurrentViewer,
    when: Range,
    page: Paging,
    queue: Annotated[int | None, Query(ge=1, le=MAX_ID, description="A queue id.")] = None,
    agent_id: AgentId | None = None,
    outcome: Outcome | None = None,
    channel: Channel | None = None,
) -> Response:
    """Interactions the viewer may see, oldest first, by arrival in ``from``..``to``."""
    where = InteractionFilter(when, queue, agent_id, outcome, channel)
    found = repository.interactions(db, viewer, where, page)
    return exports.page(
        db, viewer, "interactions", found, InteractionRead, queue_id=queue, agent_id=agent_id
    )


@router.get("/interactions/{interaction_id}", response_model=InteractionRead, responses=ONE_RECORD)
def get_interaction(
    db: DbSession,
    viewer: CurrentViewer,
    interaction_id: Annotated[int, Path(ge=1, le=MAX_INTERACTION_ID)],
) -> Response:
    found = repository.interaction(db, viewer, interaction_id)
    if found is None:
        raise NotFoundError("no such interaction")
    return exports.one(db, viewer, "interactions", interaction_id, found, InteractionRead)


@router.get("/agent-states", response_model=Page[AgentStateRead], responses=SCOPED)
def list_agent_states(
    db: DbSession,
    viewer: CurrentViewer,
    when: Range,
    page: Paging,
    agent_id: AgentId | None = None,
    state: AgentState | None = None,
) -> Response:
    """State intervals the viewer may see that overlap ``from``..``to``, oldest first."""
    found = repository.agent_states(db, viewer, when, agent_id, state, page)
    return exports.page(db, viewer, "agent_states", found, AgentStateRead, agent_id=agent_id)
