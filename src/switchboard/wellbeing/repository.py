"""Every query of wellbeing: check-ins, and the states and contacts signals are read from.

Check-ins and signals are private development records (``Kind.PRIVATE_DEVELOPMENT``): every
read that a viewer asks for is scoped through ``agent_filter`` for that kind, which reaches
only the agent themselves and their team leader.
"""

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.interactions.models import AgentStateInterval, Interaction
from switchboard.kpis import sql as kpi_sql
from switchboard.people.models import Agent, Team
from switchboard.surveys.models import SurveyKind, SurveyResponse
from switchboard.wellbeing.models import WellbeingCheckIn

KIND = Kind.PRIVATE_DEVELOPMENT
COMPLAINT = "complaint"
"""The disposition a complaint carries, in any case: the demo centre's and the CSV format's."""
C = WellbeingCheckIn
I = Interaction  # noqa: E741 - reads like the alias in the SQL it builds
S = SurveyResponse


def add_check_in(session: Session, check_in: WellbeingCheckIn) -> None:
    session.add(check_in)
    session.flush()


def check_in_page(
    session: Session, viewer: Viewer, *, agent_id: int | None, limit: int, offset: int
) -> list[WellbeingCheckIn]:
    """Up to ``limit`` check-ins the viewer may see, the latest first."""
    query = select(C).where(agent_filter(viewer, KIND, C.agent_id))
    if agent_id is not None:
        query = query.where(C.agent_id == agent_id)
    query = query.order_by(C.recorded_at.desc(), C.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset)))


def visible_agent(session: Session, viewer: Viewer, agent_id: int) -> Agent | None:
    query = select(Agent).where(Agent.id == agent_id, agent_filter(viewer, KIND, Agent.id))
    return session.scalar(query)


def visible_members(session: Session, viewer: Viewer, team_id: int) -> list[Agent]:
    """The team's agents whose wellbeing the viewer may see, in order of name."""
    query = (
        select(Agent)
        .where(Agent.team_id == team_id, agent_filter(viewer, KIND, Agent.id))
        .order_by(func.lower(Agent.display_name), Agent.id)
    )
    return list(session.scalars(query))


def team(session: Session, team_id: int) -> Team | None:
    return session.get(Team, team_id)


def states(
    session: Session, agent_ids: Collection[int], start: datetime, end: datetime
) -> dict[int, list[tuple[str, datetime, datetime]]]:
    """Each agent's state intervals overlapping ``start``..``end``, in time order."""
    s = AgentStateInterval
    query = (
        select(s.agent_id, s.state, s.started_at, s.ended_at)
        .where(s.agent_id.in_(sorted(agent_ids)), s.started_at < end, s.ended_at > start)
        .order_by(s.agent_id, s.started_at)
    )
    found: dict[int, list[tuple[str, datetime, datetime]]] = defaultdict(list)
    for agent_id, state, began, ended in session.execute(query):
        found[agent_id].append((state.value, began, ended))
    return found


def handled_contacts(
    session: Session, agent_ids: Collection[int], start: datetime, end: datetime
) -> dict[int, list[tuple[bool, bool, bool]]]:
    """(complaint, escalated, very low CSAT) for each contact each agent answered, arriving in
    ``start``..``end``. Very low is the bottom box of the survey's own scale."""
    bottom = exists().where(
        S.interaction_id == I.id, S.kind == SurveyKind.CSAT, S.score < S.scale_min + 1
    )
    complaint: Any = func.coalesce(func.lower(I.disposition) == COMPLAINT, False)
    query = select(I.agent_id, complaint, I.escalated, bottom).where(
        kpi_sql.ANSWERED, I.agent_id.in_(sorted(agent_ids)), I.arrived_at >= start,
        I.arrived_at < end,
    )  # fmt: skip
    found: dict[int, list[tuple[bool, bool, bool]]] = defaultdict(list)
    for agent_id, is_complaint, escalated, very_low in session.execute(query.order_by(I.id)):
        found[agent_id].append((bool(is_complaint), bool(escalated), bool(very_low)))
    return found


def check_ins(
    session: Session, agent_ids: Collection[int], start: datetime, end: datetime
) -> dict[int, list[WellbeingCheckIn]]:
    """Each agent's check-ins recorded in ``start``..``end``, the earliest first."""
    query = (
        select(C)
        .where(C.agent_id.in_(sorted(agent_ids)), C.recorded_at >= start, C.recorded_at < end)
        .order_by(C.recorded_at, C.id)
    )
    found: dict[int, list[WellbeingCheckIn]] = defaultdict(list)
    for check_in in session.scalars(query):
        found[check_in.agent_id].append(check_in)
    return found
