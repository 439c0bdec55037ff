"""The personal action list and its urgent/important matrix, on both databases."""

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.actions import service as action_service
from switchboard.actions.models import Action
from switchboard.actions.repository import ActionFilter
from switchboard.actions.schemas import ActionCreate, ActionUpdate
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.kit.errors import FieldError, ForbiddenError, NotFoundError
from tests.access.conftest import Organisation
from tests.access.test_matrix import EXPECTED
from tests.feedback.support import DEVELOPMENT_VIEWERS, NOW, viewer

pytestmark = pytest.mark.usefixtures("frozen_clock")
TODAY = date(2026, 11, 29)


def create(db: Session, org: Organisation, name: str, **fields: Any) -> Any:
    found = action_service.create_action(
        session=db, viewer=viewer(db, org, name), action_in=ActionCreate.model_validate(fields)
    )
    db.commit()
    return found


def update(db: Session, org: Organisation, name: str, action_id: int, **fields: Any) -> Any:
    found = action_service.update_action(
        session=db, viewer=viewer(db, org, name), action_id=action_id,
        action_in=ActionUpdate.model_validate(fields),
    )  # fmt: skip
    db.commit()
    return found


def test_it_writes_on_the_agents_own_list_by_default(db: Session, org: Organisation) -> None:
    found = create(db, org, "ann", title="Read the new refunds policy", due_on="2026-12-04")
    assert (found.agent_id, found.owner_user_id, found.due_on) == (
        org.agents["ann"], org.users["ann"].id, date(2026, 12, 4),
    )  # fmt: skip
    assert (found.important, found.urgent, found.done, found.session_id) == (
        False, False, False, None,
    )  # fmt: skip
    entry = db.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.PEOPLE_CHANGE.value)
    ).one()
    assert (entry.object_type, entry.object_id, entry.actor_user_id) == (
        "action", str(found.id), org.users["ann"].id,
    )  # fmt: skip
    assert entry.details == {"change": "action_created", "agent_id": org.agents["ann"],
                             "session_id": None}  # fmt: skip


def test_it_lets_a_team_leader_add_actions_owned_by_either(db: Session, org: Organisation) -> None:
    abe, ann = org.agents["abe"], org.agents["ann"]
    # abe has no account: an action he owns has no owning user
    assert create(db, org, "lee", agent_id=abe, title="Shadow Ann").owner_user_id is None
    assert create(db, org, "lee", agent_id=ann, title="Listen to two calls with Ann",
                  owner="me").owner_user_id == org.users["lee"].id  # fmt: skip
    assert create(db, org, "lee", agent_id=ann, title="x").owner_user_id == org.users["ann"].id


@pytest.mark.parametrize(
    ("name", "agent"), [("ann", "abe"), ("lyn", "ann"), ("meg", "bob"), ("zed", "ann")]
)
def test_it_answers_not_found_for_a_list_out_of_reach(
    db: Session, org: Organisation, name: str, agent: str
) -> None:
    with pytest.raises(NotFoundError):
        create(db, org, name, agent_id=org.agents[agent], title="Anything")


def test_it_forbids_a_role_with_no_development_reach(db: Session, org: Organisation) -> None:
    for name in ("quinn", "pat", "cal"):
        with pytest.raises(ForbiddenError):
            create(db, org, name, agent_id=org.agents["ann"], title="Anything")


def test_it_asks_someone_with_no_agent_record_to_name_the_agent(
    db: Session, org: Organisation
) -> None:
    with pytest.raises(FieldError) as refused:
        create(db, org, "zed", title="Anything")
    assert refused.value.problems[0].field == "agent_id"


