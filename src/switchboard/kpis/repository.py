"""Every query of the KPI feature: aggregate upkeep, report reads and targets."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    Select,
    Table,
    bindparam,
    delete,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import ORMExecuteState, Session

from switchboard.domain.kpi.settings import FCR_WINDOWS, REPEAT_HORIZON_SECONDS
from switchboard.interactions.models import AgentStateInterval, Direction, Interaction
from switchboard.kpis import sql
from switchboard.kpis.models import (
    CONTACT_TABLES,
    STATE_TABLES,
    AggregateState,
    KpiTarget,
    agent_days,
    fcr_column,
    fcr_days,
    queue_days,
    queue_quarters,
)
from switchboard.people.models import Agent, Queue, Site, Team
from switchboard.surveys.models import SurveyResponse

I = Interaction  # noqa: E741
S = SurveyResponse


# --- aggregate upkeep -------------------------------------------------------------------------


def aggregate_state(session: Session) -> AggregateState | None:
    return session.get(AggregateState, 1)


def save_aggregate_state(session: Session, state: AggregateState) -> None:
    session.add(state)
    session.flush()


def touched_utc_dates(session: Session, batch_ids: Sequence[int]) -> set[str]:
    """UTC dates (ISO) holding interactions, rated interactions or agent states of these batches."""
    contacts = [
        select(sql.utc_date(I.arrived_at)).where(I.batch_id.in_(batch_ids)),
        select(sql.utc_date(I.arrived_at))
        .join(S, S.interaction_id == I.id)
        .where(S.batch_id.in_(batch_ids)),
    ]
    dates: set[str] = set()
    for query in contacts:
        dates.update(str(d) for d in session.scalars(query.distinct()))
    s = AgentStateInterval
    spans = select(sql.utc_date(s.started_at), sql.utc_date(s.ended_at)).where(
        s.batch_id.in_(batch_ids)
    )
    for first, last in session.execute(spans.distinct()):
        dates.update(_days_between(str(first), str(last)))
    return dates


def _days_between(first: str, last: str) -> list[str]:
    """Every ISO date from ``first`` to ``last``: a state can run past midnight, even for days."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def longest_state_seconds(session: Session, batch_ids: Sequence[int] | None) -> float:
    query = select(
        func.max(sql.seconds_between(AgentStateInterval.started_at, AgentStateInterval.ended_at))
    )
    if batch_ids is not None:
        query = query.where(AgentStateInterval.batch_id.in_(batch_ids))
    return float(session.scalar(query) or 0.0)


def state_look_back(session: Session) -> float:
    """The longest agent state, in seconds: a state in force at any instant began at most this
    long before it. Kept with the aggregates; measured from the states when there are none."""
    state = aggregate_state(session)
    return state.longest_state_seconds if state else longest_state_seconds(session, None)


def history_span(
    session: Session, *, state_ends: bool = False
) -> tuple[datetime | None, datetime | None]:
    """First and last instant of stored interactions and agent states. Without ``state_ends``
    the last is the last state's start, which an index answers at once."""
    s = AgentStateInterval
    first = [session.scalar(select(func.min(I.arrived_at))),
             session.scalar(select(func.min(s.started_at)))]  # fmt: skip
    last = [session.scalar(select(func.max(I.arrived_at))),
            session.scalar(select(func.max(s.ended_at if state_ends else s.started_at)))]  # fmt: skip
    firsts = [value for value in first if value is not None]
    lasts = [value for value in last if value is not None]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


def clear_days(session: Session, days: Iterable[date]) -> None:
    chosen = list(days)
    for table in (*CONTACT_TABLES, *STATE_TABLES):
        for start in range(0, len(chosen), 500):
            session.execute(
                delete(table).where(table.c.local_date.in_(chosen[start : start + 500]))
            )


def clear_all(session: Session) -> None:
    for table in (*CONTACT_TABLES, *STATE_TABLES):
        session.execute(delete(table))


def _queue_keys() -> list[Any]:
    return [I.queue_id.label("queue_id"), I.channel.label("channel"),
            Queue.service_level_seconds.label("sl_seconds")]  # fmt: skip


def _insert_grouped(session: Session, table: Table, query: Select[Any]) -> None:
    names = [column.name for column in query.selected_columns if column.name is not None]
    session.execute(insert(table).from_select(names, query))


