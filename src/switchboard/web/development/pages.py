"""What each development page shows, gathered from the feature services. Each service applies
the access policy itself, so a page holds only what its viewer may see."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, Reach, reach_of, require
from switchboard.access.repository import can_see_agent
from switchboard.access.viewer import Viewer
from switchboard.actions import service as action_service
from switchboard.actions.schemas import ActionRead, MatrixRead
from switchboard.coaching import agenda as agenda_service
from switchboard.coaching import service as coaching_service
from switchboard.coaching.agenda import GoalLine
from switchboard.coaching.repository import SessionFilter
from switchboard.coaching.schemas import CoachingSessionRead, FollowUpRead
from switchboard.feedback import service as feedback_service
from switchboard.feedback.repository import FeedbackFilter
from switchboard.feedback.schemas import FeedbackRead
from switchboard.goals import service as goal_service
from switchboard.goals.checking import Reading
from switchboard.goals.models import Goal, GoalState, Level
from switchboard.goals.repository import GoalFilter
from switchboard.kit.errors import ForbiddenError, NotFoundError
from switchboard.kit.periods import Period
from switchboard.reflections import service as reflection_service
from switchboard.reflections.schemas import ReflectionRead
from switchboard.selfaudits import service as selfaudit_service
from switchboard.web.development import repository
from switchboard.web.errors import PermissionRefusedError
from switchboard.wellbeing import service as wellbeing_service
from switchboard.wellbeing.service import AgentSignals

LISTED = 50
"""Records of each kind a page lists, newest first: enough for a year of fortnightly talks."""


def refused(viewer: Viewer, message: str) -> PermissionRefusedError:
    """A 403 that the audit trail records as ``permission_denied``."""
    return PermissionRefusedError(message, reason="development", actor_user_id=viewer.user_id)


def require_own(viewer: Viewer) -> int:
    """The viewer's agent id, if their role reaches their own development records."""
    try:
        require(viewer, Kind.DEVELOPMENT)
    except ForbiddenError as exc:
        raise refused(viewer, exc.message) from exc
    if viewer.agent_id is None:
        raise refused(viewer, "my development is for people who take contacts")
    return viewer.agent_id


def leads_development(viewer: Viewer) -> bool:
    """Whether the viewer's development reach goes beyond themselves: team leaders, managers
    and administrators."""
    return reach_of(viewer.role, Kind.DEVELOPMENT) >= Reach.LED_TEAMS


def require_leader(viewer: Viewer) -> None:
    if not leads_development(viewer):
        raise refused(viewer, "team development is for team leaders and managers")


def require_agent_in_reach(session: Session, viewer: Viewer, agent_id: int) -> str:
    """The agent's name; 403 for a role that leads nobody, 404 alike for an agent who does
    not exist and one out of reach."""
    require_leader(viewer)
    found = repository.agent(session, agent_id)
    if found is None or not can_see_agent(session, viewer, Kind.DEVELOPMENT, agent_id):
        raise NotFoundError("no such agent, or not one whose development records are yours")
    return found.display_name


def team_goals(session: Session, viewer: Viewer, team_id: int | None) -> list[Goal]:
    """The team's active goals, for a personal goal to serve (SMART's Relevant)."""
    if team_id is None:
        return []
    where = GoalFilter(level=Level.TEAM, team_id=team_id, state=GoalState.ACTIVE)
    return list(goal_service.list_goals(session=session, viewer=viewer, where=where,
                                        limit=LISTED, offset=0).goals)  # fmt: skip


def received(session: Session, viewer: Viewer, agent_id: int) -> list[FeedbackRead]:
    where = FeedbackFilter(agent_id=agent_id)
    found, _ = feedback_service.list_feedback(session=session, viewer=viewer, where=where,
                                              limit=LISTED, offset=0)  # fmt: skip
    return found


@dataclass(frozen=True)
class MyDevelopment:
    agent_id: int
    audit: dict[str, Any]
    goals: list[GoalLine]
    team_goals: list[Goal]
    feedback: list[FeedbackRead]
    matrix: MatrixRead
    reflections: list[ReflectionRead]
    wellbeing: AgentSignals | None


def my_development(
    *, session: Session, viewer: Viewer, agent_id: int, period: Period, reading: Reading
) -> MyDevelopment:
    audit = selfaudit_service.audit_for(session=session, viewer=viewer, agent_id=agent_id,
                                        period=period, settings=reading.settings,
                                        timezone=reading.timezone)  # fmt: skip
    entries = reflection_service.list_page(session=session, viewer=viewer, agent_id=agent_id,
                                           limit=LISTED, offset=0)  # fmt: skip
    wellbeing = None
    if reach_of(viewer.role, Kind.PRIVATE_DEVELOPMENT) >= Reach.SELF:
        wellbeing = wellbeing_service.for_agent(
            session=session, viewer=viewer, agent_id=agent_id,
            period=wellbeing_service.recent(reading.today), timezone=reading.timezone,
        )  # fmt: skip
    return MyDevelopment(
        agent_id=agent_id, audit=audit,
        goals=agenda_service.goal_lines(session=session, viewer=viewer, agent_id=agent_id,
                                        reading=reading),
        team_goals=team_goals(session, viewer, viewer.team_id),
        feedback=received(session, viewer, agent_id),
        matrix=action_service.matrix(session=session, viewer=viewer, agent_id=agent_id,
                                     today=reading.today),
        reflections=reflection_service.as_reads(session=session, reflections=entries),
        wellbeing=wellbeing,
    )  # fmt: skip


