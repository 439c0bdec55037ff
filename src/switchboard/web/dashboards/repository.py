"""Every query the dashboards make of their own: the interactions list and the live view.

KPI figures come from :mod:`switchboard.kpis`; these read rows. The contact sets match the KPI
engine's own (``switchboard.kpis.sql``), so a list holds exactly the rows behind a figure.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.interactions.models import AgentStateInterval, Interaction, Outcome
from switchboard.kpis.repository import state_look_back
from switchboard.kpis.sql import ABANDONED, ANSWERED, OFFERED
from switchboard.people.models import Agent, Queue, Team

I = Interaction  # noqa: E741 - reads like the alias in the SQL it builds
LIVE_LOOK_BACK = timedelta(days=1)
"""How far back a contact may have arrived and still be waiting: bounds the live query."""


def contact_set(outcome: str, short_abandon_seconds: float) -> ColumnElement[bool]:
    """The KPI's set for ``offered``, ``answered`` (with transfers) and ``abandoned`` (short
    abandons excluded, as the KPI excludes them); any other outcome is matched as stored."""
    if outcome == "offered":
        return OFFERED
    if outcome == "answered":
        return ANSWERED
    if outcome == "abandoned":
        return and_(ABANDONED, I.wait_seconds > short_abandon_seconds)
    return and_(OFFERED, I.outcome == Outcome(outcome))


@dataclass(frozen=True)
class InteractionFilter:
    start: datetime
    end: datetime
    outcome: str
    short_abandon_seconds: float
    queue: str | None = None
    agent_id: int | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        found = [
            I.arrived_at >= self.start,
            I.arrived_at < self.end,
            contact_set(self.outcome, self.short_abandon_seconds),
        ]
        if self.queue is not None:
            found.append(Queue.name == self.queue)
        if self.agent_id is not None:
            found.append(I.agent_id == self.agent_id)
        return found


def interactions_page(
    session: Session, viewer: Viewer, filters: InteractionFilter, *, offset: int, limit: int
) -> tuple[int, list[Any]]:
    """The total the viewer may see, and one page of rows with their queue's name."""
    scoped = (
        select(I, Queue.name.label("queue_name"))
        .join(Queue, Queue.id == I.queue_id)
        .where(*filters.conditions(), agent_filter(viewer, Kind.INTERACTIONS, I.agent_id))
    )
    total = session.scalar(select(func.count()).select_from(scoped.subquery())) or 0
    rows = session.execute(scoped.order_by(I.arrived_at, I.id).offset(offset).limit(limit)).all()
    return total, list(rows)


def visible_agent_names(session: Session, viewer: Viewer, agent_ids: set[int]) -> dict[int, str]:
    """Names of those agents the viewer may see on the roster; the rest stay unnamed."""
    if not agent_ids:
        return {}
    query = select(Agent.id, Agent.display_name).where(
        Agent.id.in_(sorted(agent_ids)), agent_filter(viewer, Kind.AGENTS, Agent.id)
    )
    return {row.id: row.display_name for row in session.execute(query)}


def queue_names(session: Session) -> list[str]:
    return list(session.scalars(select(Queue.name).order_by(Queue.name)))


# --- the live view ----------------------------------------------------------------------------


def newest_event(session: Session) -> datetime | None:
    """ "Now" for the live view: ingestion is batch, so the store's newest arrival or state."""
    found = [
        session.scalar(select(func.max(I.arrived_at))),
        session.scalar(select(func.max(AgentStateInterval.started_at))),
    ]
    return max((value for value in found if value is not None), default=None)


def waiting_by_queue(session: Session, now: datetime) -> list[tuple[str, int, datetime]]:
    """(queue, contacts waiting, earliest arrival) at ``now``: offered, arrived, and neither
    answered nor ended yet."""
    left_queue = func.coalesce(I.answered_at, I.ended_at)
    query = (
        select(Queue.name, func.count(), func.min(I.arrived_at))
        .join(Queue, Queue.id == I.queue_id)
        .where(OFFERED, I.arrived_at <= now, I.arrived_at > now - LIVE_LOOK_BACK)
        .where(or_(left_queue.is_(None), left_queue > now))
        .group_by(Queue.name)
        .order_by(Queue.name)
    )
    return [(row[0], int(row[1]), row[2]) for row in session.execute(query)]


def agents_by_state(session: Session, now: datetime) -> Sequence[tuple[str, int]]:
    """How many agents were in each state at ``now``: counts, no one named."""
    s = AgentStateInterval
    # No state lasts longer than the longest stored, so the index on started_at bounds the scan
    # to that window instead of the whole history.
    earliest = now - timedelta(seconds=state_look_back(session))
    query = (
        select(s.state, func.count(func.distinct(s.agent_id)))
        .where(s.started_at <= now, s.started_at >= earliest, s.ended_at > now)
        .group_by(s.state)
    )
    return [(str(row[0].value if hasattr(row[0], "value") else row[0]), int(row[1]))
            for row in session.execute(query)]  # fmt: skip


# --- the team leader's dashboard --------------------------------------------------------------


@dataclass(frozen=True)
class TeamRef:
    id: int
    name: str


def teams_in_reach(session: Session, viewer: Viewer) -> list[TeamRef]:
    """Teams whose members' KPIs the viewer sees beyond their own record: the teams they lead,
    and teams with another agent in their ``agent_kpis`` reach (a manager's sites, or all)."""
    others = select(Agent.team_id).where(
        agent_filter(viewer, Kind.AGENT_KPIS, Agent.id),
        Agent.id != (viewer.agent_id or 0),
    )
    led = Team.id.in_(sorted(viewer.led_team_ids)) if viewer.led_team_ids else false()
    query = select(Team.id, Team.name).where(or_(led, Team.id.in_(others))).order_by(Team.name)
    return [TeamRef(row.id, row.name) for row in session.execute(query)]


def team_members(session: Session, viewer: Viewer, team_id: int) -> list[tuple[int, str]]:
    """(agent id, name) of the team's agents whose KPIs the viewer may see, by name."""
    query = (
        select(Agent.id, Agent.display_name)
        .where(Agent.team_id == team_id, agent_filter(viewer, Kind.AGENT_KPIS, Agent.id))
        .order_by(Agent.display_name)
    )
    return [(row.id, row.display_name) for row in session.execute(query)]
