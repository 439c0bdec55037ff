"""The quality pages' own queries: the names behind the ids the services answer with. An
agent's name only when their evaluations are in the viewer's reach; a user's (evaluator,
arbitrator, participant) only for the ids the record itself holds."""

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.people.models import Agent, User


def agent_names(session: Session, viewer: Viewer, ids: Collection[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(Agent.id, Agent.display_name).where(
        Agent.id.in_(set(ids)), agent_filter(viewer, Kind.EVALUATIONS, Agent.id)
    )
    return {row.id: row.display_name for row in session.execute(query)}


def user_names(session: Session, ids: Collection[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(User.id, User.display_name).where(User.id.in_(set(ids)))
    return {row.id: row.display_name for row in session.execute(query)}
