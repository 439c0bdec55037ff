"""Every query of the access policy: the facts behind a viewer, and the filter that scopes rows.

:func:`agent_filter` is the one way people data is scoped. It returns a boolean clause over an
agent id column, so it composes with any select that has one: interactions, agent state
intervals, the per-agent KPI tables, agents themselves. :func:`can_see_agent` runs that same
clause for one agent, so a single-record route and a list can never disagree.
"""

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, false, literal, null, or_, select, true, union_all
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


@dataclass(frozen=True)
class ViewerFacts:
    own_agent: tuple[int, int | None] | None
    """The user's own agent record as (agent id, team id), if they handle contacts."""
    led_team_ids: frozenset[int]
    further_site_ids: frozenset[int]
    """Sites in ``user_sites``; the home site is on the user's own row."""


def viewer_facts(session: Session, user_id: int) -> ViewerFacts:
    """What the policy needs beyond the user's row, in one statement: every request reads it."""
    own = select(literal("agent"), Agent.id, Agent.team_id).where(Agent.user_id == user_id)
    led = select(literal("led"), Team.id, null()).where(Team.leader_id == user_id)
    sites = select(literal("site"), UserSite.site_id, null()).where(UserSite.user_id == user_id)
    ids: dict[str, set[int]] = {"led": set(), "site": set()}
    own_agent: tuple[int, int | None] | None = None
    rows = cast(
        "list[tuple[str, int, int | None]]", session.execute(union_all(own, led, sites)).all()
    )
    for kind, some_id, team_id in rows:
        if kind == "agent":
            own_agent = (some_id, team_id)
        else:
            ids[kind].add(some_id)
    return ViewerFacts(own_agent, frozenset(ids["led"]), frozenset(ids["site"]))
