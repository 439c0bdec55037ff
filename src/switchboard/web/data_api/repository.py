"""Every query of the data API. Each one that reads people data takes the viewer and applies
``agent_filter`` for its kind here, so a list and a single record can never disagree, and a
route cannot skip the scope.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, Reach, reach_of, require
from switchboard.access.repository import agent_filter, aggregate_filter
from switchboard.access.viewer import Viewer
from switchboard.interactions.models import (
    AgentState,
    AgentStateInterval,
    Interaction,
    Outcome,
)
from switchboard.kpis.reads import AgentScope
from switchboard.kpis.repository import state_look_back
from switchboard.people.models import Agent, Channel, Queue, Site, Team
from switchboard.web.data_api.params import PageRequest, TimeRange

AnySelect = Select[*tuple[Any, ...]]
"""A select of any columns: the pages below read rows of several shapes."""


@dataclass(frozen=True)
class Found:
    """One page of rows, and the offset of the next page if there is one."""

    rows: Sequence[Any]
    next: int | None


def _page(session: Session, query: AnySelect, page: PageRequest) -> Found:
    """One row more than asked for tells whether another page follows, without a count.

    Lists select columns, never mapped objects: a page is read once and serialised, and
    building ORM objects for it cost more than the query."""
    query = query.limit(page.limit + 1).offset(page.offset)
    rows = list(session.execute(query))
    more = len(rows) > page.limit
    return Found(rows[: page.limit], page.offset + page.limit if more else None)


def _visible(viewer: Viewer, kind: Kind, column: Any) -> ColumnElement[bool]:
    """The scope for ``kind``, after refusing (403) a role that has no reach for it at all."""
    require(viewer, kind)
    return agent_filter(viewer, kind, column)


# --- queues and teams -------------------------------------------------------------------------


def queues(session: Session, page: PageRequest) -> Found:
    """Queues name no one, so every signed-in user sees them all."""
    return _page(session, select(Queue.__table__).order_by(Queue.id), page)


def teams(session: Session, viewer: Viewer, page: PageRequest) -> Found:
    """Teams the viewer can see an agent of, and the teams they lead; with reach ``all``, every
    team, even one with no agents yet."""
    query = (
        select(Team.id, Team.name, Team.site_id, Site.name.label("site"))
        .outerjoin(Site, Site.id == Team.site_id)
        .order_by(Team.id)
    )
    if reach_of(viewer.role, Kind.AGENTS) is not Reach.ALL:
        members = select(Agent.team_id).where(_visible(viewer, Kind.AGENTS, Agent.id))
        query = query.where(or_(Team.id.in_(members), Team.leader_id == viewer.user_id))
    return _page(session, query, page)


# --- people -----------------------------------------------------------------------------------


def _people(viewer: Viewer) -> AnySelect:
    return (
        select(Agent.id, Agent.display_name, Agent.team_id, Team.name.label("team"))
        .outerjoin(Team, Team.id == Agent.team_id)
        .where(_visible(viewer, Kind.AGENTS, Agent.id))
    )


def people(session: Session, viewer: Viewer, page: PageRequest, team_id: int | None) -> Found:
    query = _people(viewer).order_by(Agent.id)
    if team_id is not None:
        query = query.where(Agent.team_id == team_id)
    return _page(session, query, page)


def person(session: Session, viewer: Viewer, agent_id: int) -> Any | None:
    """The agent, or None when there is none or the viewer may not see them: the same answer."""
    return session.execute(_people(viewer).where(Agent.id == agent_id)).one_or_none()


# --- interactions and agent states ------------------------------------------------------------


@dataclass(frozen=True)
class InteractionFilter:
    when: TimeRange
    queue_id: int | None = None
    agent_id: int | None = None
    outcome: Outcome | None = None
    channel: Channel | None = None


def interactions(
    session: Session, viewer: Viewer, where: InteractionFilter, page: PageRequest
) -> Found:
    i = Interaction
    query = select(i.__table__).where(_visible(viewer, Kind.INTERACTIONS, i.agent_id))
    if where.when.start is not None:
        query = query.where(i.arrived_at >= where.when.start)
    if where.when.end is not None:
        query = query.where(i.arrived_at < where.when.end)
    equal: list[tuple[Any, Any]] = [(i.queue_id, where.queue_id), (i.agent_id, where.agent_id),
                                    (i.outcome, where.outcome), (i.channel, where.channel)]  # fmt: skip
    query = query.where(*(column == value for column, value in equal if value is not None))
    return _page(session, query.order_by(i.arrived_at, i.id), page)


def interaction(session: Session, viewer: Viewer, interaction_id: int) -> Interaction | None:
    i = Interaction
    visible = _visible(viewer, Kind.INTERACTIONS, i.agent_id)
    return session.scalar(select(i).where(i.id == interaction_id, visible))


def agent_states(
    session: Session,
    viewer: Viewer,
    when: TimeRange,
    agent_id: int | None,
    state: AgentState | None,
    page: PageRequest,
) -> Found:
    """Intervals that overlap the range, so a state begun before ``from`` still shows."""
    s = AgentStateInterval
    query = select(s.__table__).where(_visible(viewer, Kind.AGENT_STATES, s.agent_id))
    if when.start is not None:
        # No state lasts longer than the longest stored, so this lower bound on started_at lets
        # its index skip the history before the range instead of reading all of it.
        look_back = timedelta(seconds=state_look_back(session))
        query = query.where(s.ended_at > when.start, s.started_at >= when.start - look_back)
    if when.end is not None:
        query = query.where(s.started_at < when.end)
    if agent_id is not None:
        query = query.where(s.agent_id == agent_id)
    if state is not None:
        query = query.where(s.state == state)
    return _page(session, query.order_by(s.started_at, s.id), page)


# --- KPI reports ------------------------------------------------------------------------------


def kpi_scope(viewer: Viewer, *, names_agents: bool) -> AgentScope | None:
    """The agents a people report may cover: None (everyone, and contacts no agent took) with
    reach ``all``; otherwise the viewer's ``agent_kpis`` filter, widened to their own team as a
    whole when the report names no agent (an agent's team figures). 403 for a role with no
    reach."""
    if require(viewer, Kind.AGENT_KPIS) is Reach.ALL:
        return None
    widest = agent_filter if names_agents else aggregate_filter

    def scope(column: Any) -> ColumnElement[bool]:
        return widest(viewer, Kind.AGENT_KPIS, column)

    return scope