# --- the team leader's pages ------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    agent_id: int
    name: str
    team: str | None
    goals: list[GoalLine]
    counts: dict[str, int]
    open_actions: int
    last_one_to_one: CoachingSessionRead | None
    unacknowledged: int


@dataclass(frozen=True)
class TeamDevelopment:
    members: list[Member]
    wellbeing: list[AgentSignals] = field(default_factory=list)
    """For a team leader: members with a signal or a check-in, in order of name; never ranked."""


def _member(session: Session, viewer: Viewer, agent_id: int, name: str, team: str | None,
            reading: Reading) -> Member:  # fmt: skip
    goals = agenda_service.goal_lines(session=session, viewer=viewer, agent_id=agent_id,
                                      reading=reading)  # fmt: skip
    unread, _ = feedback_service.list_feedback(
        session=session, viewer=viewer, limit=LISTED, offset=0,
        where=FeedbackFilter(agent_id=agent_id, unacknowledged=True),
    )  # fmt: skip
    return Member(
        agent_id=agent_id, name=name, team=team, goals=goals,
        counts=agenda_service.status_counts(goals),
        open_actions=len(action_service.open_actions(session=session, viewer=viewer,
                                                     agent_id=agent_id)),
        last_one_to_one=coaching_service.last_one_to_one(session=session, viewer=viewer,
                                                         agent_id=agent_id),
        unacknowledged=len(unread),
    )  # fmt: skip


def team_development(*, session: Session, viewer: Viewer, reading: Reading) -> TeamDevelopment:
    require_leader(viewer)
    members = [_member(session, viewer, a.id, a.display_name, team, reading)
               for a, team in repository.agents_in_reach(session, viewer)]  # fmt: skip
    return TeamDevelopment(members, _team_wellbeing(session, viewer, reading))


def _team_wellbeing(session: Session, viewer: Viewer, reading: Reading) -> list[AgentSignals]:
    if reach_of(viewer.role, Kind.PRIVATE_DEVELOPMENT) < Reach.LED_TEAMS:
        return []
    found: list[AgentSignals] = []
    for team_id in sorted(viewer.led_team_ids):
        try:
            _, members = wellbeing_service.for_team(
                session=session, viewer=viewer, team_id=team_id,
                period=wellbeing_service.recent(reading.today), timezone=reading.timezone,
            )  # fmt: skip
        except NotFoundError:  # a team with no members yet
            continue
        found += [m for m in members
                  if m.agent_id != viewer.agent_id and (m.signals or m.check_ins)]  # fmt: skip
    return sorted(found, key=lambda m: (m.agent.casefold(), m.agent_id))


@dataclass(frozen=True)
class AgentDevelopment:
    agent_id: int
    name: str
    team_id: int | None
    goals: list[GoalLine]
    team_goals: list[Goal]
    development_areas: list[str]
    feedback: list[FeedbackRead]
    sessions: list[CoachingSessionRead]
    follow_up: FollowUpRead | None
    open_actions: list[ActionRead]
    may_coach: bool


def agent_development(
    *, session: Session, viewer: Viewer, agent_id: int, reading: Reading
) -> AgentDevelopment:
    name = require_agent_in_reach(session, viewer, agent_id)
    agent = repository.agent(session, agent_id)
    team_id = agent.team_id if agent else None
    may_coach = viewer.agent_id != agent_id  # nobody coaches themselves
    sessions, _ = coaching_service.list_sessions(
        session=session, viewer=viewer, where=SessionFilter(agent_id=agent_id), limit=LISTED,
        offset=0,
    )  # fmt: skip
    return AgentDevelopment(
        agent_id=agent_id, name=name, team_id=team_id,
        goals=agenda_service.goal_lines(session=session, viewer=viewer, agent_id=agent_id,
                                        reading=reading),
        team_goals=team_goals(session, viewer, team_id),
        development_areas=_areas(session, viewer, agent_id),
        feedback=received(session, viewer, agent_id), sessions=sessions,
        follow_up=coaching_service.follow_up(session=session, viewer=viewer, agent_id=agent_id)
        if may_coach else None,
        open_actions=action_service.open_actions(session=session, viewer=viewer,
                                                 agent_id=agent_id),
        may_coach=may_coach,
    )  # fmt: skip


def _areas(session: Session, viewer: Viewer, agent_id: int) -> list[str]:
    """The development areas of the agent's latest saved self-audit, for the goal form."""
    saved = selfaudit_service.saved_page(session=session, viewer=viewer, agent_id=agent_id,
                                         limit=1, offset=0)  # fmt: skip
    return list(saved[0].development_areas) if saved else []
