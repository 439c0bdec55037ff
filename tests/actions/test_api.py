"""The actions API: the list, its changes and the matrix, scoped and audited, on both databases."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.audit.models import AuditAction
from tests.access.conftest import Organisation
from tests.feedback.support import NO_DEVELOPMENT_REACH, fields_of, send, statements
from tests.web.conftest import audited


def test_it_keeps_an_agents_own_list_through_the_api(
    client: TestClient, engine: Engine, tokens: dict[str, str], org: Organisation
) -> None:
    made = send(client, tokens["ann"], "POST", "/api/v1/actions",
                {"title": "Read the refunds policy", "important": True})  # fmt: skip
    assert made.status_code == 201, made.text
    action = made.json()
    assert (action["agent_id"], action["done"]) == (org.agents["ann"], False)
    path = f"/api/v1/actions/{action['id']}"
    changed = send(client, tokens["ann"], "PATCH", path, {"done": True, "due_on": "2026-12-01"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["done"], changed.json()["due_on"]) == (True, "2026-12-01")
    assert send(client, tokens["ann"], "GET", path).json()["done"] is True
    listed = send(client, tokens["ann"], "GET", "/api/v1/actions", open="false")
    assert [item["id"] for item in listed.json()["items"]] == [action["id"]]
    assert send(client, tokens["ann"], "GET", "/api/v1/actions", open="true").json()["items"] == []
    changes = [(e.details or {})["change"] for e in audited(engine, AuditAction.PEOPLE_CHANGE)]
    assert changes == ["action_created", "action_updated"]
    exports = {e.object_type for e in audited(engine, AuditAction.EXPORT)}
    assert exports == {"actions"}


def test_it_builds_the_matrix_on_today_in_the_centres_timezone(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    today = datetime.now(ZoneInfo("Europe/London")).date()
    for title, due in (
        ("Overdue", today - timedelta(days=1)),
        ("Later", today + timedelta(days=30)),
    ):
        body = {"title": title, "important": True, "due_on": due.isoformat()}
        assert send(client, tokens["ann"], "POST", "/api/v1/actions", body).status_code == 201
    answer = send(
        client, tokens["lee"], "GET", "/api/v1/actions/matrix", agent_id=org.agents["ann"]
    )
    assert answer.status_code == 200, answer.text
    quadrants = {
        q["quadrant"]: [a["title"] for a in q["actions"]] for q in answer.json()["quadrants"]
    }
    assert quadrants == {"do now": ["Overdue"], "schedule": ["Later"],
                         "delegate or do quickly": [], "drop or defer": []}  # fmt: skip


def test_it_answers_401_403_404_and_422_as_documented(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    ann = org.agents["ann"]
    for method, path in [("GET", "/api/v1/actions"), ("POST", "/api/v1/actions"),
                         ("GET", "/api/v1/actions/matrix"), ("PATCH", "/api/v1/actions/1")]:  # fmt: skip
        body = {"done": True} if method == "PATCH" else {"agent_id": ann, "title": "Anything"}
        assert send(client, None, method, path, body).status_code == 401
        for name in NO_DEVELOPMENT_REACH:
            assert send(client, tokens[name], method, path, body).status_code == 403, (name, path)
    made = send(client, tokens["ann"], "POST", "/api/v1/actions", {"title": "Mine"}).json()
    for method in ("GET", "PATCH"):
        answer = send(client, tokens["lyn"], method, f"/api/v1/actions/{made['id']}", {})
        assert answer.status_code == 404
    body = {"agent_id": ann, "title": "Anything"}
    assert send(client, tokens["lyn"], "POST", "/api/v1/actions", body).status_code == 404
    assert fields_of(send(client, tokens["ari"], "GET", "/api/v1/actions/matrix")) == {"agent_id"}
    assert fields_of(send(client, tokens["ann"], "POST", "/api/v1/actions", {"title": " "})) == {
        "title"
    }
    refused = send(client, tokens["ann"], "PATCH", f"/api/v1/actions/{made['id']}", {"done": None})
    assert refused.status_code == 422
    bad_day = {"title": "x", "due_on": "0001-01-01"}
    assert fields_of(send(client, tokens["ann"], "POST", "/api/v1/actions", bad_day)) == {"due_on"}


def test_it_runs_as_many_statements_for_twenty_actions_as_for_one(
    app: FastAPI, client: TestClient, tokens: dict[str, str]
) -> None:
    def add() -> None:
        assert send(client, tokens["ann"], "POST", "/api/v1/actions", {"title": "x"}).is_success

    add()
    one = statements(app, client, tokens["ann"], "/api/v1/actions")
    for _ in range(19):
        add()
    assert statements(app, client, tokens["ann"], "/api/v1/actions") == one