def build_contact_day(session: Session, day: date, start: datetime, end: datetime) -> None:
    """Write one local day's contact and survey rows at the quarter-hour and agent-day grains."""
    for table, extra in ((queue_quarters, [sql.bucket_epoch(I.arrived_at).label("bucket_epoch")]),
                         (agent_days, [I.agent_id.label("agent_id")])):  # fmt: skip
        keys = [*extra, *_queue_keys()]
        in_day = (I.arrived_at >= start, I.arrived_at < end, I.direction == Direction.INBOUND)
        day_label = literal(day, Date).label("local_date")
        contacts = (
            select(*keys, day_label, *(e.label(n) for n, e in sql.contact_columns().items()))
            .join(Queue, I.queue_id == Queue.id, isouter=True)
            .where(*in_day)
            .group_by(*keys)
        )
        _insert_grouped(session, table, contacts)
        measures = sql.survey_columns(top_boxes=sql.ALL_TOP_BOXES)
        surveys = (
            select(*keys, day_label, *(e.label(n) for n, e in measures.items()))
            .select_from(S)
            .join(I, S.interaction_id == I.id)
            .join(Queue, I.queue_id == Queue.id, isouter=True)
            .where(*in_day)
            .group_by(*keys)
        )
        _insert_grouped(session, table, surveys)
    _roll_up_day(session, day)


def build_fcr_day(session: Session, day: date, start: datetime, end: datetime) -> None:
    keys = [I.agent_id.label("agent_id"), *_queue_keys()]
    resolved = [sql.resolved_within(w).label(fcr_column(w)) for w in FCR_WINDOWS]
    query = (
        select(
            *keys, literal(day, Date).label("local_date"), func.count().label("handled"), *resolved
        )
        .join(Queue, I.queue_id == Queue.id)
        .where(I.arrived_at >= start, I.arrived_at < end, sql.FCR_HANDLED)
        .group_by(*keys)
    )
    _insert_grouped(session, fcr_days, query)


def _roll_up_day(session: Session, day: date) -> None:
    """The day's queue rows are the sum of its quarter hours."""
    q = queue_quarters.c
    keys = [q.local_date, q.queue_id, q.channel, q.sl_seconds]
    measures = [
        (func.max(column) if column.name == "wait_max" else func.sum(column)).label(column.name)
        for column in queue_quarters.columns
        if column.name not in {"bucket_epoch", "local_date", "queue_id", "channel", "sl_seconds"}
    ]
    query = select(*keys, *measures).where(q.local_date == day).group_by(*keys)
    _insert_grouped(session, queue_days, query)


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), rows)


# --- targets ----------------------------------------------------------------------------------


def targets(session: Session) -> list[KpiTarget]:
    return list(session.scalars(select(KpiTarget).order_by(KpiTarget.kpi, KpiTarget.id)))


def find_target(
    session: Session, kpi: str, queue_id: int | None, team_id: int | None
) -> KpiTarget | None:
    query = select(KpiTarget).where(
        KpiTarget.kpi == kpi,
        KpiTarget.queue_id.is_(None) if queue_id is None else KpiTarget.queue_id == queue_id,
        KpiTarget.team_id.is_(None) if team_id is None else KpiTarget.team_id == team_id,
    )
    return session.scalar(query)


def add_target(session: Session, target: KpiTarget) -> None:
    session.add(target)
    session.flush()


def delete_target(session: Session, target: KpiTarget) -> None:
    session.delete(target)
    session.flush()


# --- names ------------------------------------------------------------------------------------


def queue_by_name(session: Session, name: str) -> Queue | None:
    return session.scalar(select(Queue).where(Queue.name == name))


def team_by_name(session: Session, name: str) -> Team | None:
    return session.scalar(select(Team).where(Team.name == name))


def agent_by_name(session: Session, name: str) -> Agent | None:
    """An agent by display name, or by numeric id."""
    conditions = [Agent.display_name == name]
    if name.isdigit():
        conditions.append(Agent.id == int(name))
    return session.scalar(select(Agent).where(or_(*conditions)).order_by(Agent.id).limit(1))


NAMES_KEY = "switchboard.kpis.names"


