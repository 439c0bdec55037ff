"""``GET /api/v1/reports/kpis``: ``switchboard report kpis --format json`` over HTTP, scoped.

A report grouped by agent, team or site is people data: it covers only the agents the viewer's
``agent_kpis`` reach holds, rows and totals alike, and a role with no reach gets 403. A report
by team or site that names no agent also covers an agent's own team as a whole, so an agent
sees their team's figures without any colleague's. A report by
interval, queue or channel only names no one and covers the whole centre for every role. Each
report is audited as an export, with counts only.

The QA score and the compliance pass rate are judgements of people whatever the grouping: a
queue's quarter hour can hold one evaluation. So a report that names no one carries them only
for roles whose ``evaluations`` reach is ``all``; for the others they are left out of the default
KPIs and refused (403) when asked for by name. Grouped by agent, team or site they follow the
``agent_kpis`` reach like every KPI, which for each role that has it is also its
``evaluations`` reach.
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from switchboard.access.policy import Kind, Reach, reach_of
from switchboard.access.viewer import Viewer
from switchboard.config import Settings
from switchboard.domain.kpi import REGISTRY, AbandonTreatment, Family, KpiSettings
from switchboard.kit.errors import ForbiddenError, SwitchboardError
from switchboard.kit.intervals import BusinessHours, Interval
from switchboard.kpis import service as kpi_service
from switchboard.kpis.params import Source, kpi_settings, split_list
from switchboard.kpis.plan import PEOPLE
from switchboard.web.api import API_PREFIX
from switchboard.web.context import web_context
from switchboard.web.data_api import exports, repository
from switchboard.web.data_api.params import Range, invalid
from switchboard.web.data_api.responses import SCOPED, as_json
from switchboard.web.data_api.schemas import KpiReportRead
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["reports"])
DAY = 86_400.0
Seconds = Query(ge=0, le=365 * DAY, allow_inf_nan=False)


@router.get("/reports/kpis", response_model=KpiReportRead, responses=SCOPED)
def report_kpis(
    request: Request,
    db: DbSession,
    viewer: CurrentViewer,
    when: Range,
    by: Annotated[str, Query(description="Comma-separated: " + ", ".join(kpi_service.DIMENSIONS))] = "",
    interval: Interval = Interval.DAY,
    kpis: Annotated[str | None, Query(description="Comma-separated KPI names; default all.")] = None,
    business_hours: bool = False,
    abandon_treatment: AbandonTreatment | None = None,
    service_level_seconds: Annotated[float | None, Seconds] = None,
    short_abandon_seconds: Annotated[float | None, Seconds] = None,
    fcr_window_seconds: Annotated[float | None, Query(gt=0, le=365 * DAY, allow_inf_nan=False)] = None,
    csat_top_boxes: Annotated[int | None, Query(ge=1, le=10)] = None,
    source: Source = Source.AUTO,
) -> Response:  # fmt: skip
    """KPIs grouped as asked, each red, amber or green against its target; the parameters and
    the JSON are those of `switchboard report kpis`."""
    settings = web_context(request).settings
    dims = _dimensions(by)
    people = bool(PEOPLE & set(dims))
    names = _readable(viewer, _kpi_names(kpis), people)
    report_in = kpi_service.ReportRequest(
        by=dims, interval=interval, start=when.start, end=when.end, kpis=names,
        timezone=settings.timezone, source=source.value,
        business_hours=BusinessHours.parse(settings.business_hours) if business_hours else None,
        agent_scope=repository.kpi_scope(viewer, names_agents="agent" in dims) if people else None,
    )  # fmt: skip
    variant = _variant(settings, abandon_treatment, service_level_seconds,
                       short_abandon_seconds, fcr_window_seconds, csat_top_boxes)  # fmt: skip
    try:
        report = kpi_service.build_report(session=db, request=report_in, settings=variant)
    except SwitchboardError as exc:  # the aggregates asked for are missing: the input's fault
        raise invalid("source", exc.message, source.value) from None
    answer = KpiReportRead.model_validate(report.as_dict())
    exports.record(db, viewer, "kpi_report", rows=len(report.rows), people=people,
                   scoped=report_in.agent_scope is not None)  # fmt: skip
    return as_json(answer)


def _dimensions(by: str) -> tuple[str, ...]:
    dims = split_list(by)
    unknown = [d for d in dims if d not in kpi_service.DIMENSIONS]
    if unknown or len(set(dims)) != len(dims):
        raise invalid("by", "choose each of " + ", ".join(kpi_service.DIMENSIONS) + " once", by)
    return dims


def _kpi_names(kpis: str | None) -> tuple[str, ...] | None:
    names = split_list(kpis)
    if any(name not in REGISTRY for name in names):
        raise invalid("kpis", "unknown KPI: GET the KPI list with `switchboard kpis list`", kpis)
    return names or None


QUALITY_KPIS = tuple(name for name, kpi in REGISTRY.items() if kpi.family is Family.QUALITY)


def _readable(
    viewer: Viewer, names: tuple[str, ...] | None, people: bool
) -> tuple[str, ...] | None:
    """The KPIs asked for, less the quality ones a report naming no one may not carry for this
    viewer (see the module docstring): dropped from the default, refused when named."""
    if people or reach_of(viewer.role, Kind.EVALUATIONS) is Reach.ALL:
        return names
    if names is None:
        return tuple(name for name in REGISTRY if name not in QUALITY_KPIS)
    asked = [name for name in names if name in QUALITY_KPIS]
    if asked:
        raise ForbiddenError(f"{', '.join(asked)} judge people: group by agent, team or site, "
                             "or read the quality reports (/api/v1/qa/reports/...)")  # fmt: skip
    return names


def _variant(
    settings: Settings, treatment: AbandonTreatment | None, sl: float | None,
    short: float | None, fcr: float | None, top: int | None,
) -> KpiSettings:  # fmt: skip
    """The KPI variant, as ``switchboard report kpis`` builds it from its options."""
    try:
        return kpi_settings(settings, treatment, sl, short, fcr, top)
    except SwitchboardError as exc:
        raise invalid("short_abandon_seconds", exc.message) from None
