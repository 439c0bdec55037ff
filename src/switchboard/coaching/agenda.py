"""The one-to-one agenda, filled in from the records: the agent's KPIs since the last
one-to-one (or the last four weeks when there was none) against targets and the team, their
goals' progress, the feedback they received since, their open actions, what the last coaching
session did for its KPI and, for their team leader alone, the wellbeing prompts.

Each part comes from its own service, so each is scoped to the viewer exactly as the API
scopes it; a part the viewer may not see is left out, never guessed at.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, Reach, reach_of
from switchboard.access.viewer import Viewer
from switchboard.actions import service as action_service
from switchboard.actions.schemas import ActionRead
from switchboard.coaching import effectiveness as effectiveness_service
from switchboard.coaching import service as coaching_service
from switchboard.coaching.models import SessionKind
from switchboard.coaching.repository import SessionFilter
from switchboard.coaching.schemas import CoachingSessionRead, EffectivenessRead
from switchboard.feedback import service as feedback_service
from switchboard.feedback.schemas import FeedbackRead
from switchboard.goals import service as goal_service
from switchboard.goals.checking import Reading
from switchboard.goals.models import Goal, GoalState, Level
from switchboard.goals.repository import GoalFilter
from switchboard.goals.tracking import Tracked
from switchboard.kit.clock import zone
from switchboard.kit.periods import Period
from switchboard.selfaudits import service as selfaudit_service
from switchboard.wellbeing import service as wellbeing_service
from switchboard.wellbeing.service import AgentSignals

FALLBACK_DAYS = 28
"""Without an earlier one-to-one, the KPI summary covers four weeks: four of each weekday."""
LONGEST_DAYS = 366
"""The self-audit's longest period: a one-to-one more than a year ago starts the summary a
year back."""
MAX_GOALS = 50


@dataclass(frozen=True)
class GoalLine:
    goal: Goal
    tracked: Tracked | None
    """Progress from the data, for a personal KPI goal; None for a behaviour goal."""


@dataclass(frozen=True)
class Agenda:
    agent_id: int
    agent: str
    last_one_to_one: CoachingSessionRead | None
    period: Period
    """The KPI summary's local days, inclusive."""
    audit: dict[str, Any]
    """The self-audit over ``period`` (``selfaudits.service.audit_for``'s shape)."""
    goals: list[GoalLine]
    feedback: list[FeedbackRead]
    actions: list[ActionRead]
    last_coaching: EffectivenessRead | None
    wellbeing: AgentSignals | None
    """For the agent's team leader only: wellbeing is private to the two of them."""


def summary_period(last: CoachingSessionRead | None, today: date, timezone: str) -> Period:
    """Since the day of the last one-to-one, to yesterday (today is not over); the last
    :data:`FALLBACK_DAYS` whole days without one. Never longer than a self-audit may be."""
    if last is None:
        return Period(today - timedelta(days=FALLBACK_DAYS), today - timedelta(days=1))
    first = last.held_at.astimezone(zone(timezone)).date()
    first = max(first, today - timedelta(days=LONGEST_DAYS - 1))
    return Period(first, max(first, today - timedelta(days=1)))


def since_moment(period: Period, timezone: str) -> datetime:
    return datetime.combine(period.first, time(), zone(timezone)).astimezone(UTC)


def goal_lines(
    *, session: Session, viewer: Viewer, agent_id: int, reading: Reading
) -> list[GoalLine]:
    """The agent's active personal goals with their progress, oldest first."""
    where = GoalFilter(level=Level.PERSONAL, agent_id=agent_id, state=GoalState.ACTIVE)
    found = goal_service.list_goals(session=session, viewer=viewer, where=where,
                                    limit=MAX_GOALS, offset=0)  # fmt: skip
    return [GoalLine(g, goal_service.progress(session=session, goal=g, reading=reading))
            for g in found.goals]  # fmt: skip


def last_coaching(
    *, session: Session, viewer: Viewer, agent_id: int, reading: Reading
) -> EffectivenessRead | None:
    where = SessionFilter(agent_id=agent_id, kind=SessionKind.COACHING)
    found, _ = coaching_service.list_sessions(session=session, viewer=viewer, where=where,
                                              limit=1, offset=0)  # fmt: skip
    if not found:
        return None
    return effectiveness_service.effectiveness(
        session=session, viewer=viewer, session_id=found[0].id, settings=reading.settings,
        timezone=reading.timezone,
    )  # fmt: skip


def sees_wellbeing(viewer: Viewer, agent_id: int) -> bool:
    """Whether the agenda carries wellbeing prompts: for the agent's team leader, never for a
    manager or an administrator (the policy gives them no reach over private records)."""
    reach = reach_of(viewer.role, Kind.PRIVATE_DEVELOPMENT)
    return reach >= Reach.LED_TEAMS and viewer.agent_id != agent_id


def one_to_one(*, session: Session, viewer: Viewer, agent_id: int, reading: Reading) -> Agenda:
    """The agenda for the agent's next one-to-one; 404 for an agent out of the viewer's reach."""
    last = coaching_service.last_one_to_one(session=session, viewer=viewer, agent_id=agent_id)
    period = summary_period(last, reading.today, reading.timezone)
    audit = selfaudit_service.audit_for(
        session=session, viewer=viewer, agent_id=agent_id, period=period,
        settings=reading.settings, timezone=reading.timezone,
    )  # fmt: skip
    since = since_moment(period, reading.timezone)
    wellbeing = None
    if sees_wellbeing(viewer, agent_id):
        wellbeing = wellbeing_service.for_agent(
            session=session, viewer=viewer, agent_id=agent_id,
            period=wellbeing_service.recent(reading.today), timezone=reading.timezone,
        )  # fmt: skip
    return Agenda(
        agent_id=agent_id, agent=audit["agent"], last_one_to_one=last, period=period, audit=audit,
        goals=goal_lines(session=session, viewer=viewer, agent_id=agent_id, reading=reading),
        feedback=feedback_service.received_since(session=session, viewer=viewer,
                                                 agent_id=agent_id, since=since),
        actions=action_service.open_actions(session=session, viewer=viewer, agent_id=agent_id),
        last_coaching=last_coaching(session=session, viewer=viewer, agent_id=agent_id,
                                    reading=reading),
        wellbeing=wellbeing,
    )  # fmt: skip


def status_counts(lines: Sequence[GoalLine]) -> dict[str, int]:
    """How many goals stand at each status; a goal with nothing to track counts as untracked."""
    counts: dict[str, int] = {}
    for line in lines:
        key = line.tracked.progress.status.value if line.tracked else "untracked"
        counts[key] = counts.get(key, 0) + 1
    return counts
