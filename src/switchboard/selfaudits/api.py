"""The JSON API for self-audits: see docs/performance-management.md.

``GET /agents/{id}/self-audit`` answers what ``switchboard people self-audit --format json``
prints, with the reflection the agent saved for the period. An agent's audit places them in
their team by percentile only: no colleague's name or figure is ever part of it. Reading an
audit is an export of people data, audited with ids only.

The read models live here until the feature has a ``schemas.py`` of its own.
"""

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from switchboard.improvements.schemas import WindowRead
from switchboard.kit.clock import zone
from switchboard.kit.errors import SwitchboardError
from switchboard.kit.periods import FORMS, Period
from switchboard.kit.text import storable
from switchboard.kpis.params import kpi_settings
from switchboard.selfaudits import service
from switchboard.web.api import API_PREFIX
from switchboard.web.context import web_context
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import MAX_ID, AgentId, Paging, invalid
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_json
from switchboard.web.data_api.schemas import Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["self-audits"])
AgentPath = Annotated[int, Path(ge=1, le=MAX_ID)]
PeriodText = Annotated[
    str | None, Query(max_length=40, description=f"{FORMS}. Default: the last full month.")
]


class ReflectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reflection: Annotated[str, Field(max_length=20_000), AfterValidator(storable)]


class SavedSelfAuditRead(BaseModel):
    """A self-audit the agent kept: their reflection, and the strengths and development areas
    (KPI names) the audit found when they wrote it."""

    id: int
    agent_id: int
    period_from: date
    period_to: date = Field(description="Inclusive: the period's last local day.")
    strengths: list[str]
    development_areas: list[str]
    reflection: str
    created_at: datetime
    updated_at: datetime


class TargetRead(BaseModel):
    green: float
    amber: float


class AuditKpiRead(BaseModel):
    kpi: str
    title: str
    unit: str
    aspect: str | None = Field(description="`efficiency`, `effectiveness` or null.")
    value: float | None
    target: TargetRead | None
    status: str | None = Field(description="`green`, `amber`, `red` or null.")
    team_percentile: float | None = Field(
        description="The share of the team this agent does better than, ties counting half."
    )
    team_size: int
    sample: int
    sample_kind: str
    low_confidence: bool
    judgement: str
    reasons: list[str]


class ChangeRead(BaseModel):
    kpi: str
    before: float
    after: float


class TradeOffRead(BaseModel):
    gain: ChangeRead
    losses: list[ChangeRead]
    message: str


class SelfAuditRead(BaseModel):
    """The shape of `switchboard people self-audit --format json`, plus the saved reflection."""

    agent: str
    team: str | None
    period: WindowRead
    previous_period: WindowRead
    settings: dict[str, Any]
    kpis: list[AuditKpiRead]
    strengths: list[str]
    development_areas: list[str]
    trade_offs: list[TradeOffRead]
    reflection: SavedSelfAuditRead | None


def _period(request: Request, text: str | None) -> Period:
    today = datetime.now(zone(web_context(request).settings.timezone)).date()
    try:
        return service.bounded_period(text, today=today)
    except SwitchboardError as exc:
        raise invalid("period", exc.message, text) from None


@router.get("/agents/{agent_id}/self-audit", response_model=SelfAuditRead, responses=ONE_RECORD)
def get_self_audit(
    request: Request, db: DbSession, viewer: CurrentViewer, agent_id: AgentPath,
    period: PeriodText = None,
) -> Response:  # fmt: skip
    """The agent's KPIs for the period against their targets, their team and the period before,
    with strengths, development areas and the reflection saved for the period."""
    settings = web_context(request).settings
    found = service.audit_for(
        session=db, viewer=viewer, agent_id=agent_id, period=_period(request, period),
        settings=kpi_settings(settings), timezone=settings.timezone,
    )  # fmt: skip
    answer = SelfAuditRead.model_validate(found)
    exports.record(db, viewer, "self_audit", rows=1, object_id=agent_id)
    return as_json(answer)


@router.put("/agents/{agent_id}/self-audit", response_model=SavedSelfAuditRead,
            responses=ONE_RECORD)  # fmt: skip
def save_self_audit(
    request: Request, db: DbSession, viewer: CurrentViewer, agent_id: AgentPath,
    reflection_in: ReflectionIn, period: PeriodText = None,
) -> Response:  # fmt: skip
    """The agent's own reflection on their self-audit for the period, saved with the strengths
    and development areas it found; saving again replaces the reflection. The agent only."""
    settings = web_context(request).settings
    record = service.save_reflection(
        session=db, viewer=viewer, agent_id=agent_id, period=_period(request, period),
        reflection=reflection_in.reflection, settings=kpi_settings(settings),
        timezone=settings.timezone,
    )  # fmt: skip
    return as_json(SavedSelfAuditRead.model_validate(service.saved_dict(record)))


@router.get("/self-audits", response_model=Page[SavedSelfAuditRead], responses=SCOPED)
def list_self_audits(
    db: DbSession, viewer: CurrentViewer, page: Paging, agent_id: AgentId | None = None
) -> Response:
    """Saved self-audits the viewer may see, the latest period first."""
    rows = service.saved_page(session=db, viewer=viewer, agent_id=agent_id,
                              limit=page.limit + 1, offset=page.offset)  # fmt: skip
    reads = [service.saved_dict(r) for r in rows[: page.limit]]
    found = Found(reads, page.offset + page.limit if len(rows) > page.limit else None)
    return exports.page(db, viewer, "self_audits", found, SavedSelfAuditRead, agent_id=agent_id)
