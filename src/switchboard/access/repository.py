"""Every query of the access policy: the facts behind a viewer, and the filter that scopes rows.

:func:`agent_filter` is the one way people data is scoped. It returns a boolean clause over an
agent id column, so it composes with any select that has one: interactions, agent state
intervals, the per-agent KPI tables, agents themselves. :func:`can_see_agent` runs that same
clause for one agent, so a single-record route and a list can never disagree.
"""

from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import QueryableAttribute, Session

from switchboard.access.models import UserSite
from switchboard.access.policy import Kind, Reach, reach_of, team_aggregate_scope
from switchboard.access.viewer import Viewer
from switchboard.people.models import Agent, Team

AgentIdColumn = ColumnElement[Any] | QueryableAttribute[Any]


def agent_filter(viewer: Viewer, kind: Kind, agent_id: AgentIdColumn) -> ColumnElement[bool]:
    """A WHERE clause keeping the rows whose ``agent_id`` the viewer may see for ``kind``.

    Reach ``all`` keeps every row, those with no agent too (an abandoned contact); any narrower
    reach keeps only rows of agents in it, so rows without an agent drop out. A viewer whose
    reach finds nobody (an agent role with no agent record, a manager with no site) sees nothing.
    """
    if not kind.per_agent:
        raise ValueError(f"{kind.value} is not kept per agent: check it with require()")
    reach = reach_of(viewer.role, kind)
    if reach is Reach.ALL:
        return true()
    conditions = _reach_conditions(viewer, reach)
    if not conditions:
        return false()
    visible = select(Agent.id).outerjoin(Team, Team.id == Agent.team_id).where(or_(*conditions))
    # Never correlate: the outer query may select from agents or teams itself, and correlation
    # would silently drop them from this subquery and so widen it. The join happens to prevent
    # it today; this keeps it so if the subquery is ever simplified.
    return agent_id.in_(visible.correlate(None))


def aggregate_filter(viewer: Viewer, kind: Kind, agent_id: AgentIdColumn) -> ColumnElement[bool]:
    """:func:`agent_filter`, widened to the viewer's own team for roles that see their team as a
    whole (:func:`team_aggregate_scope`). Only for reads that group to the team or coarser and
    select no agent id or name: the team's figures, never a colleague's row."""
    own = agent_filter(viewer, kind, agent_id)
    team_id = team_aggregate_scope(viewer)
    if team_id is None:
        return own
    team = select(Agent.id).where(Agent.team_id == team_id).correlate(None)
    return or_(own, agent_id.in_(team))


def _reach_conditions(viewer: Viewer, reach: Reach) -> list[ColumnElement[bool]]:
    """Who is within ``reach`` of the viewer, as conditions on agents joined to their teams.
    Reaches nest (see :class:`Reach`), so each adds to the ones before it."""
    conditions: list[ColumnElement[bool]] = []
    if reach >= Reach.SELF and viewer.agent_id is not None:
        conditions.append(Agent.id == viewer.agent_id)
    if reach >= Reach.LED_TEAMS and viewer.led_team_ids:
        conditions.append(Agent.team_id.in_(sorted(viewer.led_team_ids)))
    if reach >= Reach.SITES and viewer.site_ids:
        conditions.append(Team.site_id.in_(sorted(viewer.site_ids)))
    return conditions


def can_see_agent(session: Session, viewer: Viewer, kind: Kind, agent_id: int) -> bool:
    """Whether the viewer may see ``kind`` records of this agent: the same clause as the lists."""
    query = select(Agent.id).where(Agent.id == agent_id, agent_filter(viewer, kind, Agent.id))
    return session.scalar(query) is not None


# --- the facts behind a viewer ----------------------------------------------------------------


def own_agent(session: Session, user_id: int) -> tuple[int, int | None] | None:
    """The user's own agent record as (agent id, team id), if they handle contacts."""
    row = session.execute(
        select(Agent.id, Agent.team_id).where(Agent.user_id == user_id)
    ).one_or_none()
    return None if row is None else (row.id, row.team_id)


def led_team_ids(session: Session, user_id: int) -> frozenset[int]:
    return frozenset(session.scalars(select(Team.id).where(Team.leader_id == user_id)))


def further_site_ids(session: Session, user_id: int) -> frozenset[int]:
    return frozenset(session.scalars(select(UserSite.site_id).where(UserSite.user_id == user_id)))
