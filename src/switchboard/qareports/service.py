"""The quality reports: QA trend, most-failed questions, compliance failures, evaluator workload.

Every report counts submitted (and later) regular evaluations, as the QA score KPI does, and
covers only the agents whose evaluations the viewer may see (``Kind.EVALUATIONS``); a viewer of
None is the store's own rights, as the CLI has. Evaluator workload is for those who run the
quality team (:data:`WORKLOAD_READERS`), since it judges evaluators rather than agents.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from switchboard.access.policy import QUALITY_EDITORS, Kind, require, require_role
from switchboard.access.repository import AgentIdColumn, agent_filter
from switchboard.access.viewer import Viewer
from switchboard.domain.performance.smart import percentile as inclusive_percentile
from switchboard.kit.clock import utcnow, zone
from switchboard.kit.errors import SwitchboardError
from switchboard.kit.intervals import Interval, local_day, period_of_day, show
from switchboard.people.models import Role
from switchboard.qareports import repository
from switchboard.qareports.schemas import (
    ComplianceFailureRead,
    EvaluatorWorkload,
    FailedQuestion,
    FailedQuestionsRead,
    QuestionRef,
    TrendBy,
    TrendInterval,
    TrendRead,
    TrendRow,
    WorkloadRead,
)
from switchboard.sampling.models import Assignment

WORKLOAD_READERS: frozenset[Role] = QUALITY_EDITORS | {Role.MANAGER}
"""Quality analysts, managers and administrators: the people who plan evaluators' work."""
MAX_PERIODS = 1500
"""A trend's periods are compared in SQL; more than this asks for a coarser interval."""


class TooManyPeriodsError(SwitchboardError):
    """The trend's range holds more than :data:`MAX_PERIODS` periods of its interval."""


def _scope(viewer: Viewer | None, column: AgentIdColumn) -> ColumnElement[bool] | None:
    if viewer is None:
        return None
    require(viewer, Kind.EVALUATIONS)
    return agent_filter(viewer, Kind.EVALUATIONS, column)


def _settings(start: datetime | None, end: datetime | None, tz: ZoneInfo) -> dict[str, Any]:
    return {"from": show(start, tz) if start else None, "to": show(end, tz) if end else None,
            "timezone": str(tz)}  # fmt: skip


# --- trend ------------------------------------------------------------------------------------


def trend(
    *, session: Session, viewer: Viewer | None, start: datetime | None, end: datetime | None,
    interval: TrendInterval = TrendInterval.WEEK, by: TrendBy = TrendBy.NONE,
    scorecard_id: int | None = None, timezone: str,
) -> TrendRead:  # fmt: skip
    """Per local period (weeks from Monday) and per agent, team or overall: evaluations, mean
    score, auto-fails and compliance pass rate. Grouped in SQL; an open range runs from the
    first counted contact to the last."""
    tz = zone(timezone)
    scope = _scope(viewer, repository.E.agent_id)
    first, last = repository.contact_span(session, start, end)
    settings = {**_settings(start, end, tz), "interval": interval.value, "by": by.value,
                "scorecard_id": scorecard_id}  # fmt: skip
    if first is None or last is None:
        return TrendRead(settings=settings, rows=[])
    bounds = period_starts(first, last, Interval(interval.value), tz)
    group = None if by is TrendBy.NONE else by.value
    found = repository.trend(session, scope=scope, bounds=bounds, start=start or bounds[0],
                             end=end or bounds[-1], by=group, scorecard_id=scorecard_id)  # fmt: skip
    labels = repository.names(session, group, {row[0] for row in found if row[0] is not None})
    starts = [show(bound, tz) for bound in bounds]
    rows = [_trend_row(row, starts, group, labels) for row in found]
    rows.sort(key=lambda r: (r.period_start, r.agent or r.team or "", r.agent_id or r.team_id))
    return TrendRead(settings=settings, rows=rows)


