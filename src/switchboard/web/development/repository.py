"""The development pages' one query of their own: the agents whose development records the
viewer may see. Everything else comes from the feature services, which scope their own."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.people.models import Agent, Team


def agents_in_reach(session: Session, viewer: Viewer) -> Sequence[tuple[Agent, str | None]]:
    """Each agent in the viewer's development reach but themselves, with their team's name,
    in order of name: the team development page lists people, never a ranking."""
    query = (
        select(Agent, Team.name)
        .outerjoin(Team, Team.id == Agent.team_id)
        .where(agent_filter(viewer, Kind.DEVELOPMENT, Agent.id))
        .order_by(Agent.display_name, Agent.id)
    )
    if viewer.agent_id is not None:
        query = query.where(Agent.id != viewer.agent_id)
    return [(agent, team) for agent, team in session.execute(query).all()]


def agent(session: Session, agent_id: int) -> Agent | None:
    return session.get(Agent, agent_id)
