"""Every query of saved self-audits, each read scoped to the viewer through ``agent_filter``."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.people.models import Agent
from switchboard.selfaudits.models import SelfAuditRecord

KIND = Kind.DEVELOPMENT
R = SelfAuditRecord


def visible_agent(session: Session, viewer: Viewer, agent_id: int) -> Agent | None:
    query = select(Agent).where(Agent.id == agent_id, agent_filter(viewer, KIND, Agent.id))
    return session.scalar(query)


def saved(session: Session, agent_id: int, first: date, last: date) -> SelfAuditRecord | None:
    query = select(R).where(R.agent_id == agent_id, R.period_from == first, R.period_to == last)
    return session.scalar(query)


def add(session: Session, record: SelfAuditRecord) -> None:
    session.add(record)
    session.flush()


def visible_page(
    session: Session, viewer: Viewer, *, agent_id: int | None, limit: int, offset: int
) -> list[SelfAuditRecord]:
    """Up to ``limit`` saved self-audits the viewer may see, the latest period first."""
    query = select(R).where(agent_filter(viewer, KIND, R.agent_id))
    if agent_id is not None:
        query = query.where(R.agent_id == agent_id)
    query = query.order_by(R.period_to.desc(), R.agent_id, R.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset)))
