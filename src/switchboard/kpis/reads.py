"""The report queries: measures grouped by the requested dimensions, from aggregates or raw rows.

Each function returns plain dicts: the dimension ids, ``period`` (a quarter-hour epoch, a local
date or None) and the domain's measure names. Merging periods into local intervals and applying
formulas happens in the service.
"""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    String,
    Table,
    case,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from switchboard.domain.kpi import WAIT_EDGES, KpiSettings
from switchboard.domain.kpi.settings import REPEAT_HORIZON_SECONDS
from switchboard.domain.quality.lifecycle import SCORED, EvaluationKind
from switchboard.evaluations.models import Evaluation
from switchboard.interactions.models import (
    AgentState,
    AgentStateInterval,
    Direction,
    Interaction,
)
from switchboard.kit.intervals import local_day
from switchboard.kpis import sql
from switchboard.kpis.models import STATE_COLUMNS, fcr_column, fcr_days
from switchboard.people.models import Agent, Queue, Team
from switchboard.surveys.models import SurveyResponse

Dim = Literal["queue", "channel", "agent", "team", "site"]
Period = Literal["bucket", "day"] | None
AgentScope = Callable[[Any], ColumnElement[bool]]
"""Given a read's agent id column, a WHERE clause keeping the agents a report may cover, such as
``lambda column: agent_filter(viewer, Kind.AGENT_KPIS, column)``. Rows of other agents, and rows
with no agent, drop out of every read: rows and totals alike."""
I = Interaction  # noqa: E741
S = SurveyResponse


def _dims(dims: Sequence[Dim], queue: Any, channel: Any, agent: Any) -> list[ColumnElement[Any]]:
    columns = {"queue": queue, "channel": channel, "agent": agent,
               "team": Agent.team_id, "site": Team.site_id}  # fmt: skip
    return [columns[d].label(d) for d in dims]


def _with_people(query: Select[Any], dims: Sequence[Dim], agent_column: Any) -> Select[Any]:
    if "team" in dims or "site" in dims:
        query = query.join(Agent, Agent.id == agent_column, isouter=True)
    if "site" in dims:
        query = query.join(Team, Team.id == Agent.team_id, isouter=True)
    return query


def _rows(session: Session, query: Select[Any]) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in session.execute(query)]


def _grouped(query: Select[Any], keys: list[ColumnElement[Any]]) -> Select[Any]:
    return query.group_by(*keys) if keys else query


def _scoped(query: Select[Any], scope: AgentScope | None, agent_column: Any) -> Select[Any]:
    """Only the agents in ``scope``; a read without an agent column cannot be scoped at all."""
    if scope is None:
        return query
    if agent_column is None:
        raise ValueError("a scoped report must read a table kept per agent")
    return query.where(scope(agent_column))


# --- from aggregates --------------------------------------------------------------------------


def _aggregate_measures(t: FromClause, settings: KpiSettings) -> list[ColumnElement[Any]]:
    """The domain's contact and survey measures from stored columns, for these settings."""
    c = t.c
    short = settings.short_abandon_seconds
    zero = literal(0)
    short_count = c[f"abandoned_within_{int(short)}"] if short else zero
    short_wait = c[f"abandon_wait_within_{int(short)}"] if short else zero
    if settings.service_level_seconds is None:
        answered_in_sl = c.answered_within_sl
        abandoned_in_sl: Any = case(
            (c.sl_seconds > short, c.abandoned_within_sl - short_count), else_=0
        )
    else:
        threshold = int(settings.service_level_seconds)
        answered_in_sl = c[f"answered_within_{threshold}"]
        within = c[f"abandoned_within_{threshold}"]
        abandoned_in_sl = within - short_count if short < threshold else zero
    sums = {
        "answered_in_sl": answered_in_sl, "abandoned_short": short_count,
        "abandon_wait_short": short_wait, "abandoned_in_sl": abandoned_in_sl,
        "csat_satisfied": c[f"csat_top_{settings.csat_top_boxes}"],
    }  # fmt: skip
    for name in ("offered", "answered", "answered_wait_sum", "abandoned_all", "abandon_wait_all",
                 "talk_sum", "hold_sum", "wrap_sum", "transferred", "escalated", "surveyed",
                 "csat_responses", "nps_responses", "nps_promoters", "nps_detractors",
                 "ces_responses", "ces_sum"):  # fmt: skip
        sums[name] = c[name]
    columns = [func.sum(expr).label(name) for name, expr in sums.items()]
    return [*columns, func.max(c.wait_max).label("wait_max")]


