"""The JSON API for improvement activities (Plan-Do-Review): see docs/performance-management.md.

Reading an improvement or its review is an export of people data, audited with ids only; a
plan or a change to one is audited as a change to people data by the service.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from switchboard.improvements import service
from switchboard.improvements.schemas import (
    ImprovementCreate,
    ImprovementRead,
    ImprovementUpdate,
    ReviewRead,
)
from switchboard.kit.clock import zone
from switchboard.kpis.params import kpi_settings
from switchboard.web.api import API_PREFIX
from switchboard.web.context import web_context
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import MAX_ID, AgentId, Paging
from switchboard.web.data_api.refusals import refused_fields
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_json
from switchboard.web.data_api.schemas import Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["improvements"])
ImprovementId = Annotated[int, Path(ge=1, le=MAX_ID)]
TeamId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this team's.")]


@router.post("/improvements", status_code=201, response_model=ImprovementRead, responses=SCOPED)
def create_improvement(
    db: DbSession, viewer: CurrentViewer, improvement_in: ImprovementCreate
) -> Response:
    """Plan an improvement activity for a team: its team leader, a manager or an administrator."""
    with refused_fields():
        created = service.create(session=db, viewer=viewer, improvement_in=improvement_in)
    (read,) = service.as_reads(session=db, improvements=[created])
    response = as_json(read)
    response.status_code = 201
    return response


@router.get("/improvements", response_model=Page[ImprovementRead], responses=SCOPED)
def list_improvements(
    db: DbSession, viewer: CurrentViewer, page: Paging, team_id: TeamId = None,
    agent_id: AgentId | None = None,
) -> Response:  # fmt: skip
    """Improvements whose agents the viewer may all see, the latest start first; ``agent_id``
    keeps those that involve that agent."""
    rows = service.list_page(session=db, viewer=viewer, team_id=team_id, agent_id=agent_id,
                             limit=page.limit + 1, offset=page.offset)  # fmt: skip
    more = len(rows) > page.limit
    reads = service.as_reads(session=db, improvements=rows[: page.limit])
    found = Found(reads, page.offset + page.limit if more else None)
    return exports.page(db, viewer, "improvements", found, ImprovementRead,
                        team_id=team_id, agent_id=agent_id)  # fmt: skip


@router.get("/improvements/{improvement_id}", response_model=ImprovementRead,
            responses=ONE_RECORD)  # fmt: skip
def get_improvement(
    db: DbSession, viewer: CurrentViewer, improvement_id: ImprovementId
) -> Response:
    found = service.get(session=db, viewer=viewer, improvement_id=improvement_id)
    (read,) = service.as_reads(session=db, improvements=[found])
    return exports.one(db, viewer, "improvements", improvement_id, read, ImprovementRead)


@router.patch("/improvements/{improvement_id}", response_model=ImprovementRead,
              responses=ONE_RECORD)  # fmt: skip
def update_improvement(
    db: DbSession, viewer: CurrentViewer, improvement_id: ImprovementId,
    improvement_in: ImprovementUpdate,
) -> Response:  # fmt: skip
    """Change the title or the change, or save the review note."""
    updated = service.update(session=db, viewer=viewer, improvement_id=improvement_id,
                             improvement_in=improvement_in)  # fmt: skip
    (read,) = service.as_reads(session=db, improvements=[updated])
    return as_json(read)


@router.get("/improvements/{improvement_id}/review", response_model=ReviewRead,
            responses=ONE_RECORD)  # fmt: skip
def review_improvement(
    request: Request, db: DbSession, viewer: CurrentViewer, improvement_id: ImprovementId
) -> Response:
    """The Review: the KPI before and after the change, the effect with its 95% interval, and
    a verdict in plain words; `switchboard improvement review ID --format json` over HTTP."""
    settings = web_context(request).settings
    found = service.get(session=db, viewer=viewer, improvement_id=improvement_id)
    review = service.review(
        session=db, improvement=found, settings=kpi_settings(settings),
        timezone=settings.timezone, today=datetime.now(zone(settings.timezone)).date(),
    )  # fmt: skip
    answer = ReviewRead.model_validate(service.review_dict(review))
    exports.record(db, viewer, "improvement_review", rows=1, object_id=improvement_id)
    return as_json(answer)
