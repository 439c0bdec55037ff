"""Every query of improvement activities, each read scoped to the viewer through ``agent_filter``.

An improvement is about a group of agents: those listed, or its whole team when none are. A
viewer sees it when they may see the development records of every agent in the group (and of
at least one), so a review never shows a colleague's figures to someone who may not see them.
With the rest of the team as the control group they must also see the team as a whole, which
an agent may for their own team (``aggregate_filter``), as the KPI reports allow.
"""

from collections import defaultdict
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, not_, or_, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter, aggregate_filter
from switchboard.access.viewer import Viewer
from switchboard.improvements.models import (
    Control,
    Improvement,
    ImprovementAgent,
    ImprovementQueue,
)
from switchboard.people.models import Agent, Queue, Team

KIND = Kind.DEVELOPMENT
IA = ImprovementAgent


def add(
    session: Session, improvement: Improvement, agent_ids: Sequence[int], queue_ids: Sequence[int]
) -> None:
    session.add(improvement)
    session.flush()
    session.add_all(IA(improvement_id=improvement.id, agent_id=a) for a in agent_ids)
    session.add_all(ImprovementQueue(improvement_id=improvement.id, queue_id=q) for q in queue_ids)
    session.flush()


def get(session: Session, improvement_id: int) -> Improvement | None:
    return session.get(Improvement, improvement_id)


def visible(viewer: Viewer) -> ColumnElement[bool]:
    """Improvements whose whole group the viewer may see (see the module's docstring)."""
    mine = IA.improvement_id == Improvement.id
    listed = exists().where(mine)
    in_team = Agent.team_id == Improvement.team_id

    def all_seen(where: Any, seen: ColumnElement[bool]) -> ColumnElement[bool]:
        return and_(exists().where(where, seen), not_(exists().where(where, not_(seen))))

    group = or_(
        and_(listed, all_seen(mine, agent_filter(viewer, KIND, IA.agent_id))),
        and_(not_(listed), all_seen(in_team, agent_filter(viewer, KIND, Agent.id))),
    )
    team_hidden = exists().where(in_team, not_(aggregate_filter(viewer, KIND, Agent.id)))
    return and_(group, or_(Improvement.control != Control.REST_OF_TEAM, not_(team_hidden)))


def visible_one(session: Session, viewer: Viewer, improvement_id: int) -> Improvement | None:
    query = select(Improvement).where(Improvement.id == improvement_id, visible(viewer))
    return session.scalar(query)


def visible_page(
    session: Session, viewer: Viewer, *, team_id: int | None, agent_id: int | None,
    limit: int, offset: int,
) -> list[Improvement]:  # fmt: skip
    """Up to ``limit`` improvements the viewer may see, newest start first."""
    query = select(Improvement).where(visible(viewer))
    if team_id is not None:
        query = query.where(Improvement.team_id == team_id)
    if agent_id is not None:
        query = query.where(in_group(agent_id))
    query = query.order_by(Improvement.started_on.desc(), Improvement.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset)))


def every(session: Session) -> list[Improvement]:
    """Every improvement, newest start first: for the command line, which has no viewer."""
    query = select(Improvement).order_by(Improvement.started_on.desc(), Improvement.id.desc())
    return list(session.scalars(query))


def in_group(agent_id: int) -> ColumnElement[bool]:
    """Improvements whose group holds the agent: listed, or in its team when none are."""
    listed = exists().where(IA.improvement_id == Improvement.id)
    named = exists().where(IA.improvement_id == Improvement.id, IA.agent_id == agent_id)
    member = exists().where(Agent.id == agent_id, Agent.team_id == Improvement.team_id)
    return or_(named, and_(not_(listed), member))


def involves(session: Session, improvement_id: int, agent_id: int) -> bool:
    query = select(Improvement.id).where(Improvement.id == improvement_id, in_group(agent_id))
    return session.scalar(query) is not None


def members(session: Session, ids: Collection[int]) -> dict[int, list[int]]:
    """The listed agents of each improvement, by improvement id."""
    query = select(IA.improvement_id, IA.agent_id).where(IA.improvement_id.in_(sorted(ids)))
    return _grouped(session, query.order_by(IA.agent_id))


def queues(session: Session, ids: Collection[int]) -> dict[int, list[int]]:
    q = ImprovementQueue
    query = select(q.improvement_id, q.queue_id).where(q.improvement_id.in_(sorted(ids)))
    return _grouped(session, query.order_by(q.queue_id))


def _grouped(session: Session, query: Any) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    for owner, item in session.execute(query):
        found[owner].append(item)
    return found


def team(session: Session, team_id: int) -> Team | None:
    return session.get(Team, team_id)


def team_agent_ids(session: Session, team_id: int | None) -> list[int]:
    if team_id is None:
        return []
    return list(session.scalars(select(Agent.id).where(Agent.team_id == team_id)))


def hidden_team_members(session: Session, viewer: Viewer, team_id: int) -> int:
    """How many of the team's agents the viewer may not see the development records of."""
    hidden = not_(agent_filter(viewer, KIND, Agent.id))
    query = select(Agent.id).where(Agent.team_id == team_id, hidden)
    return len(session.scalars(query).all())


def known_queue_ids(session: Session, ids: Collection[int]) -> set[int]:
    return set(session.scalars(select(Queue.id).where(Queue.id.in_(sorted(ids)))))
