"""Every query of the reflective log, each read scoped through ``agent_filter``, and the checks
that a piece of evidence is the agent's own record."""

from collections import defaultdict
from collections.abc import Collection, Sequence

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.coaching.models import CoachingSession
from switchboard.feedback.models import Feedback
from switchboard.goals.models import Goal, Level
from switchboard.improvements import repository as improvement_repository
from switchboard.interactions.models import Interaction
from switchboard.people.models import Agent
from switchboard.reflections.models import EvidenceKind, Reflection, ReflectionEvidence

KIND = Kind.DEVELOPMENT
Pair = tuple[EvidenceKind, int]


def add(session: Session, reflection: Reflection, evidence: Sequence[Pair]) -> None:
    session.add(reflection)
    session.flush()
    replace_evidence(session, reflection.id, evidence)


def replace_evidence(session: Session, reflection_id: int, evidence: Sequence[Pair]) -> None:
    session.execute(
        delete(ReflectionEvidence).where(ReflectionEvidence.reflection_id == reflection_id)
    )
    session.add_all(
        ReflectionEvidence(reflection_id=reflection_id, kind=kind, ref_id=ref_id)
        for kind, ref_id in evidence
    )
    session.flush()


def remove(session: Session, reflection: Reflection) -> None:
    replace_evidence(session, reflection.id, [])
    session.delete(reflection)
    session.flush()


def visible(viewer: Viewer) -> ColumnElement[bool]:
    return agent_filter(viewer, KIND, Reflection.agent_id)


def visible_one(session: Session, viewer: Viewer, reflection_id: int) -> Reflection | None:
    query = select(Reflection).where(Reflection.id == reflection_id, visible(viewer))
    return session.scalar(query)


def visible_page(
    session: Session, viewer: Viewer, *, agent_id: int | None, limit: int, offset: int
) -> list[Reflection]:
    """Up to ``limit`` entries the viewer may see, the newest first."""
    query = select(Reflection).where(visible(viewer))
    if agent_id is not None:
        query = query.where(Reflection.agent_id == agent_id)
    query = query.order_by(Reflection.created_at.desc(), Reflection.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset)))


def evidence(session: Session, reflection_ids: Collection[int]) -> dict[int, list[Pair]]:
    e = ReflectionEvidence
    query = (
        select(e.reflection_id, e.kind, e.ref_id)
        .where(e.reflection_id.in_(sorted(reflection_ids)))
        .order_by(e.id)
    )
    found: dict[int, list[Pair]] = defaultdict(list)
    for reflection_id, kind, ref_id in session.execute(query):
        found[reflection_id].append((kind, ref_id))
    return found


MAX_32_BIT_ID = 2**31 - 1
"""Goals, feedback, coaching sessions and improvements have 32-bit ids; only contacts have
64-bit ones, so a larger evidence id can only name a contact."""


def agent(session: Session, agent_id: int) -> Agent | None:
    return session.get(Agent, agent_id)


def is_agents_own(session: Session, kind: EvidenceKind, ref_id: int, owner: Agent) -> bool:
    """Whether the record is the agent's: a contact they handled, feedback they received, a
    coaching session they had, their own goal (or their team's, or an organisational
    objective), an improvement activity they took part in."""
    if kind is not EvidenceKind.INTERACTION and ref_id > MAX_32_BIT_ID:
        return False  # PostgreSQL refuses to compare an INTEGER id with a larger number
    if kind is EvidenceKind.IMPROVEMENT:
        return improvement_repository.involves(session, ref_id, owner.id)
    queries = {
        EvidenceKind.INTERACTION: select(Interaction.id).where(
            Interaction.id == ref_id, Interaction.agent_id == owner.id
        ),
        EvidenceKind.FEEDBACK: select(Feedback.id).where(
            Feedback.id == ref_id, Feedback.agent_id == owner.id
        ),
        EvidenceKind.COACHING: select(CoachingSession.id).where(
            CoachingSession.id == ref_id, CoachingSession.agent_id == owner.id
        ),
        EvidenceKind.GOAL: select(Goal.id).where(Goal.id == ref_id, _goal_of(owner)),
    }
    return session.scalar(queries[kind]) is not None


def _goal_of(owner: Agent) -> ColumnElement[bool]:
    mine = [Goal.agent_id == owner.id, Goal.level == Level.OBJECTIVE]
    if owner.team_id is not None:
        mine.append((Goal.level == Level.TEAM) & (Goal.team_id == owner.team_id))
    return or_(*mine)
