"""Every query of goals and their reviews, each scoped to the viewer through the access policy.

Goals are development records (``Kind.DEVELOPMENT``). A personal goal is scoped by its agent
through ``agent_filter``. A team goal is seen by whoever sees one of the team's agents, and by
the team's leader and the managers of its site even before it has agents. An objective belongs
to the whole organisation: every role with any reach over development records sees them.
"""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, or_, select, true
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, Reach, require
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.goals.models import Goal, GoalReview, GoalState, Level
from switchboard.people.models import Agent, Team
from switchboard.selfaudits.models import SelfAuditRecord


@dataclass(frozen=True)
class GoalFilter:
    level: Level | None = None
    agent_id: int | None = None
    team_id: int | None = None
    state: GoalState | None = None


@dataclass(frozen=True)
class GoalPage:
    goals: Sequence[Goal]
    next: int | None
    """The offset of the next page, or None on the last."""


def visible(viewer: Viewer) -> ColumnElement[bool]:
    """The goals the viewer may see; 403 for a role with no reach over development records."""
    reach = require(viewer, Kind.DEVELOPMENT)
    if reach is Reach.ALL:
        return true()
    return or_(
        and_(Goal.level == Level.PERSONAL,
             agent_filter(viewer, Kind.DEVELOPMENT, Goal.agent_id)),
        and_(Goal.level == Level.TEAM, Goal.team_id.in_(visible_teams(viewer, reach))),
        Goal.level == Level.OBJECTIVE,
    )  # fmt: skip


def visible_teams(viewer: Viewer, reach: Reach) -> Select[Any]:
    """Teams holding an agent the viewer sees, and (a team with no agents yet has none to see)
    the teams they lead and those at their sites, as far as their reach goes."""
    members = select(Agent.team_id).where(agent_filter(viewer, Kind.DEVELOPMENT, Agent.id))
    conditions: list[ColumnElement[bool]] = [Team.id.in_(members.correlate(None))]
    if reach >= Reach.LED_TEAMS and viewer.led_team_ids:
        conditions.append(Team.id.in_(sorted(viewer.led_team_ids)))
    if reach >= Reach.SITES and viewer.site_ids:
        conditions.append(Team.site_id.in_(sorted(viewer.site_ids)))
    return select(Team.id).where(or_(*conditions)).correlate(None)


def goals(
    session: Session, viewer: Viewer, where: GoalFilter, *, limit: int, offset: int
) -> GoalPage:
    """One page of the goals the viewer may see, by id; one row more than asked for tells
    whether another page follows, without a count."""
    query = select(Goal).where(visible(viewer), *_conditions(where)).order_by(Goal.id)
    rows = list(session.scalars(query.limit(limit + 1).offset(offset)))
    more = len(rows) > limit
    return GoalPage(rows[:limit], offset + limit if more else None)


def _conditions(where: GoalFilter) -> list[ColumnElement[bool]]:
    given = [(Goal.level, where.level), (Goal.agent_id, where.agent_id),
             (Goal.team_id, where.team_id), (Goal.state, where.state)]  # fmt: skip
    return [column == value for column, value in given if value is not None]


def goal(session: Session, viewer: Viewer, goal_id: int) -> Goal | None:
    """The goal, or None when there is none or the viewer may not see it: the same answer."""
    return session.scalar(select(Goal).where(Goal.id == goal_id, visible(viewer)))


def active_goals(session: Session, viewer: Viewer) -> list[Goal]:
    """Every active goal the viewer may see, by id."""
    query = select(Goal).where(visible(viewer), Goal.state == GoalState.ACTIVE)
    return list(session.scalars(query.order_by(Goal.id)))


def plan_of(session: Session, viewer: Viewer, agent_id: int, leave_out: int | None) -> list[Goal]:
    """The agent's other active personal goals: the rest of their development plan."""
    query = select(Goal).where(
        visible(viewer), Goal.level == Level.PERSONAL, Goal.agent_id == agent_id,
        Goal.state == GoalState.ACTIVE, Goal.id != (leave_out or 0),
    )  # fmt: skip
    return list(session.scalars(query.order_by(Goal.id)))


