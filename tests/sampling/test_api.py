"""The sampling API: rules kept by quality editors, a run for a week, assignments scoped."""

from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from switchboard.domain.quality.lifecycle import Reason
from tests.access.conftest import AGENTS, Organisation
from tests.sampling.support import analyst, rule, targets


def send(
    client: TestClient, token: str, method: str, path: str, body: Any = None, **params: Any
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    return client.request(method, f"/api/v1{path}", headers=headers, json=body, params=params)


def a_rule(scorecard_id: int, **changes: Any) -> dict[str, Any]:
    return {"name": "Complaints", "reason": "complaint", "per_agent": 2,
            "scorecard_id": scorecard_id} | changes  # fmt: skip


def test_quality_editors_keep_the_rules_and_compliance_reads_them(
    client: TestClient, tokens: dict[str, str], scorecard_id: int
) -> None:
    made = send(client, tokens["quinn"], "POST", "/sampling-rules", a_rule(scorecard_id))
    assert made.status_code == 201, made.text
    rule_id = made.json()["id"]
    assert made.json()["active"] is True
    changed = send(client, tokens["ari"], "PUT", f"/sampling-rules/{rule_id}",
                   a_rule(scorecard_id, per_agent=3, threshold=None))  # fmt: skip
    assert changed.json()["per_agent"] == 3
    read = send(client, tokens["cal"], "GET", "/sampling-rules")
    assert [r["id"] for r in read.json()] == [rule_id]
    assert send(client, tokens["cal"], "GET", f"/sampling-rules/{rule_id}").status_code == 200
    gone = send(client, tokens["quinn"], "DELETE", f"/sampling-rules/{rule_id}")
    assert gone.json()["active"] is False


def test_other_roles_may_neither_read_nor_change_the_rules(
    client: TestClient, tokens: dict[str, str], scorecard_id: int
) -> None:
    for name in ("ann", "lee", "pat", "meg"):
        assert send(client, tokens[name], "GET", "/sampling-rules").status_code == 403
        posted = send(client, tokens[name], "POST", "/sampling-rules", a_rule(scorecard_id))
        assert posted.status_code == 403
    posted = send(client, tokens["cal"], "POST", "/sampling-rules", a_rule(scorecard_id))
    assert posted.status_code == 403


def test_it_refuses_a_rule_with_a_missing_scorecard_or_queue_and_a_taken_name(
    client: TestClient, tokens: dict[str, str], scorecard_id: int
) -> None:
    bad = send(client, tokens["quinn"], "POST", "/sampling-rules",
               a_rule(scorecard_id + 100, queue_id=999))  # fmt: skip
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["detail"]} == {"scorecard_id", "queue_id"}
    assert send(client, tokens["quinn"], "POST", "/sampling-rules",
                a_rule(scorecard_id)).status_code == 201  # fmt: skip
    again = send(client, tokens["quinn"], "POST", "/sampling-rules", a_rule(scorecard_id))
    assert again.status_code == 409
    too_many = send(client, tokens["quinn"], "POST", "/sampling-rules",
                    a_rule(scorecard_id, name="x", per_agent=51))  # fmt: skip
    assert [e["loc"][-1] for e in too_many.json()["detail"]] == ["per_agent"]


def test_a_run_refuses_a_week_that_does_not_start_on_a_monday(
    client: TestClient, tokens: dict[str, str]
) -> None:
    answer = send(client, tokens["quinn"], "POST", "/sampling-runs", {"week_start": "2026-11-24"})
    assert answer.status_code == 422
    (error,) = answer.json()["detail"]
    assert error["loc"] == ["body", "week_start"]
    assert "Tuesday" in error["msg"]


def test_a_run_answers_its_summary_and_a_second_run_adds_nothing(
    client: TestClient, db: Session, org: Organisation, tokens: dict[str, str], scorecard_id: int
) -> None:
    targets(db, org)
    rule(db, scorecard_id, Reason.COMPLAINT)
    rule(db, scorecard_id, Reason.RANDOM)
    first = send(client, tokens["quinn"], "POST", "/sampling-runs", {"week_start": "2026-11-23"})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["by_reason"]["complaint"] == 1
    assert body["picked"] == len(AGENTS) + 1  # ann: her complaint, plus one at random
    assert body["by_evaluator"] == [
        {"user_id": org.users["quinn"].id, "assigned": body["picked"], "open": body["picked"]}
    ]
    second = send(client, tokens["ari"], "POST", "/sampling-runs",
                  {"week_start": "2026-11-23", "seed": 20261123})  # fmt: skip
    assert second.json()["picked"] == 0
    assert send(client, tokens["lee"], "POST", "/sampling-runs",
                {"week_start": "2026-11-23"}).status_code == 403  # fmt: skip


def test_assignments_are_the_evaluators_own_by_default_and_scoped_for_everyone_else(
    client: TestClient, db: Session, org: Organisation, tokens: dict[str, str], scorecard_id: int
) -> None:
    qia = analyst(db, "qia")
    rule(db, scorecard_id, Reason.RANDOM)
    send(client, tokens["quinn"], "POST", "/sampling-runs", {"week_start": "2026-11-23"})
    mine = send(client, tokens["quinn"], "GET", "/assignments").json()["items"]
    assert {a["evaluator_user_id"] for a in mine} == {org.users["quinn"].id}
    everyone = send(client, tokens["quinn"], "GET", "/assignments", everyone=True).json()["items"]
    assert len(everyone) == len(AGENTS)
    theirs = send(client, tokens["quinn"], "GET", "/assignments", evaluator_user_id=qia.id)
    assert {a["evaluator_user_id"] for a in theirs.json()["items"]} == {qia.id}
    ann = send(client, tokens["ann"], "GET", "/assignments").json()["items"]
    assert [a["agent_id"] for a in ann] == [org.agents["ann"]]
    lee = send(client, tokens["lee"], "GET", "/assignments").json()["items"]
    assert org.agent_names({a["agent_id"] for a in lee}) == {"ann", "lee", "abe"}
    assert send(client, tokens["pat"], "GET", "/assignments").status_code == 403


def test_a_quality_editor_cancels_an_open_assignment_once(
    client: TestClient, db: Session, tokens: dict[str, str], scorecard_id: int, org: Organisation
) -> None:
    rule(db, scorecard_id, Reason.RANDOM)
    send(client, tokens["quinn"], "POST", "/sampling-runs", {"week_start": "2026-11-23"})
    items = send(client, tokens["quinn"], "GET", "/assignments").json()["items"]
    ann = next(a for a in items if a["agent_id"] == org.agents["ann"])
    path = f"/assignments/{ann['id']}/cancel"
    assert send(client, tokens["ann"], "POST", path).status_code == 403
    assert send(client, tokens["lyn"], "POST", path).status_code == 404  # ann is not in reach
    cancelled = send(client, tokens["quinn"], "POST", path)
    assert cancelled.json()["status"] == "cancelled"
    assert send(client, tokens["quinn"], "POST", path).status_code == 409
    open_only = send(client, tokens["quinn"], "GET", "/assignments", status="open").json()
    assert ann["id"] not in {a["id"] for a in open_only["items"]}
