"""The coaching API: record, follow up, read, change and review sessions, scoped and audited, on
both databases."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from switchboard.audit.models import AuditAction
from switchboard.coaching.models import CoachingSession
from switchboard.db.engine import unit_of_work
from tests.access.conftest import Organisation
from tests.feedback.support import NO_DEVELOPMENT_REACH, NOW, fields_of, send, statements
from tests.web.conftest import audited

pytestmark = pytest.mark.usefixtures("frozen_clock")
HELD = "2026-11-28T15:00:00+00:00"


def grow(agent_id: int, **changes: Any) -> dict[str, Any]:
    return {
        "agent_id": agent_id, "held_at": HELD, "kpi": "aht",
        "goal": "AHT on billing calls down to 300 s", "reality": "380 s, mostly on hold",
        "options": "The quick-reference; asking on chat", "way_forward": "Quick-reference daily",
    } | changes  # fmt: skip


def sessions_stored(engine: Engine) -> int:
    with unit_of_work(engine) as session:
        return session.scalar(select(func.count()).select_from(CoachingSession)) or 0


def test_it_records_a_session_and_follows_it_up_next_time(
    client: TestClient, engine: Engine, tokens: dict[str, str], org: Organisation
) -> None:
    ann = org.agents["ann"]
    body = grow(ann, interaction_ids=[org.interactions["ann"]],
                actions=[{"title": "Use the quick-reference", "due_on": "2026-12-11"}])  # fmt: skip
    first = send(client, tokens["lee"], "POST", "/api/v1/coaching-sessions", body)
    assert first.status_code == 201, first.text
    action = first.json()["actions"][0]
    assert (action["session_id"], action["owner_user_id"]) == (
        first.json()["id"], org.users["ann"].id,
    )  # fmt: skip
    due = send(client, tokens["lee"], "GET", "/api/v1/coaching-sessions/follow-up", agent_id=ann)
    assert due.status_code == 200, due.text
    assert [a["id"] for a in due.json()["open_actions"]] == [action["id"]]
    second = send(client, tokens["lee"], "POST", "/api/v1/coaching-sessions", grow(
        ann, kind="one_to_one", held_at=NOW.isoformat(), completed_action_ids=[action["id"]],
        follow_up="Done every day; AHT down 20 s",
    ))  # fmt: skip
    assert second.status_code == 201, second.text
    assert [(a["id"], a["done"]) for a in second.json()["followed_up"]] == [(action["id"], True)]
    changes = [(e.details or {})["change"] for e in audited(engine, AuditAction.PEOPLE_CHANGE)]
    assert changes == ["action_created", "coaching_session_recorded", "action_updated",
                       "coaching_session_recorded"]  # fmt: skip


def test_it_lets_the_agent_read_their_sessions_but_not_record_one(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    made = send(client, tokens["lee"], "POST", "/api/v1/coaching-sessions", grow(org.agents["ann"]))
    path = f"/api/v1/coaching-sessions/{made.json()['id']}"
    assert send(client, tokens["ann"], "GET", path).json()["goal"] == grow(0)["goal"]
    listed = send(client, tokens["ann"], "GET", "/api/v1/coaching-sessions")
    assert [s["id"] for s in listed.json()["items"]] == [made.json()["id"]]
    mine = grow(org.agents["ann"])
    assert send(client, tokens["ann"], "POST", "/api/v1/coaching-sessions", mine).status_code == 403
    assert send(client, tokens["ann"], "PATCH", path, {"reality": "x"}).status_code == 403
    assert send(client, tokens["lyn"], "GET", path).status_code == 404
    assert send(client, tokens["lyn"], "PATCH", path, {"reality": "x"}).status_code == 404
    assert send(client, tokens["lee"], "PATCH", path, {"reality": "Better"}).json()["reality"] == (
        "Better"
    )


def test_it_refuses_bad_input_naming_the_field_and_keeps_nothing(
    client: TestClient, engine: Engine, tokens: dict[str, str], org: Organisation
) -> None:
    ann = org.agents["ann"]
    cases = [
        (grow(ann, goal=""), {"goal"}),
        (grow(ann, kpi="service_level"), {"kpi"}),
        (grow(ann, interaction_ids=[org.interactions["abe"]]), {"interaction_ids"}),
        (grow(ann, completed_action_ids=[12345]), {"completed_action_ids"}),
        (grow(ann, held_at="2999-01-01T00:00:00Z"), {"held_at"}),
        (grow(ann, held_at="2026-11-28T15:00:00"), {"held_at"}),
        (grow(ann, actions=[{"title": ""}]), {"title"}),
    ]
    for body, fields in cases:
        answer = send(client, tokens["lee"], "POST", "/api/v1/coaching-sessions", body)
        assert fields_of(answer) == fields, body
    assert sessions_stored(engine) == 0


def test_it_answers_401_signed_out_403_without_reach_and_404_out_of_reach(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    ann = org.agents["ann"]
    calls = [("GET", "/api/v1/coaching-sessions", None, {}),
             ("POST", "/api/v1/coaching-sessions", grow(ann), {}),
             ("GET", "/api/v1/coaching-sessions/follow-up", None, {"agent_id": ann}),
             ("GET", "/api/v1/coaching-sessions/1", None, {}),
             ("PATCH", "/api/v1/coaching-sessions/1", {"goal": "x"}, {}),
             ("GET", "/api/v1/coaching-sessions/1/effectiveness", None, {})]  # fmt: skip
    for method, path, body, params in calls:
        assert send(client, None, method, path, body, **params).status_code == 401
        for name in NO_DEVELOPMENT_REACH:
            answer = send(client, tokens[name], method, path, body, **params)
            assert answer.status_code == 403, (name, path)
    for name, agent in (("lyn", "ann"), ("meg", "bob")):
        body = grow(org.agents[agent])
        assert (
            send(client, tokens[name], "POST", "/api/v1/coaching-sessions", body).status_code == 404
        )
    answer = send(client, tokens["lyn"], "GET", "/api/v1/coaching-sessions/follow-up", agent_id=ann)
    assert answer.status_code == 404


def test_it_answers_effectiveness_and_audits_it_as_an_export(
    client: TestClient, engine: Engine, tokens: dict[str, str], org: Organisation
) -> None:
    made = send(client, tokens["lee"], "POST", "/api/v1/coaching-sessions", grow(org.agents["ann"]))
    path = f"/api/v1/coaching-sessions/{made.json()['id']}/effectiveness"
    answer = send(client, tokens["ann"], "GET", path, days=7)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert (found["kpi"], found["days"], found["verdict"], found["complete"]) == (
        "aht", 7, "no_data", False,
    )  # fmt: skip
    assert (found["before"]["from"], found["before"]["to"]) == ("2026-11-21", "2026-11-27")
    assert fields_of(send(client, tokens["ann"], "GET", path, days=0)) == {"days"}
    assert send(client, tokens["lyn"], "GET", path).status_code == 404
    exports = [e for e in audited(engine, AuditAction.EXPORT)
               if e.object_type == "coaching_effectiveness"]  # fmt: skip
    assert [(e.object_id, e.actor_user_id) for e in exports] == [
        (str(made.json()["id"]), org.users["ann"].id)
    ]


def test_it_reviews_a_session_at_the_earliest_time_it_accepts(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    """The year before 1970 is read too: the window must not trip over the epoch."""
    body = grow(org.agents["ann"], held_at="1970-01-01T00:00:00+14:00")
    made = send(client, tokens["lee"], "POST", "/api/v1/coaching-sessions", body)
    assert made.status_code == 201, made.text
    path = f"/api/v1/coaching-sessions/{made.json()['id']}/effectiveness"
    answer = send(client, tokens["lee"], "GET", path, days=365)
    assert answer.status_code == 200, answer.text
    assert answer.json()["before"]["from"] == "1968-12-31"


def test_it_runs_as_many_statements_for_twenty_sessions_as_for_one(
    app: FastAPI, client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    def record() -> None:
        body = grow(org.agents["ann"], interaction_ids=[org.interactions["ann"]],
                    actions=[{"title": "One"}, {"title": "Two"}])  # fmt: skip
        assert send(client, tokens["lee"], "POST", "/api/v1/coaching-sessions", body).is_success

    record()
    one = statements(app, client, tokens["lee"], "/api/v1/coaching-sessions")
    for _ in range(19):
        record()
    assert statements(app, client, tokens["lee"], "/api/v1/coaching-sessions") == one
