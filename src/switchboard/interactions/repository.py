"""Queries over stored interactions, agent states and survey responses."""

from collections.abc import Collection
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from switchboard.domain.kpi import KpiSettings
from switchboard.domain.kpi.settings import REPEAT_HORIZON_SECONDS
from switchboard.interactions.models import AgentStateInterval, Direction, Interaction, Outcome
from switchboard.kpis import sql as kpi_sql
from switchboard.kpis.models import AggregateState
from switchboard.people.models import Agent, Queue
from switchboard.surveys.models import SurveyKind, SurveyResponse

I = Interaction  # noqa: E741 - reads like the alias in the SQL it builds
S = SurveyResponse


def answered_endings(session: Session) -> list[tuple[str, str, datetime | None]]:
    """(source system, source id, end time) of every answered interaction, oldest first."""
    query = (
        select(Interaction.source_system, Interaction.source_id, Interaction.ended_at)
        .where(Interaction.outcome == Outcome.ANSWERED)
        .order_by(Interaction.id)
    )
    return [(system, source_id, ended) for system, source_id, ended in session.execute(query)]


def outcomes_by_queue(session: Session) -> list[tuple[str | None, Outcome, int]]:
    """How many interactions each queue has of each outcome; a None queue is outbound or unqueued."""
    query = (
        select(Queue.name, Interaction.outcome, func.count())
        .join(Queue, Interaction.queue_id == Queue.id, isouter=True)
        .group_by(Queue.name, Interaction.outcome)
        .order_by(Queue.name, Interaction.outcome)
    )
    return [(name, outcome, count) for name, outcome, count in session.execute(query)]


def store_totals(session: Session) -> dict[str, int]:
    """Row counts a summary of the store shows."""
    queries: dict[str, Select[int]] = {
        "agents": select(func.count()).select_from(Agent),
        "agent_states": select(func.count()).select_from(AgentStateInterval),
        "interactions": select(func.count()).select_from(Interaction),
        "surveys": select(func.count()).select_from(SurveyResponse),
        "surveys_linked": select(func.count()).where(SurveyResponse.interaction_id.is_not(None)),
    }
    return {name: session.scalar(query) or 0 for name, query in queries.items()}


# --- one value per contact, for reviews that resample contacts --------------------------------

PER_CONTACT_KPIS = (
    "aht", "asa", "hold_time", "wrap_time", "fcr", "transfer_rate", "escalation_rate", "csat",
)  # fmt: skip
"""KPIs that are the mean of one value per contact (or per survey response, for CSAT)."""


def kpi_values(
    session: Session, *, kpi: str, start: datetime, end: datetime, settings: KpiSettings,
    agent_ids: Collection[int] | None = None, queue_ids: Collection[int] | None = None,
) -> NDArray[np.float64]:  # fmt: skip
    """One value per contact arriving in ``start``..``end`` (UTC), whose mean is the KPI as
    ``switchboard report kpis`` computes it over the same contacts: handle seconds for AHT,
    1 or 0 for resolved first time (FCR), for a transfer, an escalation, a CSAT response in the
    top boxes. ``agent_ids`` and ``queue_ids``, when given, keep only those agents' contacts
    and only those queues'. In id order, so that a seeded resample sees the same row order on
    every database."""
    if kpi not in PER_CONTACT_KPIS:
        raise ValueError(f"{kpi} is not the mean of one value per contact")
    if kpi == "csat":
        top = settings.csat_top_boxes
        value: Any = case((S.score > S.scale_max - top, 1.0), else_=0.0)
        query = select(value).select_from(S).join(I, S.interaction_id == I.id)
        query = query.where(S.kind == SurveyKind.CSAT).order_by(S.id)
    else:
        value, handled = _contact_value(session, kpi, settings)
        query = select(value).where(handled).order_by(I.id)
    query = query.where(I.direction == Direction.INBOUND, I.arrived_at >= start, I.arrived_at < end)
    if agent_ids is not None:
        query = query.where(I.agent_id.in_(sorted(agent_ids)))
    if queue_ids is not None:
        query = query.where(I.queue_id.in_(sorted(queue_ids)))
    return np.fromiter(session.scalars(query), dtype=np.float64)


def _contact_value(session: Session, kpi: str, settings: KpiSettings) -> tuple[Any, Any]:
    """The value expression and which contacts carry one, as the KPI's formula counts them."""
    flag = {"transfer_rate": I.transferred, "escalation_rate": I.escalated}
    seconds = {"aht": I.talk_seconds + I.hold_seconds + I.wrap_seconds, "asa": I.wait_seconds,
               "hold_time": I.hold_seconds, "wrap_time": I.wrap_seconds}  # fmt: skip
    if kpi in seconds:
        return seconds[kpi], kpi_sql.ANSWERED
    if kpi in flag:
        return case((flag[kpi], 1.0), else_=0.0), kpi_sql.ANSWERED
    window = settings.fcr_window_seconds
    # As the report reads raw FCR: the refresh keeps each contact's time to its repeat once
    # aggregates exist; before that, or past its horizon, the repeats are searched for.
    if session.get(AggregateState, 1) is not None and window <= REPEAT_HORIZON_SECONDS:
        repeated = I.repeat_after_seconds <= window
        resolved = case((and_(I.repeat_after_seconds.is_not(None), repeated), 0.0), else_=1.0)
    else:
        resolved = case((kpi_sql.next_repeat_seconds(horizon=window).is_(None), 1.0), else_=0.0)
    return resolved, kpi_sql.FCR_HANDLED
