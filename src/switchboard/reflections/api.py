"""The JSON API for the reflective log: see docs/performance-management.md.

The agent writes their own STAR entries; reading them is an export of people data, audited with
ids only, and each write is audited as a change to people data by the service.
"""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from switchboard.reflections import service
from switchboard.reflections.schemas import ReflectionCreate, ReflectionRead, ReflectionUpdate
from switchboard.web.api import API_PREFIX
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import MAX_ID, AgentId, Paging
from switchboard.web.data_api.refusals import refused_fields
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_json
from switchboard.web.data_api.schemas import Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["reflections"])
ReflectionId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.post("/reflections", status_code=201, response_model=ReflectionRead, responses=SCOPED)
def create_reflection(
    db: DbSession, viewer: CurrentViewer, reflection_in: ReflectionCreate
) -> Response:
    """A STAR entry in the signed-in agent's own log, with its evidence."""
    with refused_fields():
        created = service.create(session=db, viewer=viewer, reflection_in=reflection_in)
    (read,) = service.as_reads(session=db, reflections=[created])
    response = as_json(read)
    response.status_code = 201
    return response


@router.get("/reflections", response_model=Page[ReflectionRead], responses=SCOPED)
def list_reflections(
    db: DbSession, viewer: CurrentViewer, page: Paging, agent_id: AgentId | None = None
) -> Response:
    """Entries the viewer may see (their own, or their agents'), the newest first."""
    rows = service.list_page(session=db, viewer=viewer, agent_id=agent_id,
                             limit=page.limit + 1, offset=page.offset)  # fmt: skip
    reads = service.as_reads(session=db, reflections=rows[: page.limit])
    found = Found(reads, page.offset + page.limit if len(rows) > page.limit else None)
    return exports.page(db, viewer, "reflections", found, ReflectionRead, agent_id=agent_id)


@router.get("/reflections/{reflection_id}", response_model=ReflectionRead, responses=ONE_RECORD)
def get_reflection(db: DbSession, viewer: CurrentViewer, reflection_id: ReflectionId) -> Response:
    found = service.get(session=db, viewer=viewer, reflection_id=reflection_id)
    (read,) = service.as_reads(session=db, reflections=[found])
    return exports.one(db, viewer, "reflections", reflection_id, read, ReflectionRead)


@router.patch("/reflections/{reflection_id}", response_model=ReflectionRead,
              responses=ONE_RECORD)  # fmt: skip
def update_reflection(
    db: DbSession, viewer: CurrentViewer, reflection_id: ReflectionId,
    reflection_in: ReflectionUpdate,
) -> Response:  # fmt: skip
    """Change parts of the agent's own entry; ``evidence`` replaces the whole list."""
    with refused_fields():
        updated = service.update(session=db, viewer=viewer, reflection_id=reflection_id,
                                 reflection_in=reflection_in)  # fmt: skip
    (read,) = service.as_reads(session=db, reflections=[updated])
    return as_json(read)


@router.delete("/reflections/{reflection_id}", status_code=204, response_class=Response,
               responses=ONE_RECORD)  # fmt: skip
def delete_reflection(
    db: DbSession, viewer: CurrentViewer, reflection_id: ReflectionId
) -> Response:
    """Remove the agent's own entry and its evidence links."""
    service.delete(session=db, viewer=viewer, reflection_id=reflection_id)
    return Response(status_code=204)