def test_it_changes_only_what_is_sent_and_ticks_actions_off(
    db: Session, org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = create(db, org, "ann", title="Read the policy", due_on="2026-12-04", important=True)
    found = update(db, org, "ann", made.id, title="Read the refunds policy", due_on=None)
    assert (found.title, found.due_on, found.important) == ("Read the refunds policy", None, True)
    found = update(db, org, "lee", made.id, done=True)  # her team leader may tick it off too
    assert (found.done, found.done_at) == (True, NOW)
    monkeypatch.setattr(action_service, "utcnow", lambda: NOW + timedelta(days=1))
    assert update(db, org, "ann", made.id, done=True).done_at == NOW  # first done, kept
    assert update(db, org, "ann", made.id, done=False).done_at is None
    with pytest.raises(NotFoundError):
        update(db, org, "lyn", made.id, done=True)


def test_it_refuses_an_update_that_blanks_the_title() -> None:
    with pytest.raises(ValueError, match="title cannot be null"):
        ActionUpdate.model_validate({"title": None})
    with pytest.raises(ValueError, match="at least 1 character"):
        ActionUpdate.model_validate({"title": ""})


def test_it_sorts_open_actions_into_the_matrix_by_urgency_and_importance(
    db: Session, org: Organisation
) -> None:
    """Today is Sunday 29 Nov 2026; due within two days (or overdue) is urgent."""
    made = {
        "policy": create(
            db, org, "ann", title="Read the policy", important=True, due_on="2026-12-20"
        ),
        "letter": create(
            db, org, "ann", title="Send the complaint letter", important=True, due_on="2026-12-01"
        ),
        "flagged": create(
            db, org, "ann", title="Call the customer back", important=True, urgent=True
        ),
        "rota": create(db, org, "ann", title="Answer the rota swap", due_on="2026-11-28"),
        "replies": create(db, org, "ann", title="Tidy my saved replies"),
        "done": create(db, org, "ann", title="Already done", important=True, due_on="2026-11-30"),
    }
    update(db, org, "ann", made["done"].id, done=True)
    found = action_service.matrix(
        session=db, viewer=viewer(db, org, "ann"), agent_id=None, today=TODAY
    )
    names = {action.id: name for name, action in made.items()}
    quadrants = {q.quadrant.value: [names[a.id] for a in q.actions] for q in found.quadrants}
    # "letter" (due in two days) sorts before "flagged" (undated, marked urgent).
    assert quadrants == {
        "do now": ["letter", "flagged"], "schedule": ["policy"],
        "delegate or do quickly": ["rota"], "drop or defer": ["replies"],
    }  # fmt: skip
    assert (found.agent_id, found.today, found.urgent_days) == (org.agents["ann"], TODAY, 2)


def test_it_answers_not_found_for_the_matrix_of_an_agent_out_of_reach(
    db: Session, org: Organisation
) -> None:
    with pytest.raises(NotFoundError):
        action_service.matrix(session=db, viewer=viewer(db, org, "lyn"),
                              agent_id=org.agents["ann"], today=TODAY)  # fmt: skip


def test_it_lists_the_agents_open_actions_in_the_viewers_sight(
    db: Session, org: Organisation
) -> None:
    ann = org.agents["ann"]
    later = create(db, org, "ann", title="Later", due_on="2026-12-20")
    sooner = create(db, org, "lee", agent_id=ann, title="Sooner", due_on="2026-12-01")
    done = create(db, org, "ann", title="Done")
    update(db, org, "ann", done.id, done=True)
    found = action_service.open_actions(session=db, viewer=viewer(db, org, "lee"), agent_id=ann)
    assert [a.id for a in found] == [sooner.id, later.id]
    assert (
        action_service.open_actions(session=db, viewer=viewer(db, org, "lyn"), agent_id=ann) == []
    )


@pytest.mark.parametrize("name", DEVELOPMENT_VIEWERS)
def test_it_shows_each_viewer_the_actions_the_policy_grants(
    db: Session, org: Organisation, name: str
) -> None:
    for agent_id in org.agents.values():
        db.add(Action(agent_id=agent_id, title="Something"))
    db.commit()
    agents = {a.id: a.agent_id for a in db.scalars(select(Action))}
    rows, _ = action_service.list_actions(
        session=db, viewer=viewer(db, org, name), where=ActionFilter(), limit=100, offset=0
    )
    assert org.agent_names({agents[row.id] for row in rows}) == EXPECTED[name][Kind.DEVELOPMENT]
