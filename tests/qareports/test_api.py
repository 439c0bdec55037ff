"""The quality report API: the service's figures over HTTP, scoped, refused and audited."""

from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.audit.models import AuditAction
from tests.access.conftest import Organisation
from tests.qareports.support import WEEK_22_JUNE, WEEK_29_JUNE, History
from tests.web.api_support import call
from tests.web.conftest import audited

TREND = "/api/v1/qa/reports/trend"
FAILED = "/api/v1/qa/reports/failed-questions"
COMPLIANCE = "/api/v1/qa/reports/compliance-failures"
WORKLOAD = "/api/v1/qa/reports/workload"


def test_the_trend_per_agent_is_the_services(
    client: TestClient, tokens: dict[str, str], history: History
) -> None:
    response = call(client, tokens["quinn"], TREND, by="agent", **{"from": "2026-06-01"})
    assert response.status_code == 200, response.text
    body = response.json()
    found = {(r["period_start"], r["agent"]): (r["evaluations"], r["mean_score"])
             for r in body["rows"]}  # fmt: skip
    assert found[(WEEK_22_JUNE, "Ann")] == (1, 75.0)
    assert found[(WEEK_29_JUNE, "Ann")] == (2, 50.0)
    assert body["settings"]["from"] == "2026-06-01T00:00:00+01:00"


def test_a_team_leader_s_trend_covers_their_team(
    client: TestClient, tokens: dict[str, str], history: History
) -> None:
    body = call(client, tokens["lyn"], TREND, by="team").json()
    assert [(r["team"], r["evaluations"]) for r in body["rows"]] == [("A2", 1)]


def test_the_most_failed_question_comes_first(
    client: TestClient, tokens: dict[str, str], history: History
) -> None:
    body = call(client, tokens["cal"], FAILED, scorecard_id=history.scorecard_id).json()
    first = body["rows"][0]
    assert (first["question_key"], first["answered"], first["failed"]) == ("dpa", 3, 1)


def test_an_agent_sees_only_their_own_compliance_failures(
    client: TestClient, tokens: dict[str, str], history: History
) -> None:
    body = call(client, tokens["ann"], COMPLIANCE).json()
    assert [i["evaluation_id"] for i in body["items"]] == [history.evaluations["e2"]]
    assert body["items"][0]["failed_questions"] == [
        {"key": "idv", "text": "ID&V before disclosure?"}]  # fmt: skip


def test_the_compliance_officer_pages_through_every_failure(
    client: TestClient, tokens: dict[str, str], history: History
) -> None:
    first = call(client, tokens["cal"], COMPLIANCE, limit=1).json()
    assert ([i["contact_ref"] for i in first["items"]], first["next"]) == (["ref-e4"], 1)
    second = call(client, tokens["cal"], COMPLIANCE, limit=1, offset=1).json()
    assert ([i["contact_ref"] for i in second["items"]], second["next"]) == (["ref-e2"], None)


@pytest.mark.parametrize("path", [TREND, FAILED, COMPLIANCE, WORKLOAD])
def test_a_planner_is_refused_every_quality_report(
    client: TestClient, tokens: dict[str, str], history: History, path: str
) -> None:
    assert call(client, tokens["pat"], path).status_code == 403


@pytest.mark.parametrize("name", ["ann", "lee", "cal"])
def test_workload_is_refused_to_agents_team_leaders_and_compliance(
    client: TestClient, tokens: dict[str, str], history: History, name: str
) -> None:
    assert call(client, tokens[name], WORKLOAD).status_code == 403


def test_workload_for_the_quality_team(
    client: TestClient, tokens: dict[str, str], history: History, frozen_clock: datetime
) -> None:
    body = call(client, tokens["quinn"], WORKLOAD).json()
    quinn = next(r for r in body["rows"] if r["evaluator"] == "Quinn")
    assert (quinn["submitted"], quinn["assignments_overdue"], quinn["turnaround_median_hours"]) == (
        4, 1, pytest.approx(25.0))  # fmt: skip


def test_each_report_is_audited_as_an_export(
    client: TestClient, org: Organisation, tokens: dict[str, str], history: History,
    engine: Engine,
) -> None:  # fmt: skip
    for path in (TREND, FAILED, COMPLIANCE, WORKLOAD):
        assert call(client, tokens["ari"], path).status_code == 200
    entries = audited(engine, AuditAction.EXPORT)
    assert [e.object_type for e in entries] == [
        "qa_trend", "qa_failed_questions", "qa_compliance_failures", "qa_workload"]  # fmt: skip
    assert {e.actor_user_id for e in entries} == {org.users["ari"].id}


@pytest.mark.parametrize("params", [
    {"by": "site"}, {"interval": "15m"}, {"scorecard_id": 0}, {"from": "2026-07-02", "to": "2026-07-01"},
    {"limit": 0},
])  # fmt: skip
def test_bad_parameters_are_422(
    client: TestClient, tokens: dict[str, str], history: History, params: dict[str, object]
) -> None:
    path = COMPLIANCE if "limit" in params else TREND
    assert call(client, tokens["ari"], path, **params).status_code == 422


def test_signed_out_is_401(client: TestClient, org: Organisation) -> None:
    assert call(client, None, TREND).status_code == 401