def names(session: Session) -> dict[str, dict[int, str]]:
    """Display names of queues, agents, teams and sites by id: read once per unit of work (a
    page asks for several reports, each of which needs them), and again after any write."""
    found: dict[str, dict[int, str]] | None = session.info.get(NAMES_KEY)
    if found is None:
        found = session.info[NAMES_KEY] = {
            "queue": _pairs(session, select(Queue.id, Queue.name)),
            "agent": _pairs(session, select(Agent.id, Agent.display_name)),
            "team": _pairs(session, select(Team.id, Team.name)),
            "site": _pairs(session, select(Site.id, Site.name)),
        }
    return found


@event.listens_for(Session, "after_flush")
def _forget_names(session: Session, _context: Any) -> None:
    """A flush may have added or renamed any of them."""
    session.info.pop(NAMES_KEY, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_names_on_write(state: ORMExecuteState) -> None:
    """So may an INSERT, UPDATE or DELETE statement run through the session."""
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info.pop(NAMES_KEY, None)


def queue_thresholds(session: Session) -> dict[str, int]:
    return _pairs(session, select(Queue.name, Queue.service_level_seconds))


def agent_team(session: Session, agent_id: int) -> int | None:
    return session.scalar(select(Agent.team_id).where(Agent.id == agent_id))


def team_agents(session: Session, team_id: int) -> list[int]:
    return list(session.scalars(select(Agent.id).where(Agent.team_id == team_id)))


def agent_teams(session: Session) -> dict[int, int | None]:
    return _pairs(session, select(Agent.id, Agent.team_id))


def _pairs(session: Session, query: Select[Any, Any]) -> dict[Any, Any]:
    return {key: value for key, value in session.execute(query)}


# --- repeat contacts (FCR) --------------------------------------------------------------------


def changed_repeats(
    session: Session, batch_ids: Sequence[int] | None
) -> list[tuple[int, int, float | None, float | None]]:
    """(id, batch, old, new) time to the next repeat of answered contacts whose value these
    batches changed. Candidates are the batches' customers' contacts from 30 days before the
    batches' first contact on; without batches, every answered contact."""
    gap = sql.next_repeat_seconds(horizon=REPEAT_HORIZON_SECONDS)
    query = select(I.id, I.batch_id, I.repeat_after_seconds, gap).where(sql.FCR_HANDLED)
    if batch_ids is not None:
        in_batches = I.batch_id.in_(batch_ids)
        first = session.scalar(select(func.min(I.arrived_at)).where(in_batches))
        if first is None:
            return []
        customers = select(I.customer_key).where(in_batches, I.customer_key.is_not(None))
        query = query.where(
            I.customer_key.in_(customers.distinct()),
            I.arrived_at >= first - timedelta(seconds=REPEAT_HORIZON_SECONDS),
        )
    return [(i, batch, old, new) for i, batch, old, new in session.execute(query) if old != new]


def store_repeats(session: Session, gaps: Sequence[tuple[int, float | None]]) -> None:
    table: Table = Interaction.__table__  # type: ignore[assignment]  # a Table, typed loosely
    statement = update(table).where(table.c.id == bindparam("row_id"))
    rows = [{"row_id": row_id, "repeat_after_seconds": gap} for row_id, gap in gaps]
    if rows:
        session.execute(statement, rows)


def fcr_keys(
    session: Session, ids: Sequence[int]
) -> list[tuple[int, datetime, int | None, int | None, Any]]:
    """(id, arrived, agent, queue, channel) of these contacts: where their FCR is counted."""
    found: list[Any] = []
    for start in range(0, len(ids), 500):
        query = select(I.id, I.arrived_at, I.agent_id, I.queue_id, I.channel).where(
            I.id.in_(ids[start : start + 500])
        )
        found.extend(tuple(row) for row in session.execute(query))
    return found


def shift_fcr(session: Session, day: date, key: tuple[Any, ...], deltas: dict[str, int]) -> bool:
    """Add ``deltas`` to one day's FCR row; False when there is no such row to change."""
    agent_id, queue_id, channel = key
    c = fcr_days.c
    statement = (
        update(fcr_days)
        .where(
            c.local_date == day,
            c.agent_id.is_not_distinct_from(agent_id),
            c.queue_id.is_not_distinct_from(queue_id),
            c.channel == channel,
        )
        .values({name: c[name] + delta for name, delta in deltas.items()})
    )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]
