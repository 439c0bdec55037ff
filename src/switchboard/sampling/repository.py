"""Every query of sampling: rules, the week's candidate contacts, the evaluators and their load,
and the assignments, read through the viewer's ``evaluations`` scope."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.domain.quality.lifecycle import AssignmentStatus
from switchboard.feedback.repository import page_of
from switchboard.interactions.models import Direction, Interaction, Outcome
from switchboard.people.models import Agent, Queue, Role, User
from switchboard.sampling.models import Assignment, SamplingRule
from switchboard.scorecards.models import Scorecard
from switchboard.scorecards.repository import hold_writes, unique_or_conflict
from switchboard.surveys.models import SurveyKind, SurveyResponse

HANDLED = (Outcome.ANSWERED, Outcome.TRANSFERRED)
"""Outcomes of a contact an agent answered, as the KPI engine counts them."""


# --- rules ------------------------------------------------------------------------------------


def rules(session: Session) -> Sequence[SamplingRule]:
    return session.scalars(select(SamplingRule).order_by(SamplingRule.id)).all()


def active_rules(session: Session) -> Sequence[SamplingRule]:
    query = select(SamplingRule).where(SamplingRule.active).order_by(SamplingRule.id)
    return session.scalars(query).all()


def rule(session: Session, rule_id: int) -> SamplingRule | None:
    return session.get(SamplingRule, rule_id)


def rule_named(session: Session, name: str) -> SamplingRule | None:
    return session.scalar(select(SamplingRule).where(SamplingRule.name == name))


def scorecard_exists(session: Session, scorecard_id: int) -> bool:
    return session.get(Scorecard, scorecard_id) is not None


def queue_exists(session: Session, queue_id: int) -> bool:
    return session.get(Queue, queue_id) is not None


def add_rule(session: Session, record: SamplingRule) -> None:
    with unique_or_conflict(session, _name_taken(record)):
        session.add(record)


def save_rule(session: Session, record: SamplingRule) -> None:
    with unique_or_conflict(session, _name_taken(record)):
        session.flush()


def _name_taken(record: SamplingRule) -> str:
    return f"another request has just named a sampling rule {record.name!r}"


# --- a run ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    interaction_id: int
    agent_id: int
    queue_id: int | None
    arrived_at: datetime
    handle_seconds: float
    csat: float | None
    disposition: str | None
    transferred: bool
    started_on: Any


def week_contacts(session: Session, start: datetime, end: datetime) -> list[ContactRow]:
    """The answered inbound contacts with an agent that arrived in [start, end), with the
    lowest CSAT score given on each and the agent's start date."""
    i, s = Interaction, SurveyResponse
    csat = (
        select(s.interaction_id, func.min(s.score).label("score"))
        .where(s.kind == SurveyKind.CSAT, s.interaction_id.is_not(None))
        .group_by(s.interaction_id)
        .subquery()
    )
    query = (
        select(i.id, i.agent_id, i.queue_id, i.arrived_at, i.disposition, i.transferred)
        .add_columns(i.outcome, i.talk_seconds + i.hold_seconds + i.wrap_seconds, csat.c.score)
        .add_columns(Agent.started_on)
        .join(Agent, Agent.id == i.agent_id)
        .outerjoin(csat, csat.c.interaction_id == i.id)
        .where(i.direction == Direction.INBOUND, i.outcome.in_(HANDLED))
        .where(i.arrived_at >= start, i.arrived_at < end)
        .order_by(i.id)
    )
    return [
        ContactRow(
            interaction_id=row[0], agent_id=row[1], queue_id=row[2], arrived_at=row[3],
            disposition=row[4], transferred=row[5] or row[6] is Outcome.TRANSFERRED,
            handle_seconds=float(row[7] or 0.0), csat=row[8], started_on=row[9],
        )
        for row in session.execute(query)
    ]  # fmt: skip


def assigned_in_week(
    session: Session, scorecard_id: int, start: datetime, end: datetime
) -> set[int]:
    """The contacts of [start, end) already assigned on the scorecard, whatever their status:
    a cancelled assignment still holds its contact, so a re-run never brings it back."""
    a, i = Assignment, Interaction
    query = (
        select(a.interaction_id)
        .join(i, i.id == a.interaction_id)
        .where(a.scorecard_id == scorecard_id, i.arrived_at >= start, i.arrived_at < end)
    )
    return set(session.scalars(query))


def evaluators(session: Session) -> list[tuple[int, int | None]]:
    """Active quality analysts as (user id, their own agent id if they have one)."""
    query = (
        select(User.id, Agent.id)
        .outerjoin(Agent, Agent.user_id == User.id)
        .where(User.role == Role.QUALITY_ANALYST, User.active)
        .order_by(User.id)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def open_load(session: Session) -> dict[int, int]:
    """Open assignments per evaluator."""
    a = Assignment
    query = (
        select(a.evaluator_user_id, func.count())
        .where(a.status == AssignmentStatus.OPEN)
        .group_by(a.evaluator_user_id)
    )
    return {row[0]: row[1] for row in session.execute(query)}


def lock_sampled_scorecards(session: Session) -> None:
    """Hold the rows of the scorecards that active rules sample on until the transaction ends
    (:func:`hold_writes`), in id order so that two runs never deadlock. A second run waits
    here, then reads the first one's assignments and only tops up."""
    hold_writes(session)
    active = select(SamplingRule.scorecard_id).where(SamplingRule.active)
    query = select(Scorecard.id).where(Scorecard.id.in_(active)).order_by(Scorecard.id)
    session.execute(query.with_for_update())


def add_assignments(session: Session, assignments: Sequence[Assignment]) -> None:
    """409 should another run have assigned one of the contacts meanwhile (one that began
    before a rule on a new scorecard was switched on, so the lock did not cover it)."""
    taken = "another sampling run for this week is in progress: run it again once it ends"
    with unique_or_conflict(session, taken):
        session.add_all(assignments)


# --- assignments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentFilter:
    evaluator_user_id: int | None = None
    status: AssignmentStatus | None = None
    week_start: Any = None
    agent_id: int | None = None


def assignments_page(
    session: Session, viewer: Viewer, where: AssignmentFilter, limit: int, offset: int
) -> tuple[list[Assignment], int | None]:
    """The soonest due first, then the oldest."""
    a = Assignment
    query = select(a).where(agent_filter(viewer, Kind.EVALUATIONS, a.agent_id), *_conditions(where))
    return page_of(session, query.order_by(a.due_at, a.id), limit, offset)


def _conditions(where: AssignmentFilter) -> list[ColumnElement[bool]]:
    a = Assignment
    found: list[ColumnElement[bool]] = []
    if where.evaluator_user_id is not None:
        found.append(a.evaluator_user_id == where.evaluator_user_id)
    if where.status is not None:
        found.append(a.status == where.status)
    if where.week_start is not None:
        found.append(a.week_start == where.week_start)
    if where.agent_id is not None:
        found.append(a.agent_id == where.agent_id)
    return found


def assignment(session: Session, viewer: Viewer, assignment_id: int) -> Assignment | None:
    """The assignment, or None when there is none or the viewer may not see it: the same answer."""
    a = Assignment
    query = select(a).where(
        a.id == assignment_id, agent_filter(viewer, Kind.EVALUATIONS, a.agent_id)
    )
    return session.scalar(query)


def usernames(session: Session, user_ids: Sequence[int]) -> dict[int, str]:
    """For the command line's tables; the API answers ids only."""
    if not user_ids:
        return {}
    query = select(User.id, User.username).where(User.id.in_(sorted(set(user_ids))))
    return {row[0]: row[1] for row in session.execute(query)}
