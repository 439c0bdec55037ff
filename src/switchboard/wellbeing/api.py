"""The JSON API for wellbeing: see docs/performance-management.md.

Check-ins and signals are private to the agent and their team leader: a manager and an
administrator are refused (403), like any role without reach. Every read is an export of people
data and every check-in a change to it, both audited with ids only.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from switchboard.kit.clock import zone
from switchboard.kit.errors import SwitchboardError
from switchboard.kit.periods import FORMS, Period
from switchboard.selfaudits import service as selfaudit_service
from switchboard.web.api import API_PREFIX
from switchboard.web.context import web_context
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import MAX_ID, AgentId, Paging, invalid
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_json
from switchboard.web.data_api.schemas import Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession
from switchboard.wellbeing import service
from switchboard.wellbeing.schemas import (
    AgentWellbeingRead,
    CheckInCreate,
    CheckInRead,
    TeamWellbeingRead,
)

router = APIRouter(prefix=API_PREFIX, tags=["wellbeing"])
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
PeriodText = Annotated[
    str | None,
    Query(max_length=40, description=f"{FORMS}. Default: the last seven days, today included."),
]


def _period(request: Request, text: str | None) -> Period:
    today = datetime.now(zone(web_context(request).settings.timezone)).date()
    try:
        return selfaudit_service.bounded_period(text, today=today, default=service.recent(today))
    except SwitchboardError as exc:
        raise invalid("period", exc.message, text) from None


@router.post("/wellbeing/check-ins", status_code=201, response_model=CheckInRead,
             responses=SCOPED)  # fmt: skip
def record_check_in(db: DbSession, viewer: CurrentViewer, check_in_in: CheckInCreate) -> Response:
    """The signed-in agent's check-in: mood and workload from 1 to 5, and a note if they wish."""
    created = service.record_check_in(session=db, viewer=viewer, check_in_in=check_in_in)
    response = as_json(CheckInRead.model_validate(created))
    response.status_code = 201
    return response


@router.get("/wellbeing/check-ins", response_model=Page[CheckInRead], responses=SCOPED)
def list_check_ins(
    db: DbSession, viewer: CurrentViewer, page: Paging, agent_id: AgentId | None = None
) -> Response:
    """Check-ins the viewer may see (their own, or their team's as its leader), latest first."""
    rows = service.check_in_page(session=db, viewer=viewer, agent_id=agent_id,
                                 limit=page.limit + 1, offset=page.offset)  # fmt: skip
    found = Found(rows[: page.limit], page.offset + page.limit if len(rows) > page.limit else None)
    return exports.page(db, viewer, "wellbeing_checkins", found, CheckInRead, agent_id=agent_id)


@router.get("/agents/{agent_id}/wellbeing", response_model=AgentWellbeingRead,
            responses=ONE_RECORD)  # fmt: skip
def agent_wellbeing(
    request: Request, db: DbSession, viewer: CurrentViewer, agent_id: IdPath,
    period: PeriodText = None,
) -> Response:  # fmt: skip
    """The agent's wellbeing signals for the period, as prompts to talk, with their check-ins."""
    chosen = _period(request, period)
    found = service.for_agent(session=db, viewer=viewer, agent_id=agent_id, period=chosen,
                              timezone=web_context(request).settings.timezone)  # fmt: skip
    answer = AgentWellbeingRead.model_validate(
        {**service.as_dict(found), "period": chosen.as_dict(), "settings": service.SETTINGS},
        from_attributes=True,
    )
    exports.record(db, viewer, "wellbeing_signals", rows=1, object_id=agent_id)
    return as_json(answer)


@router.get("/teams/{team_id}/wellbeing", response_model=TeamWellbeingRead,
            responses=ONE_RECORD)  # fmt: skip
def team_wellbeing(
    request: Request, db: DbSession, viewer: CurrentViewer, team_id: IdPath,
    period: PeriodText = None,
) -> Response:  # fmt: skip
    """Each team member's signals in order of name, as prompts to talk: never a ranking."""
    chosen = _period(request, period)
    team, members = service.for_team(session=db, viewer=viewer, team_id=team_id, period=chosen,
                                     timezone=web_context(request).settings.timezone)  # fmt: skip
    answer = TeamWellbeingRead.model_validate(
        {"team_id": team.id, "team": team.name, "period": chosen.as_dict(),
         "settings": service.SETTINGS, "members": [service.as_dict(m) for m in members]},
        from_attributes=True,
    )  # fmt: skip
    exports.record(db, viewer, "wellbeing_signals", rows=len(members), team_id=team_id)
    return as_json(answer)
