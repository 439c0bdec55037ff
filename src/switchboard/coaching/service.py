"""Coaching use cases: record a coaching session or one-to-one with its GROW notes, the contacts
it looked at and the actions it agreed; follow up the previous session's actions; read them.

Whoever's development reach holds the agent, and is not the agent, records a session: their
team leader, a manager of their site, an administrator. The agent reads their own. The coached
KPI before against after is :mod:`switchboard.coaching.effectiveness`. Services never commit.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, require
from switchboard.access.viewer import Viewer
from switchboard.actions import repository as action_repository
from switchboard.actions import service as action_service
from switchboard.actions.models import Action
from switchboard.audit import service as audit_service
from switchboard.coaching import repository as repo
from switchboard.coaching.models import CoachingSession, SessionKind
from switchboard.coaching.repository import SessionFilter
from switchboard.coaching.schemas import (
    CoachingSessionCreate,
    CoachingSessionRead,
    CoachingSessionRecorded,
    CoachingSessionUpdate,
    FollowUpRead,
)
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import FieldError, ForbiddenError, NotFoundError, Problem

CLOCK_SKEW = timedelta(minutes=5)
"""How far ahead of the server's clock a coach's own clock may run before a time is refused."""
NOTES = ("goal", "reality", "options", "way_forward", "follow_up")
NEEDED = {SessionKind.COACHING: ("goal", "way_forward"), SessionKind.ONE_TO_ONE: ()}
"""The GROW notes each kind of session must have: a coaching session without its Goal or its
Way forward has not finished; a one-to-one is a conversation, whatever it covered."""


def record_session(
    *, session: Session, viewer: Viewer, session_in: CoachingSessionCreate
) -> CoachingSessionRecorded:
    """Record a session: its notes, linked contacts (the agent's own), the open actions found
    done since the last one, and the actions agreed. Nothing is kept if any part is refused."""
    agent_user_id = _coachable(session, viewer, session_in.agent_id)
    _check(session_in.kind, session_in.held_at, {n: getattr(session_in, n) for n in NOTES})
    _check_contacts(session, viewer, session_in.agent_id, session_in.interaction_ids)
    previous = repo.latest(session, viewer, session_in.agent_id, held_by=session_in.held_at)
    record = _new_record(viewer, session_in)
    action_service.complete_actions(
        session=session, viewer=viewer, agent_id=record.agent_id,
        action_ids=session_in.completed_action_ids, done_at=record.held_at,
    )  # fmt: skip
    repo.add(session, record, session_in.interaction_ids)
    action_service.agree_actions(
        session=session, viewer=viewer, agent_id=record.agent_id, agent_user_id=agent_user_id,
        actions_in=session_in.actions, session_id=record.id,
    )  # fmt: skip
    _audit(session, viewer, record, "coaching_session_recorded",
           previous_session_id=previous.id if previous else None)  # fmt: skip
    found = _reads(session, viewer, [record] + ([previous] if previous else []))
    followed_up = found[1].actions if previous else []
    return CoachingSessionRecorded(**found[0].model_dump(), followed_up=followed_up)


def _new_record(viewer: Viewer, session_in: CoachingSessionCreate) -> CoachingSession:
    return CoachingSession(
        agent_id=session_in.agent_id, coach_user_id=viewer.user_id, kind=session_in.kind,
        held_at=session_in.held_at, kpi=session_in.kpi,
        **{name: getattr(session_in, name) for name in NOTES},
    )  # fmt: skip


def update_session(
    *, session: Session, viewer: Viewer, session_id: int, session_in: CoachingSessionUpdate
) -> CoachingSessionRead:
    """Change the notes, the time or the coached KPI; only who may record the session may."""
    record = _visible(session, viewer, session_id)
    _coachable(session, viewer, record.agent_id)
    changes = session_in.model_dump(include={"held_at", "kpi", *NOTES}, exclude_unset=True)
    merged = {name: getattr(record, name) for name in ("held_at", *NOTES)} | changes
    _check(record.kind, merged["held_at"], {n: merged[n] for n in NOTES})
    for name, value in changes.items():
        setattr(record, name, value)
    session.flush()
    _audit(session, viewer, record, "coaching_session_updated")
    return _reads(session, viewer, [record])[0]


def _coachable(session: Session, viewer: Viewer, agent_id: int) -> int | None:
    """The user the agent signs in as, once the viewer may coach them: 404 when the agent is
    out of reach, 403 when the viewer is the agent."""
    agent_user_id = action_service.writable_agent(session, viewer, agent_id)
    if viewer.agent_id == agent_id:
        raise ForbiddenError(
            "an agent reads their own coaching sessions; their team leader records them"
        )
    return agent_user_id


def _check(kind: SessionKind, held_at: datetime, notes: dict[str, str]) -> None:
    session_kind = kind.value.replace("_", "-")
    problems = [
        Problem(name, f"a {session_kind} session needs its {name.replace('_', ' ')}")
        for name in NEEDED[kind]
        if not notes[name].strip()
    ]
    if held_at > utcnow() + CLOCK_SKEW:
        problems.append(Problem("held_at", "cannot be in the future: record a session once held"))
    if problems:
        raise FieldError(problems)


def _check_contacts(session: Session, viewer: Viewer, agent_id: int, ids: Sequence[int]) -> None:
    found = repo.linkable_interactions(session, viewer, agent_id, ids) if ids else set()
    unknown = [str(i) for i in ids if i not in found]
    if unknown:
        raise FieldError.one("interaction_ids",
                             f"{', '.join(unknown)}: not among this agent's contacts")  # fmt: skip


def _audit(
    session: Session, viewer: Viewer, record: CoachingSession, change: str, **details: int | None
) -> None:
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="coaching_session",
        object_id=record.id, change=change, agent_id=record.agent_id, **details,
    )  # fmt: skip


# --- reading ----------------------------------------------------------------------------------


def _reads(
    session: Session, viewer: Viewer, records: Sequence[CoachingSession]
) -> list[CoachingSessionRead]:
    ids = [r.id for r in records]
    links = repo.linked_interactions(session, ids)
    actions = action_repository.of_sessions(session, viewer, ids)
    return [_read(r, links.get(r.id, []), actions.get(r.id, [])) for r in records]


def _read(
    record: CoachingSession, interaction_ids: list[int], actions: list[Action]
) -> CoachingSessionRead:
    return CoachingSessionRead(
        id=record.id, agent_id=record.agent_id, coach_user_id=record.coach_user_id,
        kind=record.kind, held_at=record.held_at, kpi=record.kpi,
        **{name: getattr(record, name) for name in NOTES}, interaction_ids=interaction_ids,
        actions=[action_service.read(a) for a in actions], created_at=record.created_at,
    )  # fmt: skip


def list_sessions(
    *, session: Session, viewer: Viewer, where: SessionFilter, limit: int, offset: int
) -> tuple[list[CoachingSessionRead], int | None]:
    """One page of the sessions the viewer may see, most recent first."""
    require(viewer, Kind.DEVELOPMENT)
    records, following = repo.sessions_page(session, viewer, where, limit, offset)
    return _reads(session, viewer, records), following


def get_session(*, session: Session, viewer: Viewer, session_id: int) -> CoachingSessionRead:
    return _reads(session, viewer, [_visible(session, viewer, session_id)])[0]


def visible_session(*, session: Session, viewer: Viewer, session_id: int) -> CoachingSession:
    """The stored session, for the effectiveness review; 404 when missing or out of sight."""
    return _visible(session, viewer, session_id)


def _visible(session: Session, viewer: Viewer, session_id: int) -> CoachingSession:
    require(viewer, Kind.DEVELOPMENT)
    record = repo.one(session, viewer, session_id)
    if record is None:
        raise NotFoundError("no such coaching session")
    return record


def follow_up(*, session: Session, viewer: Viewer, agent_id: int) -> FollowUpRead:
    """What the next session should follow up: the agent's previous session and its actions
    still open. 404 for an agent the viewer may not coach."""
    _coachable(session, viewer, agent_id)
    previous = repo.latest(session, viewer, agent_id)
    open_actions = []
    if previous is not None:
        agreed = action_repository.of_sessions(session, viewer, [previous.id]).get(previous.id, [])
        open_actions = [action_service.read(a) for a in agreed if a.done_at is None]
    return FollowUpRead(
        agent_id=agent_id, previous_session_id=previous.id if previous else None,
        previous_held_at=previous.held_at if previous else None, open_actions=open_actions,
    )  # fmt: skip


def last_one_to_one(
    *, session: Session, viewer: Viewer, agent_id: int
) -> CoachingSessionRead | None:
    """The agent's most recent one-to-one the viewer may see, or None: where the one-to-one
    agenda starts its "since the last one"."""
    require(viewer, Kind.DEVELOPMENT)
    record = repo.latest(session, viewer, agent_id, kind=SessionKind.ONE_TO_ONE)
    return None if record is None else _reads(session, viewer, [record])[0]
