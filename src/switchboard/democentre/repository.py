"""Every query of the demo centre: whether the store holds it, and its people."""

from collections.abc import Iterable

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from switchboard.improvements.models import Improvement
from switchboard.interactions.models import Interaction
from switchboard.people.models import Agent, AgentAlias, Site, Team, User


def has_contacts_from(session: Session, source_system: str) -> bool:
    found = session.scalar(select(exists().where(Interaction.source_system == source_system)))
    return bool(found)


def has_contacts_not_from(session: Session, source_system: str) -> bool:
    """Whether anything but ``source_system`` put contacts in the store: a real centre's data."""
    found = session.scalar(select(exists().where(Interaction.source_system != source_system)))
    return bool(found)


def site_by_name(session: Session, name: str) -> Site | None:
    return session.scalars(select(Site).where(Site.name == name)).one_or_none()


def team_at(session: Session, site_id: int, name: str) -> Team | None:
    query = select(Team).where(Team.site_id == site_id, Team.name == name)
    return session.scalars(query).one_or_none()


def agents_by_alias(session: Session, source_system: str, refs: Iterable[str]) -> dict[str, Agent]:
    """The agents a source system names ``refs``, keyed by that name; unknown names are left out."""
    query = (
        select(AgentAlias.external_ref, Agent)
        .join(Agent, Agent.id == AgentAlias.agent_id)
        .where(AgentAlias.source_system == source_system, AgentAlias.external_ref.in_(list(refs)))
    )
    return {ref: agent for ref, agent in session.execute(query)}


def user_by_username(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def agent_of_user(session: Session, user_id: int) -> Agent | None:
    return session.scalars(select(Agent).where(Agent.user_id == user_id)).one_or_none()


def contacts_handled(session: Session, agent_ids: Iterable[int]) -> dict[int, int]:
    """Contacts each agent handled; agents with none are left out."""
    query = (
        select(Interaction.agent_id, func.count())
        .where(Interaction.agent_id.in_(list(agent_ids)))
        .group_by(Interaction.agent_id)
    )
    return {agent_id: count for agent_id, count in session.execute(query) if agent_id is not None}


def has_improvement_titled(session: Session, title: str) -> bool:
    """Whether the demo's improvement activity is in the store already: its records were seeded."""
    return bool(session.scalar(select(exists().where(Improvement.title == title))))


def latest_answered_contact(session: Session, agent_id: int) -> int | None:
    """The id of the agent's most recent answered contact, for feedback to point at."""
    query = (
        select(Interaction.id)
        .where(Interaction.agent_id == agent_id, Interaction.answered_at.is_not(None))
        .order_by(Interaction.arrived_at.desc())
        .limit(1)
    )
    return session.scalar(query)
