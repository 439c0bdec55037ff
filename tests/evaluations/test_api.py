"""The evaluations API: the whole round trip over HTTP, its refusals and their statuses, the
reads scoped by role, and the audit rows, on both databases."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.audit.models import AuditAction
from tests.access.conftest import Organisation
from tests.evaluations.support import ALL_GOOD, MIXED, MIXED_SCORE, UPHELD_SCORE, answers_in
from tests.feedback.support import send
from tests.web.conftest import audited

EVALUATIONS = "/api/v1/evaluations"


def open_draft(
    client: TestClient, tokens: dict[str, str], org: Organisation, version: int,
    agent: str = "ann", by: str = "quinn", **fields: Any,
) -> Any:  # fmt: skip
    body = {"version_id": version, "interaction_id": org.interactions[agent]} | fields
    return send(client, tokens[by], "POST", EVALUATIONS, body)


def submitted_id(
    client: TestClient, tokens: dict[str, str], org: Organisation, version: int,
    values: dict[str, Any], agent: str = "ann", by: str = "quinn",
) -> int:  # fmt: skip
    draft = open_draft(client, tokens, org, version, agent, by, answers=answers_in(values))
    assert draft.status_code == 201, draft.text
    evaluation_id: int = draft.json()["id"]
    answer = send(client, tokens[by], "POST", f"{EVALUATIONS}/{evaluation_id}/submit")
    assert answer.status_code == 200, answer.text
    return evaluation_id


def refused_fields(answer: Any) -> set[str]:
    assert answer.status_code == 422, answer.text
    return {".".join(str(part) for part in e["loc"][1:]) for e in answer.json()["detail"]}


def test_a_dispute_round_trip_over_http(
    client: TestClient, tokens: dict[str, str], org: Organisation, version: int
) -> None:
    draft = open_draft(client, tokens, org, version, answers=answers_in({"greet": None}))
    assert draft.status_code == 201, draft.text
    path = f"{EVALUATIONS}/{draft.json()['id']}"
    body = {"answers": answers_in(MIXED, accuracy="Rate quoted wrongly"), "summary": "Ok"}
    saved = send(client, tokens["quinn"], "PUT", f"{path}/answers", body)
    assert saved.status_code == 200, saved.text
    assert send(client, tokens["quinn"], "POST", f"{path}/submit").json()["score"] == MIXED_SCORE
    raised = send(client, tokens["ann"], "POST", f"{path}/dispute",
                  {"reason": "The rate was right", "question_keys": ["accuracy"]})  # fmt: skip
    assert raised.json()["status"] == "disputed", raised.text
    done = send(client, tokens["meg"], "POST", f"{path}/resolve", {
        "outcome": "upheld", "reason": "Checked the rate card",
        "answers": {"accuracy": {"value": 5}},
    })  # fmt: skip
    assert (done.json()["status"], done.json()["score"]) == ("resolved", UPHELD_SCORE), done.text
    accuracy = next(a for a in done.json()["answers"] if a["question_key"] == "accuracy")
    assert accuracy["comment"] == "Rate quoted wrongly"  # the evaluator's note is kept
    history = send(client, tokens["ann"], "GET", f"{path}/history").json()["changes"]
    assert [(c["event"], c["from_score"], c["to_score"]) for c in history] == [
        ("submitted", None, MIXED_SCORE), ("dispute_resolved", MIXED_SCORE, UPHELD_SCORE),
    ]  # fmt: skip


def test_it_answers_each_refusal_with_its_status(
    client: TestClient, tokens: dict[str, str], org: Organisation, version: int
) -> None:
    assert open_draft(client, tokens, org, version, by="lee").status_code == 403
    assert refused_fields(open_draft(client, tokens, org, version, agent="-")) == {"interaction_id"}
    assert refused_fields(
        open_draft(client, tokens, org, version, answers=answers_in({"greet": "maybe"}))
    ) == {"answers.greet"}
    evaluation_id = submitted_id(client, tokens, org, version, ALL_GOOD)
    path = f"{EVALUATIONS}/{evaluation_id}"
    assert open_draft(client, tokens, org, version).status_code == 409
    assert send(client, tokens["quinn"], "POST", f"{path}/submit").status_code == 409
    assert send(client, tokens["lee"], "POST", f"{path}/acknowledge", {}).status_code == 403
    assert send(client, tokens["amy"], "POST", f"{path}/acknowledge", {}).status_code == 404
    assert (
        send(client, tokens["ann"], "POST", f"{path}/dispute", {"reason": " "}).status_code == 422
    )
    assert send(client, tokens["ann"], "POST", f"{path}/acknowledge", {}).status_code == 200
    assert send(client, tokens["ann"], "POST", f"{path}/acknowledge", {}).status_code == 409


def test_an_incomplete_submit_names_each_unanswered_question(
    client: TestClient, tokens: dict[str, str], org: Organisation, version: int
) -> None:
    draft = open_draft(client, tokens, org, version, answers=answers_in({"greet": "yes"}))
    answer = send(client, tokens["quinn"], "POST", f"{EVALUATIONS}/{draft.json()['id']}/submit")
    assert refused_fields(answer) == {
        "answers.idv", "answers.accuracy", "answers.tone", "answers.extra", "answers.disclose",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("who", "status", "seen"),
    [("ann", 200, {"ann"}), ("amy", 200, {"amy"}), ("lee", 200, {"ann"}), ("lyn", 200, {"amy"}),
     ("meg", 200, {"ann", "amy"}), ("quinn", 200, {"ann", "amy", "bob"}), ("pat", 403, None)],
)  # fmt: skip
def test_reads_are_scoped_by_role(
    client: TestClient, tokens: dict[str, str], org: Organisation, version: int, who: str,
    status: int, seen: set[str] | None,
) -> None:  # fmt: skip
    ids = {name: submitted_id(client, tokens, org, version, ALL_GOOD, agent=name)
           for name in ("ann", "amy", "bob")}  # fmt: skip
    answer = send(client, tokens[who], "GET", EVALUATIONS)
    assert answer.status_code == status, answer.text
    if seen is not None:
        assert {e["id"] for e in answer.json()["items"]} == {ids[name] for name in seen}
    one = send(client, tokens[who], "GET", f"{EVALUATIONS}/{ids['ann']}")
    assert one.status_code == (403 if status == 403 else 200 if seen and "ann" in seen else 404)


def test_the_detail_carries_the_questions_the_contact_and_its_history(
    client: TestClient, tokens: dict[str, str], org: Organisation, version: int
) -> None:
    evaluation_id = submitted_id(client, tokens, org, version, ALL_GOOD | {"idv": "no"})
    found = send(client, tokens["lee"], "GET", f"{EVALUATIONS}/{evaluation_id}").json()
    assert (found["score"], found["auto_failed"], found["passed"]) == (0.0, True, False)
    assert (found["scorecard_name"], found["version"]) == ("Voice", 1)
    assert [a["question_key"] for a in found["answers"]] == [
        "greet", "idv", "accuracy", "tone", "extra", "disclose",
    ]  # fmt: skip
    assert found["answers"][3]["options"] == ["warm", "neutral", "cold"]
    assert (found["contact"]["id"], found["contact"]["outcome"]) == (
        org.interactions["ann"], "answered",
    )  # fmt: skip
    assert [c["event"] for c in found["history"]] == ["submitted"]


def test_the_evaluation_context_is_scoped_by_interactions(
    client: TestClient, tokens: dict[str, str], org: Organisation
) -> None:
    path = f"/api/v1/interactions/{org.interactions['bob']}/evaluation-context"
    assert send(client, tokens["quinn"], "GET", path).json()["agent_id"] == org.agents["bob"]
    assert send(client, tokens["meg"], "GET", path).status_code == 404
    assert send(client, tokens["pat"], "GET", path).status_code == 403


def test_each_change_and_each_read_is_audited(
    client: TestClient, engine: Engine, tokens: dict[str, str], org: Organisation, version: int
) -> None:
    evaluation_id = submitted_id(client, tokens, org, version, MIXED)
    path = f"{EVALUATIONS}/{evaluation_id}"
    send(client, tokens["ann"], "POST", f"{path}/dispute", {"reason": "Unfair"})
    send(client, tokens["ari"], "POST", f"{path}/resolve",
         {"outcome": "rejected", "reason": "The score stands"})  # fmt: skip
    send(client, tokens["ann"], "GET", path)
    changes = [e for e in audited(engine, AuditAction.PEOPLE_CHANGE)
               if e.object_type == "evaluation"]  # fmt: skip
    assert [e.details and e.details["change"] for e in changes] == [
        "evaluation_created", "evaluation_submitted", "evaluation_disputed",
        "evaluation_dispute_resolved",
    ]  # fmt: skip
    assert {e.object_id for e in changes} == {str(evaluation_id)}
    assert changes[-1].details is not None
    assert changes[-1].details["outcome"] == "rejected"
    exports = [e for e in audited(engine, AuditAction.EXPORT) if e.object_type == "evaluation"]
    assert [(e.actor_user_id, e.object_id) for e in exports] == [
        (org.users["ann"].id, str(evaluation_id))
    ]
