"""Goal use cases: list, read, create, update and close goals at three levels, check personal
goals against SMART from the data, track their progress and show how the levels align.

Who may write is decided by the access policy's reach over development records, never by role
names here:

- a personal goal: whoever may see the agent's development records (the agent, their team
  leader, a manager of their site, an administrator);
- a team goal: the team's leader, a manager whose site holds the team, or an administrator;
- an organisational objective: a reach of a site or wider (managers and administrators).

A personal goal is checked against SMART on create, and again on an update that changes what
the check looks at (or re-opens it); a failing criterion refuses it with every finding, and
warnings come back with the saved goal. Services never commit.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, Reach, require
from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.domain.performance.alignment import Alignment, align
from switchboard.domain.performance.alignment import Goal as AlignedGoal
from switchboard.domain.performance.goals import Baseline
from switchboard.goals import checking, repository, tracking
from switchboard.goals.checking import Checked, Reading
from switchboard.goals.models import Goal, GoalReview, GoalState, Level
from switchboard.goals.repository import GoalFilter, GoalPage
from switchboard.goals.schemas import EARLIEST, GoalCreate, GoalUpdate
from switchboard.goals.shape import bad, check_shape, kind_of
from switchboard.goals.tracking import Tracked
from switchboard.kit.errors import ForbiddenError, NotFoundError, SwitchboardError
from switchboard.people.models import Agent, Team

__all__ = ["Reading", "Saved", "alignment", "check", "close", "create", "get", "list_goals",
           "progress", "reviews", "update"]  # fmt: skip

UNCHECKED = frozenset({"title", "state"})
"""Fields an update may change without checking the goal again."""
MEASURED = frozenset({"kpi", "baseline_from", "baseline_to"})
"""Fields whose change means measuring the baseline again."""


class GoalRefusedError(SwitchboardError):
    """A personal goal that fails a SMART criterion; ``checked`` holds every finding."""

    status = 422

    def __init__(self, checked: Checked, agent_id: int) -> None:
        failing = ", ".join(f.criterion.value for f in checked.smart.failures)
        super().__init__(f"the goal is not SMART: {failing} failed; each finding says why")
        self.checked = checked
        self.agent_id = agent_id


@dataclass(frozen=True)
class Saved:
    goal: Goal
    check: Checked | None
    """The SMART check, when one ran (a personal goal)."""


# --- reading ----------------------------------------------------------------------------------


def list_goals(
    *, session: Session, viewer: Viewer, where: GoalFilter, limit: int, offset: int
) -> GoalPage:
    return repository.goals(session, viewer, where, limit=limit, offset=offset)


def get(*, session: Session, viewer: Viewer, goal_id: int) -> Goal:
    """The goal; 404 alike when there is none and when the viewer may not see it."""
    found = repository.goal(session, viewer, goal_id)
    if found is None:
        raise NotFoundError("no such goal")
    return found


def reviews(*, session: Session, goals: Sequence[Goal]) -> dict[int, list[GoalReview]]:
    return repository.reviews(session, [goal.id for goal in goals])


def progress(*, session: Session, goal: Goal, reading: Reading) -> Tracked | None:
    """How a personal KPI goal is going, from the data; None for any other goal."""
    return tracking.progress(session=session, goal=goal, reading=reading)


# --- who may write ----------------------------------------------------------------------------


def may_set_team_goals(viewer: Viewer, team: Team) -> bool:
    reach = require(viewer, Kind.DEVELOPMENT)
    led = reach >= Reach.LED_TEAMS and team.id in viewer.led_team_ids
    managed = reach >= Reach.SITES and team.site_id in viewer.site_ids
    return reach is Reach.ALL or led or managed


def may_set_objectives(viewer: Viewer) -> bool:
    return require(viewer, Kind.DEVELOPMENT) >= Reach.SITES


def _agent(session: Session, viewer: Viewer, agent_id: int) -> Agent:
    agent = repository.visible_agent(session, viewer, agent_id)
    if agent is None:
        raise bad("agent_id", "no such agent, or not one whose development plan you keep")
    return agent


def _team(session: Session, viewer: Viewer, team_id: int) -> Team:
    team = repository.visible_team(session, viewer, team_id)
    if team is None:
        raise bad("team_id", "no such team, or not one you may see")
    if not may_set_team_goals(viewer, team):
        raise ForbiddenError(
            "team goals are set by the team's leader, a manager of its site or an administrator"
        )
    return team


def _owner(session: Session, viewer: Viewer, draft: GoalCreate) -> Agent | Team | None:
    """Whose the goal is, once the viewer is known to be allowed to write it."""
    if draft.level is Level.PERSONAL:
        return _agent(session, viewer, draft.agent_id or 0)
    if draft.level is Level.TEAM:
        return _team(session, viewer, draft.team_id or 0)
    if not may_set_objectives(viewer):
        raise ForbiddenError("organisational objectives are set by managers and administrators")
    return None


def _check_parent(
    session: Session, viewer: Viewer, draft: GoalCreate, owner: Agent | Team | None
) -> None:
    """A personal goal serves an active goal of its agent's team; a team goal an objective.
    (An objective has no parent: its shape says so.)"""
    parent = draft.parent_id
    if parent is None:
        return
    if isinstance(owner, Agent):
        if parent not in repository.team_goals(session, viewer, owner.team_id):
            raise bad("parent_id", "is not an active goal of the agent's team")
    elif repository.active_goal(session, viewer, parent, Level.OBJECTIVE) is None:
        raise bad("parent_id", "is not an active organisational objective")


# --- checking and saving ----------------------------------------------------------------------


def check(*, session: Session, viewer: Viewer, goal_in: GoalCreate, reading: Reading) -> Checked:
    """The SMART check of a personal goal, saving nothing (the form checks as it is filled)."""
    require(viewer, Kind.DEVELOPMENT)
    if goal_in.level is not Level.PERSONAL:
        raise bad("level", "only a personal goal is checked against SMART")
    check_shape(goal_in)
    owner = _owner(session, viewer, goal_in)
    _check_parent(session, viewer, goal_in, owner)
    assert isinstance(owner, Agent)
    return checking.check(session=session, viewer=viewer, agent=owner, draft=goal_in,
                          reading=reading)  # fmt: skip


def create(*, session: Session, viewer: Viewer, goal_in: GoalCreate, reading: Reading) -> Saved:
    """Save a new goal; a personal goal that fails a SMART criterion is refused unsaved."""
    require(viewer, Kind.DEVELOPMENT)
    check_shape(goal_in)
    owner = _owner(session, viewer, goal_in)
    _check_parent(session, viewer, goal_in, owner)
    checked = None
    if isinstance(owner, Agent):
        checked = checking.check(session=session, viewer=viewer, agent=owner, draft=goal_in,
                                 reading=reading)  # fmt: skip
        _refuse_unless_acceptable(checked, owner)
    fields = goal_in.model_dump(exclude={"kind", "review_dates"})
    goal = repository.add(session, Goal(**fields, kind=kind_of(goal_in), state=GoalState.ACTIVE,
                                        created_by_user_id=viewer.user_id))  # fmt: skip
    _keep_baseline(goal, checked)
    repository.set_upcoming_reviews(session, goal.id, goal_in.review_dates, EARLIEST)
    _audit(session, viewer, goal, "goal_created")
    return Saved(goal, checked)


def _refuse_unless_acceptable(checked: Checked, agent: Agent) -> None:
    if not checked.smart.acceptable:
        raise GoalRefusedError(checked, agent.id)


def _keep_baseline(goal: Goal, checked: Checked | None) -> None:
    if checked is not None and checked.baseline is not None:
        goal.baseline_value = checked.baseline.value
        goal.baseline_sample = checked.baseline.sample


def _audit(session: Session, viewer: Viewer, goal: Goal, change: str) -> None:
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="goal", object_id=goal.id,
        change=change, level=goal.level.value, agent_id=goal.agent_id, team_id=goal.team_id,
    )  # fmt: skip


def update(
    *, session: Session, viewer: Viewer, goal_id: int, goal_in: GoalUpdate, reading: Reading
) -> Saved:
    """Change a goal. ``goal_in``'s unset fields keep their values; an explicit null clears one
    (but a title, or a state, cannot be cleared)."""
    goal = get(session=session, viewer=viewer, goal_id=goal_id)
    owner = _writable(session, viewer, goal)
    changes = _changes(goal_in)
    draft = _draft(session, goal, changes, reading.today)
    check_shape(draft)
    if "parent_id" in changes:  # a link made before the agent changed teams stays until then
        _check_parent(session, viewer, draft, owner)
    checked = None
    if isinstance(owner, Agent) and _rechecked(goal, changes):
        kept = None if MEASURED & changes.keys() else _agreed_baseline(goal)
        checked = checking.check(session=session, viewer=viewer, agent=owner, draft=draft,
                                 reading=reading, goal_id=goal.id, baseline=kept)  # fmt: skip
        _refuse_unless_acceptable(checked, owner)
    _apply(session, goal, changes, checked, reading.today)
    _audit(session, viewer, goal, _change_name(changes))
    return Saved(goal, checked)


def close(*, session: Session, viewer: Viewer, goal_id: int) -> Goal:
    """Close a goal: it leaves the plan, the alignment and the balance check, and stays on
    record."""
    goal = get(session=session, viewer=viewer, goal_id=goal_id)
    _writable(session, viewer, goal)
    goal.state = GoalState.CLOSED
    session.flush()
    _audit(session, viewer, goal, "goal_closed")
    return goal


def _writable(session: Session, viewer: Viewer, goal: Goal) -> Agent | Team | None:
    """The goal's owner, as for a new goal of the same level: 403 when the viewer may see the
    goal but not write it (an agent and their team's goal)."""
    if goal.level is Level.PERSONAL:
        return _agent(session, viewer, goal.agent_id or 0)
    if goal.level is Level.TEAM:
        return _team(session, viewer, goal.team_id or 0)
    if not may_set_objectives(viewer):
        raise ForbiddenError("organisational objectives are set by managers and administrators")
    return None


def _changes(goal_in: GoalUpdate) -> dict[str, Any]:
    """The fields the client set. A null clears a field, and no review dates clears the
    upcoming reviews; a title or a state cannot be cleared."""
    changes = goal_in.model_dump(exclude_unset=True)
    for field in ("title", "state"):
        if field in changes and changes[field] is None:
            raise bad(field, "cannot be cleared")
    if "review_dates" in changes:
        changes["review_dates"] = changes["review_dates"] or []
    return changes


def _stored(goal: Goal, reviews_due: list[date]) -> GoalCreate:
    """The stored goal as a draft: the values are the store's, checked when they were saved."""
    fields = {
        name: getattr(goal, name) for name in GoalCreate.model_fields if name != "review_dates"
    }
    return GoalCreate.model_construct(**fields, review_dates=reviews_due)


def _draft(session: Session, goal: Goal, changes: dict[str, Any], today: date) -> GoalCreate:
    """The goal as it would be saved. Reviews already past are its history: the check sees
    the upcoming ones, as given or as stored."""
    upcoming = [r.due_on for r in repository.reviews(session, [goal.id]).get(goal.id, [])
                if r.due_on >= today]  # fmt: skip
    update = {k: v for k, v in changes.items() if k in GoalCreate.model_fields}
    return _stored(goal, upcoming).model_copy(update=update)


def _rechecked(goal: Goal, changes: dict[str, Any]) -> bool:
    """Whether the update changes what the SMART check looks at, or re-opens the goal; a
    closed goal is history and is not checked again."""
    state = changes.get("state", goal.state)
    reopened = goal.state is GoalState.CLOSED and state is GoalState.ACTIVE
    return state is GoalState.ACTIVE and (reopened or bool(changes.keys() - UNCHECKED))


def _agreed_baseline(goal: Goal) -> Baseline | None:
    """The baseline agreed when the goal was set: later data never moves it."""
    if goal.baseline_from is None or goal.baseline_to is None:
        return None
    return Baseline(goal.baseline_value, goal.baseline_from, goal.baseline_to,
                    goal.baseline_sample)  # fmt: skip


def _apply(
    session: Session, goal: Goal, changes: dict[str, Any], checked: Checked | None, today: date
) -> None:
    for field, value in changes.items():
        if field != "review_dates":
            setattr(goal, field, value)
    if MEASURED & changes.keys():
        _keep_baseline(goal, checked)
    session.flush()
    if "review_dates" in changes:
        repository.set_upcoming_reviews(session, goal.id, changes["review_dates"], today)


def _change_name(changes: dict[str, Any]) -> str:
    state = changes.get("state")
    if state is GoalState.CLOSED:
        return "goal_closed" if len(changes) == 1 else "goal_updated_and_closed"
    return "goal_reopened" if state is GoalState.ACTIVE else "goal_updated"


# --- alignment --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlignmentView:
    tree: Alignment
    goals: dict[int, Goal]
    """The goals in the tree, by id."""


def alignment(*, session: Session, viewer: Viewer) -> AlignmentView:
    """Objectives, team goals and personal goals that are active and the viewer may see, as a
    tree, with the team goals no personal goal supports and the personal goals that support
    none (:func:`switchboard.domain.performance.alignment.align`)."""
    found = repository.active_goals(session, viewer)

    def level(wanted: Level) -> list[AlignedGoal]:
        return [AlignedGoal(g.id, g.title, g.parent_id) for g in found if g.level is wanted]

    tree = align(objectives=level(Level.OBJECTIVE), team_goals=level(Level.TEAM),
                 personal_goals=level(Level.PERSONAL))  # fmt: skip
    return AlignmentView(tree, {goal.id: goal for goal in found})
