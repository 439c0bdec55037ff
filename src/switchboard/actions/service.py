"""Actions use cases: an agent's personal action list, the actions a coaching session agrees,
and the urgent/important matrix (:mod:`switchboard.domain.performance.priority`).

Anyone whose development reach holds the agent writes on and changes the agent's list: the
agent themselves, their team leader, a manager of their site, an administrator. A colleague
cannot. Services never commit.
"""

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, require
from switchboard.access.repository import can_see_agent
from switchboard.access.viewer import Viewer
from switchboard.actions import repository as repo
from switchboard.actions.models import Action
from switchboard.actions.repository import ActionFilter
from switchboard.actions.schemas import (
    ActionAgreed,
    ActionCreate,
    ActionRead,
    ActionUpdate,
    MatrixRead,
    Owner,
    QuadrantRead,
)
from switchboard.audit import service as audit_service
from switchboard.domain.performance import priority
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import FieldError, NotFoundError


def read(action: Action) -> ActionRead:
    return ActionRead(
        id=action.id, agent_id=action.agent_id, owner_user_id=action.owner_user_id,
        title=action.title, due_on=action.due_on, important=action.important,
        urgent=action.urgent, session_id=action.session_id, done=action.done_at is not None,
        done_at=action.done_at, created_at=action.created_at,
    )  # fmt: skip


def create_action(*, session: Session, viewer: Viewer, action_in: ActionCreate) -> ActionRead:
    """Put an action on an agent's list (the viewer's own when no agent is named)."""
    require(viewer, Kind.DEVELOPMENT)
    agent_id = _own_unless_named(viewer, action_in.agent_id, "body")
    agent_user_id = writable_agent(session, viewer, agent_id)
    action = agree_actions(session=session, viewer=viewer, agent_id=agent_id,
                           agent_user_id=agent_user_id, actions_in=[action_in])[0]  # fmt: skip
    return read(action)


def writable_agent(session: Session, viewer: Viewer, agent_id: int) -> int | None:
    """The user the agent signs in as, once it is sure the viewer may write on their
    development records: 403 for a role with no reach, 404 for an agent out of it."""
    require(viewer, Kind.DEVELOPMENT)
    found, user_id = repo.agent_user(session, agent_id)
    if not found or not can_see_agent(session, viewer, Kind.DEVELOPMENT, agent_id):
        raise NotFoundError("no such agent")
    return user_id


def agree_actions(
    *, session: Session, viewer: Viewer, agent_id: int, agent_user_id: int | None,
    actions_in: Sequence[ActionAgreed], session_id: int | None = None,
) -> list[Action]:  # fmt: skip
    """Write the actions on the agent's list, each audited; the caller has checked the reach
    (:func:`writable_agent`). ``session_id`` ties them to the coaching session that agreed them."""
    actions = [
        Action(
            agent_id=agent_id,
            owner_user_id=viewer.user_id if action_in.owner is Owner.ME else agent_user_id,
            session_id=session_id,
            **action_in.model_dump(include={"title", "due_on", "important", "urgent"}),
        )
        for action_in in actions_in
    ]
    repo.add(session, actions)
    for action in actions:
        _audit(session, viewer, action, "action_created", session_id=session_id)
    return actions


def update_action(
    *, session: Session, viewer: Viewer, action_id: int, action_in: ActionUpdate
) -> ActionRead:
    """Change the fields sent; ``done`` ticks the action off (keeping when it was first done)
    or opens it again."""
    action = _visible(session, viewer, action_id)
    sent = action_in.model_fields_set
    for name in ("title", "due_on", "important", "urgent"):
        if name in sent:
            setattr(action, name, getattr(action_in, name))
    if action_in.done is not None:
        action.done_at = (action.done_at or utcnow()) if action_in.done else None
    session.flush()
    _audit(session, viewer, action, "action_updated", done=action.done_at is not None)
    return read(action)


def complete_actions(
    *, session: Session, viewer: Viewer, agent_id: int, action_ids: Sequence[int], done_at: datetime
) -> list[Action]:
    """Tick off open actions on the agent's list (a coaching session's follow-up); 422 naming
    ``completed_action_ids`` if any is not one of them."""
    found = {a.id: a for a in repo.open_among(session, viewer, agent_id, action_ids)}
    unknown = [str(i) for i in action_ids if i not in found]
    if unknown:
        raise FieldError.one("completed_action_ids",
                             f"{', '.join(unknown)}: not open actions on this agent's list")  # fmt: skip
    for action in found.values():
        action.done_at = done_at
    session.flush()
    for action in found.values():
        _audit(session, viewer, action, "action_updated", done=True)
    return list(found.values())


def _audit(
    session: Session, viewer: Viewer, action: Action, change: str, **details: int | bool | None
) -> None:
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="action", object_id=action.id,
        change=change, agent_id=action.agent_id, **details,
    )  # fmt: skip


# --- reading ----------------------------------------------------------------------------------


def list_actions(
    *, session: Session, viewer: Viewer, where: ActionFilter, limit: int, offset: int
) -> tuple[list[ActionRead], int | None]:
    """Open before done, each by due date (undated last)."""
    require(viewer, Kind.DEVELOPMENT)
    actions, following = repo.actions_page(session, viewer, where, limit, offset)
    return [read(a) for a in actions], following


def get_action(*, session: Session, viewer: Viewer, action_id: int) -> ActionRead:
    return read(_visible(session, viewer, action_id))


def _visible(session: Session, viewer: Viewer, action_id: int) -> Action:
    require(viewer, Kind.DEVELOPMENT)
    action = repo.one(session, viewer, action_id)
    if action is None:
        raise NotFoundError("no such action")
    return action


def open_actions(*, session: Session, viewer: Viewer, agent_id: int) -> list[ActionRead]:
    """The agent's open actions that the viewer may see, by due date: the one-to-one agenda's
    "open actions". Empty for an agent out of reach."""
    require(viewer, Kind.DEVELOPMENT)
    return [read(a) for a in repo.open_actions(session, viewer, agent_id)]


def matrix(
    *, session: Session, viewer: Viewer, agent_id: int | None, today: date,
    urgent_days: int = priority.URGENT_DAYS,
) -> MatrixRead:  # fmt: skip
    """The agent's open actions (the viewer's own when none is named) by quadrant; ``today`` is
    the date in the centre's timezone, which decides what is due soon."""
    require(viewer, Kind.DEVELOPMENT)
    agent_id = _own_unless_named(viewer, agent_id, "query")
    if not can_see_agent(session, viewer, Kind.DEVELOPMENT, agent_id):
        raise NotFoundError("no such agent")
    actions = {a.id: a for a in repo.open_actions(session, viewer, agent_id)}
    plain = [
        priority.Action(a.id, a.title, a.important, a.due_on, a.urgent) for a in actions.values()
    ]
    quadrants = priority.matrix(plain, today=today, urgent_days=urgent_days)
    return MatrixRead(
        agent_id=agent_id, today=today, urgent_days=urgent_days,
        quadrants=[QuadrantRead(quadrant=q, actions=[read(actions[a.id]) for a in items])
                   for q, items in quadrants.items()],
    )  # fmt: skip


def _own_unless_named(viewer: Viewer, agent_id: int | None, where: str) -> int:
    if agent_id is not None:
        return agent_id
    if viewer.agent_id is None:
        raise FieldError.one("agent_id", "name an agent: you have no agent record", where)
    return viewer.agent_id
