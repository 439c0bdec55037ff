"""Every query of feedback. A record is read through its agent's scope (development, or private
development for a private record) or by the person who gave it: :func:`visible` is that rule,
and every read here applies it."""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.domain.performance.feedback import Source
from switchboard.feedback.models import Feedback, FeedbackInteraction
from switchboard.interactions.models import Interaction
from switchboard.people.models import Agent
from switchboard.surveys.models import SurveyResponse

Row = TypeVar("Row")


def page_of(
    session: Session, query: Select[Row], limit: int, offset: int
) -> tuple[list[Row], int | None]:
    """One page of ``query``'s rows, and the offset of the next page if there is one: a row
    more than asked for tells, without a count. Shared by coaching and actions."""
    rows = list(session.scalars(query.limit(limit + 1).offset(offset)))
    more = len(rows) > limit
    return rows[:limit], offset + limit if more else None


def visible(viewer: Viewer) -> ColumnElement[bool]:
    f = Feedback
    return or_(
        and_(~f.private, agent_filter(viewer, Kind.DEVELOPMENT, f.agent_id)),
        and_(f.private, agent_filter(viewer, Kind.PRIVATE_DEVELOPMENT, f.agent_id)),
        f.giver_user_id == viewer.user_id,
    )


@dataclass(frozen=True)
class FeedbackFilter:
    agent_id: int | None = None
    source: Source | None = None
    start: datetime | None = None
    end: datetime | None = None
    """Given at or after ``start`` and before ``end``."""
    unacknowledged: bool = False


def feedback_page(
    session: Session, viewer: Viewer, where: FeedbackFilter, limit: int, offset: int
) -> tuple[list[Feedback], int | None]:
    """Newest first."""
    f = Feedback
    query = select(f).where(visible(viewer), *_conditions(where))
    return page_of(session, query.order_by(f.given_at.desc(), f.id.desc()), limit, offset)


def _conditions(where: FeedbackFilter) -> list[ColumnElement[bool]]:
    f = Feedback
    found: list[ColumnElement[bool]] = []
    if where.agent_id is not None:
        found.append(f.agent_id == where.agent_id)
    if where.source is not None:
        found.append(f.source == where.source)
    if where.start is not None:
        found.append(f.given_at >= where.start)
    if where.end is not None:
        found.append(f.given_at < where.end)
    if where.unacknowledged:
        found.append(f.acknowledged_at.is_(None))
    return found


def received_since(
    session: Session, viewer: Viewer, agent_id: int, since: datetime
) -> Sequence[Feedback]:
    f = Feedback
    query = select(f).where(visible(viewer), f.agent_id == agent_id, f.given_at >= since)
    return session.scalars(query.order_by(f.given_at, f.id)).all()


def one(session: Session, viewer: Viewer, feedback_id: int) -> Feedback | None:
    """The record, or None when there is none or the viewer may not see it: the same answer."""
    return session.scalar(select(Feedback).where(Feedback.id == feedback_id, visible(viewer)))


def linked_interactions(session: Session, feedback_ids: Collection[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    if not feedback_ids:
        return found
    link = FeedbackInteraction
    query = select(link.feedback_id, link.interaction_id).where(
        link.feedback_id.in_(sorted(feedback_ids))
    )
    for feedback_id, interaction_id in session.execute(query.order_by(link.interaction_id)):
        found[feedback_id].append(interaction_id)
    return found


def agent_team(session: Session, agent_id: int) -> tuple[bool, int | None]:
    """Whether the agent exists, and their team."""
    row = session.execute(select(Agent.team_id).where(Agent.id == agent_id)).one_or_none()
    return (False, None) if row is None else (True, row.team_id)


def linkable_interactions(
    session: Session, viewer: Viewer, ids: Collection[int]
) -> dict[int, datetime]:
    """Arrival times of those of ``ids`` the viewer may see, and so may link to feedback: all
    of the agent's for their line and for themselves, a peer's own for a peer (the call they
    transferred to the colleague). A peer may not link a colleague's contact by its id: the
    answer would tell them when a contact they cannot see arrived."""
    seen = agent_filter(viewer, Kind.INTERACTIONS, Interaction.agent_id)
    return arrivals(session, ids, seen)


def arrivals(
    session: Session, ids: Collection[int], allowed: ColumnElement[bool]
) -> dict[int, datetime]:
    """Arrival times of those of ``ids`` that meet ``allowed``. A contact it does not find is
    left out whether or not it exists, so a refusal tells the caller nothing more."""
    i = Interaction
    query = select(i.id, i.arrived_at).where(i.id.in_(sorted(ids)), allowed)
    return {row.id: row.arrived_at for row in session.execute(query)}


def add(session: Session, feedback: Feedback, interaction_ids: Sequence[int]) -> Feedback:
    session.add(feedback)
    session.flush()
    session.add_all(
        FeedbackInteraction(feedback_id=feedback.id, interaction_id=interaction_id)
        for interaction_id in interaction_ids
    )
    session.flush()
    return feedback


# --- customer verbatims -----------------------------------------------------------------------


def waiting_verbatims(session: Session) -> list[Any]:
    """Survey responses with a comment, tied to a contact an agent handled, that no feedback
    record holds yet: the work of linking them, which re-running finds nothing more to do."""
    s, i, f = SurveyResponse, Interaction, Feedback
    taken = exists().where(f.survey_response_id == s.id)
    query = (
        select(s.id, s.interaction_id, s.kind, s.score, s.scale_max, s.responded_at)
        .add_columns(s.comment, i.agent_id, i.arrived_at)
        .join(i, i.id == s.interaction_id)
        .where(func.trim(s.comment) != "", i.agent_id.is_not(None), ~taken)
        .order_by(s.id)
    )
    return list(session.execute(query))
