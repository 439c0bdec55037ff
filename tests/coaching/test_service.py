"""Coaching sessions and one-to-ones: GROW notes, linked contacts, agreed actions and their
follow-up, who records and who reads, on both databases."""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.actions.models import Action
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.coaching import service as coaching_service
from switchboard.coaching.models import CoachingSession, SessionKind
from switchboard.coaching.repository import SessionFilter
from switchboard.coaching.schemas import CoachingSessionCreate, CoachingSessionUpdate
from switchboard.kit.errors import FieldError, ForbiddenError, NotFoundError
from tests.access.conftest import Organisation
from tests.access.test_matrix import EXPECTED
from tests.feedback.support import DEVELOPMENT_VIEWERS, NOW, viewer

pytestmark = pytest.mark.usefixtures("frozen_clock")
HELD = NOW - timedelta(hours=2)


def grow(agent_id: int, **changes: Any) -> CoachingSessionCreate:
    fields: dict[str, Any] = {
        "agent_id": agent_id, "held_at": HELD, "kpi": "aht",
        "goal": "Bring AHT on billing calls down to 300 s",
        "reality": "Billing calls average 380 s; most of the extra time is on hold",
        "options": "Use the billing quick-reference; ask a colleague on chat instead of holding",
        "way_forward": "Use the quick-reference on every billing call this fortnight",
    } | changes  # fmt: skip
    return CoachingSessionCreate.model_validate(fields)


def record(db: Session, org: Organisation, coach: str, session_in: CoachingSessionCreate) -> Any:
    found = coaching_service.record_session(
        session=db, viewer=viewer(db, org, coach), session_in=session_in
    )
    db.commit()
    return found


def test_it_records_a_grow_session_with_contacts_and_agreed_actions(
    db: Session, org: Organisation
) -> None:
    ann = org.agents["ann"]
    session_in = grow(ann, interaction_ids=[org.interactions["ann"]], actions=[
        {"title": "Use the quick-reference on billing calls", "due_on": "2026-12-11"},
        {"title": "Listen to two of Ann's calls", "owner": "me", "important": False},
    ])  # fmt: skip
    found = record(db, org, "lee", session_in)
    assert (found.agent_id, found.coach_user_id, found.kind, found.kpi, found.held_at) == (
        ann, org.users["lee"].id, SessionKind.COACHING, "aht", HELD,
    )  # fmt: skip
    assert (found.goal, found.way_forward) == (session_in.goal, session_in.way_forward)
    assert found.interaction_ids == [org.interactions["ann"]]
    assert [(a.title, a.owner_user_id, a.important, a.session_id) for a in found.actions] == [
        ("Use the quick-reference on billing calls", org.users["ann"].id, True, found.id),
        ("Listen to two of Ann's calls", org.users["lee"].id, False, found.id),
    ]  # fmt: skip
    assert found.followed_up == []
    changes = db.scalars(select(AuditEntry).where(
        AuditEntry.action == AuditAction.PEOPLE_CHANGE.value).order_by(AuditEntry.id)).all()  # fmt: skip
    assert [(e.object_type, (e.details or {})["change"]) for e in changes] == [
        ("action", "action_created"), ("action", "action_created"),
        ("coaching_session", "coaching_session_recorded"),
    ]  # fmt: skip


def test_it_follows_up_the_last_sessions_actions_at_the_next(
    db: Session, org: Organisation
) -> None:
    ann, lee = org.agents["ann"], viewer(db, org, "lee")
    first = record(db, org, "lee", grow(ann, held_at=HELD - timedelta(days=14), actions=[
        {"title": "Use the quick-reference"}, {"title": "Book a side-by-side"},
    ]))  # fmt: skip
    done, still_open = (a.id for a in first.actions)
    due = coaching_service.follow_up(session=db, viewer=lee, agent_id=ann)
    assert (due.previous_session_id, due.previous_held_at) == (first.id, first.held_at)
    assert [a.id for a in due.open_actions] == [done, still_open]
    second = record(db, org, "lee", grow(
        ann, completed_action_ids=[done], follow_up="Ann uses the quick-reference: AHT down 20 s",
    ))  # fmt: skip
    assert second.follow_up == "Ann uses the quick-reference: AHT down 20 s"
    assert [(a.id, a.done, a.done_at) for a in second.followed_up] == [
        (done, True, HELD), (still_open, False, None),
    ]  # fmt: skip
    due = coaching_service.follow_up(session=db, viewer=lee, agent_id=ann)
    assert (due.previous_session_id, due.open_actions) == (second.id, [])


def test_it_takes_the_session_held_before_as_the_previous_even_if_recorded_later(
    db: Session, org: Organisation
) -> None:
    ann = org.agents["ann"]
    later = record(db, org, "lee", grow(ann, actions=[{"title": "Later's action"}]))
    earlier = record(db, org, "lee", grow(ann, held_at=HELD - timedelta(days=7)))
    assert earlier.followed_up == []
    assert [a.title for a in later.actions] == ["Later's action"]


def test_it_needs_goal_and_way_forward_for_coaching_but_not_for_a_one_to_one(
    db: Session, org: Organisation
) -> None:
    ann = org.agents["ann"]
    with pytest.raises(FieldError) as refused:
        record(db, org, "lee", grow(ann, goal=" ", way_forward=""))
    assert {p.field for p in refused.value.problems} == {"goal", "way_forward"}
    assert "a coaching session needs its way forward" in refused.value.message
    empty = dict.fromkeys(("goal", "reality", "options", "way_forward"), "")
    assert record(db, org, "lee", grow(ann, kind="one_to_one", kpi=None, **empty)).id