def team_goals(session: Session, viewer: Viewer, team_id: int | None) -> dict[int, str]:
    """The titles of the team's active goals, by id."""
    if team_id is None:
        return {}
    query = select(Goal.id, Goal.title).where(
        visible(viewer), Goal.level == Level.TEAM, Goal.team_id == team_id,
        Goal.state == GoalState.ACTIVE,
    )  # fmt: skip
    return {goal_id: title for goal_id, title in session.execute(query.order_by(Goal.id))}


def active_goal(session: Session, viewer: Viewer, goal_id: int, level: Level) -> Goal | None:
    """An active goal of ``level`` the viewer may see."""
    query = select(Goal).where(
        Goal.id == goal_id, Goal.level == level, Goal.state == GoalState.ACTIVE, visible(viewer)
    )
    return session.scalar(query)


def latest_development_areas(session: Session, viewer: Viewer, agent_id: int) -> list[str] | None:
    """The development areas of the agent's latest saved self-audit; None when none is saved."""
    scope = agent_filter(viewer, Kind.DEVELOPMENT, SelfAuditRecord.agent_id)
    query = (
        select(SelfAuditRecord.development_areas)
        .where(SelfAuditRecord.agent_id == agent_id, scope)
        .order_by(SelfAuditRecord.period_to.desc(), SelfAuditRecord.id.desc())
        .limit(1)
    )
    found = session.execute(query).first()
    return None if found is None else list(found[0] or [])


def visible_agent(session: Session, viewer: Viewer, agent_id: int) -> Agent | None:
    """The agent, when the viewer may see (and so write) their development records; 403 for a
    role with no reach over development records."""
    require(viewer, Kind.DEVELOPMENT)
    query = select(Agent).where(Agent.id == agent_id,
                                agent_filter(viewer, Kind.DEVELOPMENT, Agent.id))  # fmt: skip
    return session.scalar(query)


def visible_team(session: Session, viewer: Viewer, team_id: int) -> Team | None:
    reach = require(viewer, Kind.DEVELOPMENT)
    scope = true() if reach is Reach.ALL else Team.id.in_(visible_teams(viewer, reach))
    return session.scalar(select(Team).where(Team.id == team_id, scope))


# --- reviews ----------------------------------------------------------------------------------


def reviews(session: Session, goal_ids: Collection[int]) -> dict[int, list[GoalReview]]:
    """The reviews of each goal, by due date; the goals' own scope was applied when they were
    read, and a review is only ever read through its goal."""
    found: dict[int, list[GoalReview]] = defaultdict(list)
    if not goal_ids:
        return found
    query = select(GoalReview).where(GoalReview.goal_id.in_(sorted(goal_ids)))
    for review in session.scalars(query.order_by(GoalReview.goal_id, GoalReview.due_on)):
        found[review.goal_id].append(review)
    return found


def add(session: Session, goal: Goal) -> Goal:
    session.add(goal)
    session.flush()
    return goal


def set_upcoming_reviews(
    session: Session, goal_id: int, dates: Collection[date], today: date
) -> None:
    """Replace the reviews due from today on with ``dates``; earlier ones are history and stay.
    A review kept on the same date keeps its note."""
    wanted = set(dates)
    stored = {r.due_on: r for r in reviews(session, [goal_id]).get(goal_id, [])}
    gone = [day for day in stored if day >= today and day not in wanted]
    if gone:
        session.execute(
            delete(GoalReview).where(GoalReview.goal_id == goal_id, GoalReview.due_on.in_(gone))
        )
    session.add_all(GoalReview(goal_id=goal_id, due_on=day) for day in sorted(wanted - set(stored)))
    session.flush()
