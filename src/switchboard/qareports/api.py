"""The JSON API for quality reports: see docs/quality.md ("Reports").

Each answer is people data read out, so it is audited as an export with counts and ids only,
as the KPI report is (``web.data_api.kpis``). The trend, most-failed questions and compliance
failures cover the evaluations the viewer's ``evaluations`` reach holds (403 for a role with
none, such as planners); evaluator workload is for quality analysts, managers and
administrators only (403 for everyone else).
"""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from switchboard.qareports import service as report_service
from switchboard.qareports.schemas import (
    ComplianceFailureRead,
    FailedQuestionsRead,
    TrendBy,
    TrendInterval,
    TrendRead,
    WorkloadRead,
)
from switchboard.web.api import API_PREFIX
from switchboard.web.context import web_context
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import MAX_ID, AgentId, Paging, Range, invalid
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import SCOPED, as_json
from switchboard.web.data_api.schemas import Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["quality reports"])
ScorecardId = Annotated[int, Query(ge=1, le=MAX_ID, description="Only this scorecard's versions.")]


@router.get("/qa/reports/trend", response_model=TrendRead, responses=SCOPED)
def qa_trend(
    request: Request,
    db: DbSession,
    viewer: CurrentViewer,
    when: Range,
    interval: TrendInterval = TrendInterval.WEEK,
    by: TrendBy = TrendBy.NONE,
    scorecard_id: ScorecardId | None = None,
) -> Response:
    """QA score, evaluations, auto-fails and compliance pass rate per local period, per agent,
    per team or overall; ``from``..``to`` bound the evaluated contacts' arrival."""
    timezone = web_context(request).settings.timezone
    try:
        answer = report_service.trend(session=db, viewer=viewer, start=when.start, end=when.end,
                                      interval=interval, by=by, scorecard_id=scorecard_id,
                                      timezone=timezone)  # fmt: skip
    except report_service.TooManyPeriodsError as exc:  # the range and interval asked for too many
        raise invalid("interval", exc.message, interval.value) from None
    exports.record(db, viewer, "qa_trend", rows=len(answer.rows), by=by.value)
    return as_json(answer)


@router.get("/qa/reports/failed-questions", response_model=FailedQuestionsRead, responses=SCOPED)
def qa_failed_questions(
    request: Request,
    db: DbSession,
    viewer: CurrentViewer,
    when: Range,
    scorecard_id: ScorecardId | None = None,
) -> Response:
    """Per scorecard version and question: answers, failures, failure rate and points lost,
    the most failed first."""
    timezone = web_context(request).settings.timezone
    answer = report_service.failed_questions(session=db, viewer=viewer, start=when.start,
                                             end=when.end, scorecard_id=scorecard_id,
                                             timezone=timezone)  # fmt: skip
    exports.record(db, viewer, "qa_failed_questions", rows=len(answer.rows),
                   scorecard_id=scorecard_id)  # fmt: skip
    return as_json(answer)


@router.get(
    "/qa/reports/compliance-failures",
    response_model=Page[ComplianceFailureRead],
    responses=SCOPED,
)
def qa_compliance_failures(
    db: DbSession, viewer: CurrentViewer, when: Range, page: Paging, agent_id: AgentId | None = None
) -> Response:
    """Evaluations that failed an applicable compliance item, newest contact first, with the
    compliance questions that failed: the compliance officer's list."""
    rows, following = report_service.compliance_failures(
        session=db, viewer=viewer, start=when.start, end=when.end, agent_id=agent_id,
        limit=page.limit, offset=page.offset,
    )  # fmt: skip
    return exports.page(db, viewer, "qa_compliance_failures", Found(rows, following),
                        ComplianceFailureRead, agent_id=agent_id)  # fmt: skip


@router.get("/qa/reports/workload", response_model=WorkloadRead, responses=SCOPED)
def qa_workload(request: Request, db: DbSession, viewer: CurrentViewer, when: Range) -> Response:
    """Per evaluator: submitted in ``from``..``to``, drafts and assignments open now (and
    overdue), median and 90th-percentile turnaround in hours. Quality analysts, managers and
    administrators only."""
    timezone = web_context(request).settings.timezone
    answer = report_service.workload(session=db, viewer=viewer, start=when.start, end=when.end,
                                     timezone=timezone)  # fmt: skip
    exports.record(db, viewer, "qa_workload", rows=len(answer.rows))
    return as_json(answer)