def test_it_refuses_contacts_that_are_not_the_agents(db: Session, org: Organisation) -> None:
    missing = max(org.interactions.values()) + 1
    for other in (org.interactions["abe"], org.interactions["-"], missing):
        with pytest.raises(FieldError) as refused:
            record(db, org, "lee", grow(org.agents["ann"], interaction_ids=[other]))
        assert refused.value.problems[0].field == "interaction_ids"


def test_it_refuses_follow_up_of_actions_not_open_on_the_agents_list_and_keeps_nothing(
    db: Session, org: Organisation
) -> None:
    ann, abe = org.agents["ann"], org.agents["abe"]
    others = record(db, org, "lee", grow(abe, actions=[{"title": "Abe's"}])).actions[0].id
    with pytest.raises(FieldError) as refused:
        record(db, org, "lee", grow(ann, completed_action_ids=[others], actions=[{"title": "x"}]))
    assert refused.value.problems[0].field == "completed_action_ids"
    sessions = db.scalar(select(func.count()).where(CoachingSession.agent_id == ann))
    actions = db.scalar(select(func.count()).where(Action.agent_id == ann))
    assert (sessions, actions) == (0, 0)


def test_it_refuses_a_session_not_yet_held(db: Session, org: Organisation) -> None:
    with pytest.raises(FieldError) as refused:
        record(db, org, "lee", grow(org.agents["ann"], held_at=NOW + timedelta(hours=1)))
    assert refused.value.problems[0].field == "held_at"


@pytest.mark.parametrize(("coach", "agent"), [("lee", "ann"), ("meg", "ann"), ("ari", "nat")])
def test_it_lets_the_agents_line_record_their_sessions(
    db: Session, org: Organisation, coach: str, agent: str
) -> None:
    assert record(db, org, coach, grow(org.agents[agent])).coach_user_id == org.users[coach].id


def test_it_lets_an_agent_read_their_own_sessions_but_never_record_one(
    db: Session, org: Organisation
) -> None:
    made = record(db, org, "lee", grow(org.agents["ann"]))
    for name, agent in (("ann", "ann"), ("lee", "lee")):  # lee leads A1 and is an agent in it
        with pytest.raises(ForbiddenError):
            record(db, org, name, grow(org.agents[agent]))
    found = coaching_service.get_session(session=db, viewer=viewer(db, org, "ann"),
                                         session_id=made.id)  # fmt: skip
    assert found.goal == made.goal


@pytest.mark.parametrize(("coach", "agent"), [("lyn", "ann"), ("ann", "abe"), ("meg", "bob")])
def test_it_answers_not_found_for_an_agent_out_of_reach(
    db: Session, org: Organisation, coach: str, agent: str
) -> None:
    with pytest.raises(NotFoundError):
        record(db, org, coach, grow(org.agents[agent]))


def test_it_forbids_a_role_with_no_development_reach(db: Session, org: Organisation) -> None:
    with pytest.raises(ForbiddenError):
        record(db, org, "quinn", grow(org.agents["ann"]))


def test_it_lets_the_coach_update_notes_and_drop_the_kpi(db: Session, org: Organisation) -> None:
    made = record(db, org, "lee", grow(org.agents["ann"]))

    def update(name: str, **fields: Any) -> Any:
        found = coaching_service.update_session(
            session=db, viewer=viewer(db, org, name), session_id=made.id,
            session_in=CoachingSessionUpdate.model_validate(fields),
        )  # fmt: skip
        db.commit()
        return found

    found = update("lee", reality="Calls average 380 s", kpi=None)
    assert (found.reality, found.kpi, found.goal) == ("Calls average 380 s", None, made.goal)
    with pytest.raises(ForbiddenError):
        update("ann", reality="Mine now")
    with pytest.raises(FieldError):
        update("lee", goal="", reality="Refused with the rest")
    assert db.get_one(CoachingSession, made.id).reality == "Calls average 380 s"
    with pytest.raises(NotFoundError):
        update("lyn", reality="x")


def test_it_finds_the_last_one_to_one_in_sight(db: Session, org: Organisation) -> None:
    ann, lee = org.agents["ann"], viewer(db, org, "lee")
    assert coaching_service.last_one_to_one(session=db, viewer=lee, agent_id=ann) is None
    first = record(db, org, "lee", grow(ann, kind="one_to_one", held_at=HELD - timedelta(days=14)))
    record(db, org, "lee", grow(ann))  # a coaching session after it is not a one-to-one
    found = coaching_service.last_one_to_one(session=db, viewer=lee, agent_id=ann)
    assert found is not None
    assert found.id == first.id
    lyn = viewer(db, org, "lyn")
    assert coaching_service.last_one_to_one(session=db, viewer=lyn, agent_id=ann) is None


@pytest.mark.parametrize("name", DEVELOPMENT_VIEWERS)
def test_it_shows_each_viewer_the_sessions_the_policy_grants(
    db: Session, org: Organisation, name: str
) -> None:
    for agent_id in org.agents.values():
        db.add(CoachingSession(agent_id=agent_id, kind=SessionKind.COACHING, held_at=HELD))
    db.commit()
    agents = {s.id: s.agent_id for s in db.scalars(select(CoachingSession))}
    rows, _ = coaching_service.list_sessions(
        session=db, viewer=viewer(db, org, name), where=SessionFilter(), limit=100, offset=0
    )
    assert org.agent_names({agents[row.id] for row in rows}) == EXPECTED[name][Kind.DEVELOPMENT]