def period_starts(
    first: datetime, last: datetime, interval: Interval, tz: ZoneInfo
) -> list[datetime]:
    """UTC starts of the local days, weeks (from Monday) or months from the one holding
    ``first`` to the one after the one holding ``last``.

    >>> from datetime import UTC
    >>> starts = period_starts(datetime(2026, 3, 29, 23, 30, tzinfo=UTC),
    ...     datetime(2026, 3, 30, 1, tzinfo=UTC), Interval.WEEK, zone("Europe/London"))
    >>> [s.isoformat() for s in starts]
    ['2026-03-29T23:00:00+00:00', '2026-04-05T23:00:00+00:00']
    """
    day = local_day(first, tz)
    starts = [period_of_day(day, interval, tz)]
    while starts[-1] <= last:
        day = _next(day, interval)
        starts.append(period_of_day(day, interval, tz))
        if len(starts) > MAX_PERIODS:
            raise TooManyPeriodsError(
                f"more than {MAX_PERIODS} periods: choose a longer interval or a shorter range"
            )
    return starts


def _next(day: date, interval: Interval) -> date:
    if interval is Interval.MONTH:
        return (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    if interval is Interval.WEEK:
        return day - timedelta(days=day.weekday()) + timedelta(days=7)
    return day + timedelta(days=1)


def _trend_row(row: Any, starts: Sequence[str], group: str | None,
               labels: dict[int, str]) -> TrendRow:  # fmt: skip
    grp, period, count, scored, total, auto_failed, with_compliance, passed = row
    named = {"agent_id": grp, "agent": labels.get(grp)} if group == "agent" else {}
    if group == "team":
        named = {"team_id": grp, "team": labels.get(grp)}
    return TrendRow(
        period_start=starts[int(period)], evaluations=count, scored=scored,
        mean_score=total / scored if scored else None, auto_failed=int(auto_failed or 0),
        compliance_evaluations=with_compliance, compliance_passed=int(passed or 0),
        compliance_pass_rate=(passed or 0) / with_compliance if with_compliance else None,
        **named,
    )  # fmt: skip


# --- failed questions -------------------------------------------------------------------------


def failed_questions(
    *, session: Session, viewer: Viewer | None, start: datetime | None, end: datetime | None,
    scorecard_id: int | None = None, timezone: str,
) -> FailedQuestionsRead:  # fmt: skip
    """Per scorecard version and question: answers (N/A left out), failures, the failure rate
    and the points lost; the most failed first."""
    scope = _scope(viewer, repository.E.agent_id)
    found = repository.failed_questions(session, scope=scope, start=start, end=end,
                                        scorecard_id=scorecard_id)  # fmt: skip
    cards = {v[0]: v for v in repository.versions(session, {row[0] for row in found})}
    rows = []
    for version_id, key, answered, failed, lost in found:
        _, number, definition, card_id, card_name = cards[version_id]
        rows.append(FailedQuestion(
            scorecard_id=card_id, scorecard=card_name, version_id=version_id, version=number,
            question_key=key, question=question_texts(definition).get(key, key),
            answered=answered, failed=int(failed or 0), failure_rate=(failed or 0) / answered,
            points_lost=float(lost or 0.0),
        ))  # fmt: skip
    rows.sort(key=lambda r: (-r.failure_rate, -r.failed, r.scorecard, r.version, r.question_key))
    tz = zone(timezone)
    return FailedQuestionsRead(settings={**_settings(start, end, tz), "scorecard_id": scorecard_id},
                               rows=rows)  # fmt: skip


def question_texts(definition: dict[str, Any], *, compliance_only: bool = False) -> dict[str, str]:
    """Question key → text in a stored scorecard definition (its JSON shape)."""
    return {
        str(q.get("key")): str(q.get("text", ""))
        for section in definition.get("sections", [])
        for q in section.get("questions", [])
        if not compliance_only or q.get("compliance")
    }


# --- compliance failures ----------------------------------------------------------------------


def compliance_failures(
    *, session: Session, viewer: Viewer | None, start: datetime | None, end: datetime | None,
    agent_id: int | None = None, limit: int = 50, offset: int = 0,
) -> tuple[list[ComplianceFailureRead], int | None]:  # fmt: skip
    """Evaluations that failed an applicable compliance item, newest contact first, each with
    the compliance questions that failed or lost points."""
    scope = _scope(viewer, repository.E.agent_id)
    rows, following = repository.compliance_failures(session, scope=scope, start=start, end=end,
                                                     agent_id=agent_id, limit=limit,
                                                     offset=offset)  # fmt: skip
    definitions = {v[0]: v[2] for v in repository.versions(session, {r.version_id for r in rows})}
    short: dict[int, list[str]] = {}
    for evaluation_id, key in repository.answers_short_of_full(session, [r[0] for r in rows]):
        short.setdefault(evaluation_id, []).append(key)
    page = []
    for row in rows:
        texts = question_texts(definitions[row.version_id], compliance_only=True)
        failed = [QuestionRef(key=k, text=texts[k]) for k in short.get(row.evaluation_id, [])
                  if k in texts]  # fmt: skip
        page.append(ComplianceFailureRead.model_validate(
            {**row._mapping, "failed_questions": failed}
        ))  # fmt: skip
    return page, following


# --- evaluator workload -----------------------------------------------------------------------


def workload(
    *, session: Session, viewer: Viewer | None, start: datetime | None, end: datetime | None,
    timezone: str,
) -> WorkloadRead:  # fmt: skip
    """Per evaluator: evaluations submitted in the range, drafts and assignments open now (and
    overdue), and the median and 90th percentile turnaround in hours."""
    if viewer is not None:
        require_role(viewer, WORKLOAD_READERS, "see evaluator workload")
    scope = _scope(viewer, repository.E.agent_id)
    done = repository.submitted(session, scope=scope, start=start, end=end)
    drafts = repository.drafts_open(session, scope=scope)
    now = utcnow()
    open_ = {row[0]: row[1:] for row in repository.assignments_open(
        session, scope=_scope(viewer, Assignment.agent_id), now=now)}  # fmt: skip
    by_evaluator: dict[int, list[Any]] = {}
    for row in done:
        by_evaluator.setdefault(row[0], []).append(row)
    evaluators = set(by_evaluator) | set(drafts) | set(open_)
    labels = repository.user_names(session, evaluators)
    rows = [_workload_row(e, labels.get(e, str(e)), by_evaluator.get(e, []), drafts, open_)
            for e in evaluators]  # fmt: skip
    rows.sort(key=lambda r: (r.evaluator, r.evaluator_user_id))
    tz = zone(timezone)
    return WorkloadRead(settings={**_settings(start, end, tz), "now": show(now, tz)}, rows=rows)


def _workload_row(evaluator: int, label: str, mine: list[Any], drafts: dict[int, int],
                  open_: dict[int, Any]) -> EvaluatorWorkload:  # fmt: skip
    hours = [float(row[1]) for row in mine]
    assigned = [float(row[2]) for row in mine if row[2] is not None]
    open_count, overdue = open_.get(evaluator, (0, 0))
    return EvaluatorWorkload(
        evaluator_user_id=evaluator, evaluator=label, submitted=len(mine),
        drafts_open=drafts.get(evaluator, 0), assignments_open=open_count,
        assignments_overdue=int(overdue or 0),
        turnaround_median_hours=percentile(hours, 50), turnaround_p90_hours=percentile(hours, 90),
        assignment_turnaround_median_hours=percentile(assigned, 50),
        assignment_turnaround_p90_hours=percentile(assigned, 90),
    )  # fmt: skip


def percentile(values: list[float], p: int) -> float | None:
    """The ``p``th percentile, interpolated between the closest ranks (NumPy's default);
    None for no values.

    >>> percentile([1.0, 2.0, 3.0, 10.0], 50), percentile([1.0, 2.0, 3.0, 10.0], 90)
    (2.5, 7.9)
    """
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return inclusive_percentile(values, p)
