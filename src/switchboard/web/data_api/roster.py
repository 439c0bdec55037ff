"""Queues, teams and people (agents): who and what the centre is made of.

Reading people is an export, audited (:mod:`.exports`). Queues and teams are the centre's
organisation, not records about a person, so reading them is not.
"""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from switchboard.kit.errors import NotFoundError
from switchboard.web.api import API_PREFIX
from switchboard.web.data_api import exports, repository
from switchboard.web.data_api.params import MAX_ID, Paging
from switchboard.web.data_api.responses import ONE_RECORD, OPEN, SCOPED, page_as_json
from switchboard.web.data_api.schemas import Page, PersonRead, QueueRead, TeamRead
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["people"])


@router.get("/queues", response_model=Page[QueueRead], responses=OPEN)
def list_queues(db: DbSession, _viewer: CurrentViewer, page: Paging) -> Response:
    """Every queue: queues name no one, so no role is narrowed."""
    found = repository.queues(db, page)
    return page_as_json(QueueRead, found.rows, found.next)


@router.get("/teams", response_model=Page[TeamRead], responses=SCOPED)
def list_teams(db: DbSession, viewer: CurrentViewer, page: Paging) -> Response:
    """Teams with an agent the viewer may see, and the teams they lead."""
    found = repository.teams(db, viewer, page)
    return page_as_json(TeamRead, found.rows, found.next)


@router.get("/people", response_model=Page[PersonRead], responses=SCOPED)
def list_people(
    db: DbSession,
    viewer: CurrentViewer,
    page: Paging,
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this team.")] = None,
) -> Response:
    """The agents the viewer may see, by id."""
    found = repository.people(db, viewer, page, team_id)
    return exports.page(db, viewer, "people", found, PersonRead, team_id=team_id)


@router.get("/people/{agent_id}", response_model=PersonRead, responses=ONE_RECORD)
def get_person(
    db: DbSession, viewer: CurrentViewer, agent_id: Annotated[int, Path(ge=1, le=MAX_ID)]
) -> Response:
    row = repository.person(db, viewer, agent_id)
    if row is None:
        raise NotFoundError("no such person")
    return exports.one(db, viewer, "people", agent_id, row, PersonRead)
