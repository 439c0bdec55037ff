"""Every query of coaching sessions. Sessions are development records: each read is scoped by
``agent_filter`` for the development kind, over the agent coached."""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.coaching.models import CoachingInteraction, CoachingSession, SessionKind
from switchboard.feedback.repository import arrivals, page_of
from switchboard.interactions.models import Interaction


def visible(viewer: Viewer) -> ColumnElement[bool]:
    return agent_filter(viewer, Kind.DEVELOPMENT, CoachingSession.agent_id)


@dataclass(frozen=True)
class SessionFilter:
    agent_id: int | None = None
    kind: SessionKind | None = None
    start: datetime | None = None
    end: datetime | None = None
    """Held at or after ``start`` and before ``end``."""


def sessions_page(
    session: Session, viewer: Viewer, where: SessionFilter, limit: int, offset: int
) -> tuple[list[CoachingSession], int | None]:
    """Most recent first."""
    c = CoachingSession
    query = select(c).where(visible(viewer))
    equal = [(c.agent_id, where.agent_id), (c.kind, where.kind)]
    query = query.where(*(column == value for column, value in equal if value is not None))
    if where.start is not None:
        query = query.where(c.held_at >= where.start)
    if where.end is not None:
        query = query.where(c.held_at < where.end)
    return page_of(session, query.order_by(c.held_at.desc(), c.id.desc()), limit, offset)


def one(session: Session, viewer: Viewer, session_id: int) -> CoachingSession | None:
    c = CoachingSession
    return session.scalar(select(c).where(c.id == session_id, visible(viewer)))


def latest(
    session: Session, viewer: Viewer, agent_id: int, *, kind: SessionKind | None = None,
    held_by: datetime | None = None,
) -> CoachingSession | None:  # fmt: skip
    """The agent's most recent session (of ``kind``, held at or before ``held_by``)."""
    c = CoachingSession
    query = select(c).where(visible(viewer), c.agent_id == agent_id)
    if kind is not None:
        query = query.where(c.kind == kind)
    if held_by is not None:
        query = query.where(c.held_at <= held_by)
    return session.scalar(query.order_by(c.held_at.desc(), c.id.desc()).limit(1))


def linked_interactions(session: Session, session_ids: Collection[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    if not session_ids:
        return found
    link = CoachingInteraction
    query = select(link.session_id, link.interaction_id).where(
        link.session_id.in_(sorted(session_ids))
    )
    for session_id, interaction_id in session.execute(query.order_by(link.interaction_id)):
        found[session_id].append(interaction_id)
    return found


def linkable_interactions(
    session: Session, viewer: Viewer, agent_id: int, ids: Collection[int]
) -> set[int]:
    """Those of ``ids`` that are the agent's own contacts and in the viewer's sight."""
    i = Interaction
    seen = agent_filter(viewer, Kind.INTERACTIONS, i.agent_id)
    return set(arrivals(session, ids, and_(i.agent_id == agent_id, seen)))


def add(session: Session, record: CoachingSession, interaction_ids: Sequence[int]) -> None:
    session.add(record)
    session.flush()
    session.add_all(
        CoachingInteraction(session_id=record.id, interaction_id=interaction_id)
        for interaction_id in interaction_ids
    )
    session.flush()