def contacts_from_aggregates(
    session: Session, table: Table, *, dims: Sequence[Dim], period: Period,
    start: datetime, end: datetime, tz: ZoneInfo, settings: KpiSettings,
    scope: AgentScope | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    c = table.c
    keys = _dims(dims, c.queue_id, c.channel, c.get("agent_id"))
    keys += _period_key(table, period)
    query = select(*keys, *_aggregate_measures(table, settings)).select_from(table)
    query = _with_people(query, dims, c.get("agent_id")).where(*_table_range(table, start, end, tz))
    return _rows(session, _grouped(_scoped(query, scope, c.get("agent_id")), keys))


def _period_key(table: Table, period: Period) -> list[ColumnElement[Any]]:
    if period == "bucket":
        return [table.c.bucket_epoch.label("period")]
    if period == "day":
        return [table.c.local_date.label("period")]
    return []


def _table_range(
    table: Table, start: datetime, end: datetime, tz: ZoneInfo | None = None
) -> list[ColumnElement[bool]]:
    """Rows inside ``start``..``end``: by UTC quarter hour, or by local day for day tables
    (whose ranges the planner has already aligned to local midnight)."""
    if "bucket_epoch" in table.c:
        return [table.c.bucket_epoch >= int(start.timestamp()),
                table.c.bucket_epoch < int(end.timestamp())]  # fmt: skip
    assert tz is not None, "a day table needs the timezone its days are in"
    return [table.c.local_date >= local_day(start, tz), table.c.local_date < local_day(end, tz)]


def states_from_aggregates(
    session: Session, table: Table, *, dims: Sequence[Dim], period: Period,
    start: datetime, end: datetime, tz: ZoneInfo, scope: AgentScope | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Agent-state seconds in ``start``..``end``, per quarter hour or per local day."""
    c = table.c
    keys = _dims(dims, None, None, c.get("agent_id")) if dims else []
    keys += _period_key(table, period)
    measures = [func.sum(c[name]).label(name) for name in STATE_COLUMNS]
    where = _table_range(table, start, end, tz)
    query = _with_people(select(*keys, *measures).select_from(table), dims, c.get("agent_id"))
    query = _scoped(query.where(*where), scope, c.get("agent_id"))
    return _rows(session, _grouped(query, keys))


# --- from raw rows ----------------------------------------------------------------------------


def _raw_keys(dims: Sequence[Dim], period: Period) -> list[ColumnElement[Any]]:
    keys = _dims(dims, I.queue_id, I.channel, I.agent_id)
    if period is not None:
        keys.append(sql.bucket_epoch(I.arrived_at).label("period"))
    return keys


def _in_range(start: datetime, end: datetime) -> tuple[ColumnElement[bool], ...]:
    return (I.arrived_at >= start, I.arrived_at < end, I.direction == Direction.INBOUND)


def contacts_from_raw(
    session: Session, *, dims: Sequence[Dim], period: Period,
    start: datetime, end: datetime, settings: KpiSettings, scope: AgentScope | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Contact measures straight from interactions; ``period`` is always a quarter hour here."""
    keys = _raw_keys(dims, period)
    measures = sql.raw_contact_measures(
        threshold=settings.service_level_seconds, short=settings.short_abandon_seconds
    )
    query = select(*keys, *(e.label(n) for n, e in measures.items())).select_from(I)
    query = query.join(Queue, I.queue_id == Queue.id, isouter=True)
    query = _with_people(query, dims, I.agent_id).where(*_in_range(start, end))
    return _rows(session, _grouped(_scoped(query, scope, I.agent_id), keys))


def surveys_from_raw(
    session: Session, *, dims: Sequence[Dim], period: Period,
    start: datetime, end: datetime, settings: KpiSettings, scope: AgentScope | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    keys = _raw_keys(dims, period)
    top = settings.csat_top_boxes
    measures = sql.survey_columns(top_boxes=(top,))
    measures["csat_satisfied"] = measures.pop(f"csat_top_{top}")
    query = select(*keys, *(e.label(n) for n, e in measures.items())).select_from(S)
    query = query.join(I, S.interaction_id == I.id)
    query = _with_people(query, dims, I.agent_id).where(*_in_range(start, end))
    return _rows(session, _grouped(_scoped(query, scope, I.agent_id), keys))


def fcr_from_raw(
    session: Session, *, dims: Sequence[Dim], period: Period,
    start: datetime, end: datetime, settings: KpiSettings, stored_repeats: bool,
    scope: AgentScope | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Answered contacts with a known customer, and those with no repeat within the window.

    With ``stored_repeats`` each contact's kept time to its repeat answers it (exact for windows
    up to the 30-day horizon); otherwise each contact's repeats are searched for.
    """
    window = settings.fcr_window_seconds
    if stored_repeats and window <= REPEAT_HORIZON_SECONDS:
        resolved = sql.resolved_within(window)
    else:
        resolved = sql.count_if(sql.next_repeat_seconds(horizon=window).is_(None))
    keys = _raw_keys(dims, period)
    measures = [func.count().label("fcr_handled"), resolved.label("fcr_resolved")]
    query = _with_people(select(*keys, *measures).select_from(I), dims, I.agent_id)
    query = query.where(*_in_range(start, end), sql.FCR_HANDLED)
    return _rows(session, _grouped(_scoped(query, scope, I.agent_id), keys))


def fcr_from_aggregates(
    session: Session, *, dims: Sequence[Dim], period: Period,
    start: datetime, end: datetime, tz: ZoneInfo, settings: KpiSettings,
    scope: AgentScope | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    c = fcr_days.c
    keys = _dims(dims, c.queue_id, c.channel, c.agent_id) + _period_key(fcr_days, period)
    resolved = c[fcr_column(int(settings.fcr_window_seconds))]
    measures = [func.sum(c.handled).label("fcr_handled"), func.sum(resolved).label("fcr_resolved")]
    query = _with_people(select(*keys, *measures).select_from(fcr_days), dims, c.agent_id)
    query = _scoped(query.where(*_table_range(fcr_days, start, end, tz)), scope, c.agent_id)
    return _rows(session, _grouped(query, keys))


def quality_from_evaluations(
    session: Session, *, dims: Sequence[Dim], period: Period,
    start: datetime, end: datetime, scope: AgentScope | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """The quality measures of scored regular evaluations whose contact arrived in the range.

    Placed like the contact itself (its arrival, queue and channel) and by the evaluated agent;
    ``period`` is a quarter hour of the arrival, as for raw contacts. Calibration scores and
    drafts never count; an evaluation with no score (every answer N/A) adds nothing to the QA
    score, and one with no applicable compliance item nothing to the pass rate.
    """
    e = Evaluation
    keys = _dims(dims, I.queue_id, I.channel, e.agent_id)
    if period is not None:
        keys.append(sql.bucket_epoch(e.contact_at).label("period"))
    measures = [
        func.count(e.score).label("qa_evaluations"),
        func.sum(e.score).label("qa_score_sum"),
        func.count(e.compliance_passed).label("qa_compliance_evaluations"),
        sql.count_if(e.compliance_passed.is_(True)).label("qa_compliance_passed"),
    ]
    query = select(*keys, *measures).select_from(e)
    if {"queue", "channel"} & set(dims):
        query = query.join(I, I.id == e.interaction_id)
    query = _with_people(query, dims, e.agent_id).where(
        e.contact_at >= start, e.contact_at < end,
        e.status.in_(sorted(SCORED)), e.kind == EvaluationKind.REGULAR,
    )  # fmt: skip
    return _rows(session, _grouped(_scoped(query, scope, e.agent_id), keys))


def raw_states(
    session: Session, start: datetime, end: datetime, look_back: float,
    scope: AgentScope | None = None,
) -> list[Any]:  # fmt: skip
    """Paid states overlapping ``start``..``end``: (agent, team, site, state, start, end), with
    the state as its name and the times as seconds since 1970."""
    s = AgentStateInterval
    state_name = type_coerce(s.state, String)
    query = (
        select(
            s.agent_id,
            Agent.team_id,
            Team.site_id,
            state_name,
            sql.epoch(s.started_at),
            sql.epoch(s.ended_at),
        )
        .join(Agent, Agent.id == s.agent_id)
        .join(Team, Team.id == Agent.team_id, isouter=True)
        .where(s.started_at >= start - timedelta(seconds=look_back + 1))
        .where(s.started_at < end, s.ended_at > start, s.state != AgentState.OFFLINE)
    )
    if scope is not None:
        query = query.where(scope(s.agent_id))
    return list(session.execute(query))


def wait_curve(
    session: Session, *, start: datetime, end: datetime, table: Table | None = None
) -> list[dict[str, Any]]:
    """Per quarter hour (``period``): offered, and answered and abandoned within each wait edge.

    Counts are cumulative on :data:`WAIT_EDGES` (``abandoned_within_30`` holds those within 5 s
    too) and short abandons are included. Reads the quarter-hour aggregates when ``table`` is
    given (``start`` and ``end`` then on quarter hours), raw interactions otherwise.
    """
    names = ["offered", *(f"{kind}_within_{edge}" for kind in ("answered", "abandoned")
                          for edge in WAIT_EDGES)]  # fmt: skip
    if table is not None:
        key = table.c.bucket_epoch.label("period")
        columns = [func.sum(table.c[name]).label(name) for name in names]
        query = select(key, *columns).where(*_table_range(table, start, end))
        return _rows(session, query.group_by(key))
    measures = sql.contact_columns()
    keys: list[ColumnElement[Any]] = [sql.bucket_epoch(I.arrived_at).label("period")]
    raw = select(*keys, *(measures[name].label(name) for name in names)).select_from(I)
    return _rows(session, _grouped(raw.where(*_in_range(start, end)), keys))
