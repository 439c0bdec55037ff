"""Every query of actions. Actions are development records: each read is scoped by
``agent_filter`` for the development kind, over the agent whose list the action is on."""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.actions.models import Action
from switchboard.feedback.repository import page_of
from switchboard.people.models import Agent


def visible(viewer: Viewer) -> ColumnElement[bool]:
    return agent_filter(viewer, Kind.DEVELOPMENT, Action.agent_id)


def _in_list_order() -> tuple[ColumnElement[object], ...]:
    """Open before done, then by due date with the undated last (portably: a NULLS LAST
    clause is not SQLite's before 3.30), then the order they were written down."""
    a = Action
    return (a.done_at.is_not(None), a.due_on.is_(None), a.due_on, a.id)  # type: ignore[return-value]


@dataclass(frozen=True)
class ActionFilter:
    agent_id: int | None = None
    open: bool | None = None
    session_id: int | None = None


def actions_page(
    session: Session, viewer: Viewer, where: ActionFilter, limit: int, offset: int
) -> tuple[list[Action], int | None]:
    a = Action
    query = select(a).where(visible(viewer))
    if where.agent_id is not None:
        query = query.where(a.agent_id == where.agent_id)
    if where.open is not None:
        query = query.where(a.done_at.is_(None) if where.open else a.done_at.is_not(None))
    if where.session_id is not None:
        query = query.where(a.session_id == where.session_id)
    return page_of(session, query.order_by(*_in_list_order()), limit, offset)


def one(session: Session, viewer: Viewer, action_id: int) -> Action | None:
    return session.scalar(select(Action).where(Action.id == action_id, visible(viewer)))


def open_actions(session: Session, viewer: Viewer, agent_id: int) -> Sequence[Action]:
    a = Action
    query = select(a).where(visible(viewer), a.agent_id == agent_id, a.done_at.is_(None))
    return session.scalars(query.order_by(*_in_list_order())).all()


def open_among(
    session: Session, viewer: Viewer, agent_id: int, ids: Collection[int]
) -> Sequence[Action]:
    """Those of ``ids`` that are open actions on this agent's list, in the viewer's sight."""
    a = Action
    query = select(a).where(
        visible(viewer), a.agent_id == agent_id, a.done_at.is_(None), a.id.in_(sorted(ids))
    )
    return session.scalars(query).all()


def of_sessions(
    session: Session, viewer: Viewer, session_ids: Collection[int]
) -> dict[int, list[Action]]:
    """The actions each coaching session agreed, by session id."""
    found: dict[int, list[Action]] = defaultdict(list)
    if not session_ids:
        return found
    a = Action
    query = select(a).where(visible(viewer), a.session_id.in_(sorted(session_ids)))
    for action in session.scalars(query.order_by(a.id)):
        assert action.session_id is not None  # the filter above
        found[action.session_id].append(action)
    return found


def agent_user(session: Session, agent_id: int) -> tuple[bool, int | None]:
    """Whether the agent exists, and the user they sign in as, if any."""
    row = session.execute(select(Agent.user_id).where(Agent.id == agent_id)).one_or_none()
    return (False, None) if row is None else (True, row.user_id)


def add(session: Session, actions: Sequence[Action]) -> None:
    session.add_all(actions)
    session.flush()
