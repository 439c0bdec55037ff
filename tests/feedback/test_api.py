"""The feedback API: give, check, read and acknowledge, scoped and audited, on both databases."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from switchboard.access.policy import Kind
from switchboard.audit.models import AuditAction
from switchboard.db.engine import unit_of_work
from switchboard.feedback.models import Feedback
from tests.access.conftest import Organisation
from tests.access.test_matrix import EXPECTED
from tests.feedback.support import NO_DEVELOPMENT_REACH, fields_of, send, statements
from tests.web.conftest import audited

pytestmark = pytest.mark.usefixtures("frozen_clock")


def sbi(agent_id: int, **changes: Any) -> dict[str, Any]:
    return {
        "agent_id": agent_id, "model": "sbi", "tone": "positive",
        "situation": "The complaint call at 10:05", "impact": "The customer stayed with us",
        "behaviour": "You apologised once, then explained the refund step by step",
        "event": "Listening in",
    } | changes  # fmt: skip


def stored_count(engine: Engine) -> int:
    with unit_of_work(engine) as session:
        return session.scalar(select(func.count()).select_from(Feedback)) or 0


def test_it_records_feedback_and_answers_201_with_its_findings(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    body = sbi(org.agents["ann"], tone="developmental",
               behaviour="You are careless with the refund form", event="")  # fmt: skip
    answer = send(client, tokens["lee"], "POST", "/api/v1/feedback", body)
    assert answer.status_code == 201, answer.text
    found = answer.json()
    assert (found["source"], found["agent_id"], found["private"]) == (
        "team_leader", org.agents["ann"], False,
    )  # fmt: skip
    assert [f["code"] for f in found["findings"]] == ["not_observed", "unbalanced", "personal"]
    assert found["findings"][2]["words"] == ["you are", "careless"]


def test_it_refuses_a_record_missing_a_part_naming_the_fields(
    client: TestClient, engine: Engine, tokens: dict[str, str], org: Organisation
) -> None:
    body = sbi(org.agents["ann"], situation="", tone="developmental")
    answer = send(client, tokens["lee"], "POST", "/api/v1/feedback", body)
    assert fields_of(answer) == {"situation", "went_well"}  # the error, and the warning beside it
    detail = {error["loc"][-1]: error for error in answer.json()["detail"]}
    assert detail["situation"]["type"] == "missing_part"
    assert detail["went_well"]["msg"].startswith("warning: ")
    assert stored_count(engine) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [({"behaviour": "nul\x00byte"}, "behaviour"), ({"agent_id": 0}, "agent_id"),
     ({"model": "star"}, "model"), ({"observed_at": "2026-11-27T09:00:00"}, "observed_at"),
     ({"interaction_ids": list(range(1, 22))}, "interaction_ids"), ({"colour": "red"}, "colour"),
     ({"observed_at": "0001-01-01T00:00:00+01:00"}, "observed_at")],
)  # fmt: skip
def test_it_refuses_bad_input_naming_the_field(
    client: TestClient, tokens: dict[str, str], org: Organisation, change: dict[str, Any],
    field: str,
) -> None:  # fmt: skip
    answer = send(
        client, tokens["lee"], "POST", "/api/v1/feedback", sbi(org.agents["ann"]) | change
    )
    assert field in fields_of(answer)


def test_it_answers_a_check_with_its_findings_and_keeps_nothing(
    client: TestClient, engine: Engine, tokens: dict[str, str], org: Organisation
) -> None:
    body = sbi(org.agents["abe"], impact="", interaction_ids=[org.interactions["ann"]])
    answer = send(client, tokens["ann"], "POST", "/api/v1/feedback/check", body)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["source"] == "peer"
    assert found["observed_at"] is not None
    assert [(f["code"], f["severity"]) for f in found["findings"]] == [("missing_part", "error")]
    assert stored_count(engine) == 0


def test_it_answers_401_signed_out_and_403_to_a_role_with_no_development_reach(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    body = sbi(org.agents["ann"])
    for method, path in [("GET", "/api/v1/feedback"), ("POST", "/api/v1/feedback"),
                         ("POST", "/api/v1/feedback/check"), ("GET", "/api/v1/feedback/1")]:  # fmt: skip
        assert send(client, None, method, path, body).status_code == 401
        for name in NO_DEVELOPMENT_REACH:
            assert send(client, tokens[name], method, path, body).status_code == 403, (name, path)


def test_it_answers_404_alike_for_an_agent_out_of_reach_or_missing(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    for agent_id in (org.agents["amy"], max(org.agents.values()) + 1):
        answer = send(client, tokens["lee"], "POST", "/api/v1/feedback", sbi(agent_id))
        assert answer.status_code == 404


def test_it_scopes_reads_keeps_private_ones_to_agent_and_team_leader_and_audits_them(
    client: TestClient, engine: Engine, tokens: dict[str, str], org: Organisation
) -> None:
    """lee gives ann a private record and abe a public one; who sees which, through the API."""
    ids = {}
    for agent, private in (("ann", True), ("abe", False)):
        body = sbi(org.agents[agent], private=private)
        ids[agent] = send(client, tokens["lee"], "POST", "/api/v1/feedback", body).json()["id"]
    for name in ("ann", "zed", "lee", "lyn", "ted", "meg", "max", "noel", "ari"):
        answer = send(client, tokens[name], "GET", "/api/v1/feedback")
        seen = {item["id"] for item in answer.json()["items"]}
        expected = {ids["abe"]} if "abe" in EXPECTED[name][Kind.DEVELOPMENT] else set()
        if "ann" in EXPECTED[name][Kind.PRIVATE_DEVELOPMENT]:
            expected.add(ids["ann"])
        assert seen == expected, name
        single = send(client, tokens[name], "GET", f"/api/v1/feedback/{ids['ann']}")
        assert single.status_code == (200 if ids["ann"] in expected else 404), name
    exports = [e for e in audited(engine, AuditAction.EXPORT) if e.object_type == "feedback"]
    assert len(exports) == 9 + 2  # a list for each viewer, and the two single reads that answered


def test_it_lets_only_the_agent_acknowledge_through_the_api(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    given = send(client, tokens["lee"], "POST", "/api/v1/feedback", sbi(org.agents["ann"]))
    path = f"/api/v1/feedback/{given.json()['id']}/acknowledge"
    assert send(client, tokens["lee"], "POST", path, {"response": "ok"}).status_code == 403
    assert send(client, tokens["amy"], "POST", path, {"response": "ok"}).status_code == 404
    answer = send(client, tokens["ann"], "POST", path, {"response": "Thank you"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["response"] == "Thank you"
    assert answer.json()["acknowledged_at"] is not None
    assert (
        send(client, tokens["ann"], "POST", "/api/v1/feedback/999/acknowledge", {}).status_code
        == 404
    )


def test_it_filters_the_list_by_agent_source_and_acknowledgement(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    ann, abe = org.agents["ann"], org.agents["abe"]
    mine = send(client, tokens["ann"], "POST", "/api/v1/feedback", sbi(ann)).json()["id"]
    theirs = send(client, tokens["lee"], "POST", "/api/v1/feedback", sbi(ann)).json()["id"]
    send(client, tokens["lee"], "POST", "/api/v1/feedback", sbi(abe))
    send(client, tokens["ann"], "POST", f"/api/v1/feedback/{theirs}/acknowledge", {})

    def listed(**params: Any) -> list[int]:
        answer = send(client, tokens["lee"], "GET", "/api/v1/feedback", **params)
        return [item["id"] for item in answer.json()["items"]]

    assert set(listed(agent_id=ann)) == {mine, theirs}
    assert listed(agent_id=ann, source="self") == [mine]
    assert listed(agent_id=ann, unacknowledged=True) == [mine]
    assert listed(agent_id=ann, limit=1) == [theirs]  # newest first


def test_it_runs_as_many_statements_for_twenty_records_as_for_one(
    app: FastAPI, client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    def give() -> None:
        body = sbi(org.agents["ann"], interaction_ids=[org.interactions["ann"]])
        assert send(client, tokens["lee"], "POST", "/api/v1/feedback", body).is_success

    give()
    one = statements(app, client, tokens["lee"], "/api/v1/feedback")
    for _ in range(19):
        give()
    assert statements(app, client, tokens["lee"], "/api/v1/feedback") == one
