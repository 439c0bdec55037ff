"""Self-audits over the API, on both databases: the same JSON as `switchboard people self-audit
--format json` with the agent's saved reflection, scoped like every development record.

The figures are the reference centre's (tests/kpis/reference_centre.py, worked by hand in
test_service.py); who sees what is checked on the access tests' organisation.
"""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from switchboard.access.policy import Kind
from switchboard.audit.models import AuditAction
from switchboard.auth import service as auth_service
from switchboard.cli import app as cli_app
from switchboard.db.engine import unit_of_work
from switchboard.kpis.targets import set_target
from switchboard.people.models import Agent, Role, User
from switchboard.selfaudits.models import SelfAuditRecord
from tests.access.conftest import Organisation
from tests.improvements.api_calls import (
    NO_DEVELOPMENT,
    VIEWERS,
    entries,
    error_locations,
    sees,
    send,
)
from tests.kpis import reference_centre as rc
from tests.web.api_support import db, org, tokens
from tests.web.conftest import app, client

__all__ = ["app", "client", "db", "org", "tokens"]  # pytest fixtures this module uses
HISTORY = "2026-06-09..2026-06-17"
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def centre(engine: Engine, tmp_path: Path) -> dict[str, Any]:
    """The reference centre, with Ann and Ben signing in as agents and Tina leading them; an
    AHT target Ann meets and an FCR target she misses."""
    rc.load(engine, rc.write_files(tmp_path / "centre"))
    with unit_of_work(engine) as session:
        agents = {a.display_name: a for a in session.scalars(select(Agent))}
        users = {"tina": session.scalar(select(User).where(User.username == "tina"))}
        for name in ("Ann", "Ben"):
            users[name.lower()] = User(username=name.lower(), display_name=name, role=Role.AGENT)
            session.add(users[name.lower()])
            session.flush()
            agents[name].user_id = users[name.lower()].id
        set_target(session=session, kpi="aht", green=200, amber=240, team="Blue")
        set_target(session=session, kpi="fcr", green=0.85, amber=0.82)
        session.flush()
        return {
            "ann": agents["Ann"].id,
            "tokens": {name: auth_service.create_api_token(session=session, user=user,
                                                           name="tests").token
                       for name, user in users.items() if user is not None},
        }  # fmt: skip


def _path(centre: dict[str, Any]) -> str:
    return f"/api/v1/agents/{centre['ann']}/self-audit"


def test_it_answers_what_the_command_line_prints_with_no_reflection_yet(
    engine: Engine, database_url: str, client: TestClient, centre: dict[str, Any]
) -> None:
    response = send(client, centre["tokens"]["ann"], "GET", _path(centre),
                    params={"period": HISTORY})  # fmt: skip
    assert response.status_code == 200, response.text
    answer = response.json()
    printed = CliRunner().invoke(cli_app, ["--database-url", database_url, "people", "self-audit",
                                           "Ann", "--period", HISTORY, "--format", "json"])  # fmt: skip
    assert printed.exit_code == 0, printed.output
    assert answer == json.loads(printed.stdout) | {"reflection": None}
    aht = next(k for k in answer["kpis"] if k["kpi"] == "aht")
    assert (aht["value"], aht["team_percentile"], aht["team_size"]) == (196.0, 50.0, 3)
    assert (answer["strengths"], answer["development_areas"]) == (["aht"], ["fcr"])
    assert not {"Ben", "Cat"} & set(json.dumps(answer).replace('"', " ").split())
    (export,) = entries(engine, AuditAction.EXPORT, "self_audit")
    assert export.object_id == str(centre["ann"])


def test_the_agent_saves_a_reflection_with_what_the_audit_found(
    engine: Engine, client: TestClient, centre: dict[str, Any]
) -> None:
    ann, tina = centre["tokens"]["ann"], centre["tokens"]["tina"]
    words = {"reflection": "My handle time is fine; I want to get more first-time fixes."}
    params = {"period": HISTORY}
    saved = send(client, ann, "PUT", _path(centre), params=params, json=words)
    assert saved.status_code == 200, saved.text
    record = saved.json()
    assert (record["period_from"], record["period_to"]) == ("2026-06-09", "2026-06-17")
    assert (record["strengths"], record["development_areas"]) == (["aht"], ["fcr"])
    again = send(client, ann, "PUT", _path(centre), params=params,
                 json={"reflection": "Second thoughts."})  # fmt: skip
    assert again.json()["id"] == record["id"]  # one reflection per agent and period
    shown = send(client, tina, "GET", _path(centre), params=params).json()
    assert shown["reflection"]["reflection"] == "Second thoughts."
    assert send(client, tina, "PUT", _path(centre), params=params, json=words).status_code == 403
    ben = send(client, centre["tokens"]["ben"], "PUT", _path(centre), params=params, json=words)
    assert ben.status_code == 404
    changes = [e.details for e in entries(engine, AuditAction.PEOPLE_CHANGE, "self_audit")]
    assert changes == [{"change": "self_audit_saved", "agent_id": centre["ann"]},
                       {"change": "self_audit_updated", "agent_id": centre["ann"]}]  # fmt: skip
    listed = send(client, tina, "GET", "/api/v1/self-audits").json()["items"]
    assert [item["id"] for item in listed] == [record["id"]]
    assert send(client, centre["tokens"]["ben"], "GET", "/api/v1/self-audits").json() == {
        "items": [], "next": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("period", "body", "where"),
    [("2026-13", {"reflection": "x"}, ["query", "period"]),
     ("1900-01", {"reflection": "x"}, ["query", "period"]),
     ("2025-01-01..2026-06-30", {"reflection": "x"}, ["query", "period"]),  # over a year
     (HISTORY, {"reflection": "x" * 20_001}, ["body", "reflection"]),
     (HISTORY, {"reflection": "nul \x00"}, ["body", "reflection"]),
     (HISTORY, {"words": "x"}, ["body", "reflection"])],
)  # fmt: skip
def test_bad_input_is_refused_naming_the_field(
    engine: Engine, client: TestClient, centre: dict[str, Any], period: str,
    body: dict[str, Any], where: list[str],
) -> None:  # fmt: skip
    response = send(client, centre["tokens"]["ann"], "PUT", _path(centre),
                    params={"period": period}, json=body)  # fmt: skip
    assert error_locations(response)[0] == where
    with unit_of_work(engine) as session:
        assert session.scalar(select(SelfAuditRecord)) is None


@pytest.mark.parametrize("name", VIEWERS)
def test_each_viewer_opens_and_lists_exactly_the_audits_they_may_see(
    engine: Engine, client: TestClient, org: Organisation, tokens: dict[str, str], name: str
) -> None:
    with unit_of_work(engine) as session:
        saved = {}
        for agent, agent_id in org.agents.items():
            record = SelfAuditRecord(
                agent_id=agent_id, period_from=NOVEMBER[0], period_to=NOVEMBER[1]
            )
            session.add(record)
            session.flush()
            saved[record.id] = agent
    listed = send(client, tokens[name], "GET", "/api/v1/self-audits", params={"limit": 500})
    opened = {a: send(client, tokens[name], "GET", f"/api/v1/agents/{i}/self-audit",
                      params={"period": "2026-11"}).status_code
              for a, i in org.agents.items()}  # fmt: skip
    if name in NO_DEVELOPMENT:
        assert listed.status_code == 403
        assert set(opened.values()) == {403}
        return
    expected = sees(Kind.DEVELOPMENT)[name]
    assert {saved[item["id"]] for item in listed.json()["items"]} == expected
    assert opened == {a: 200 if a in expected else 404 for a in org.agents}


def test_signed_out_is_401(client: TestClient, org: Organisation) -> None:
    agent_id = org.agents["ann"]
    assert send(client, None, "GET", "/api/v1/self-audits").status_code == 401
    assert send(client, None, "GET", f"/api/v1/agents/{agent_id}/self-audit").status_code == 401
    assert send(client, None, "PUT", f"/api/v1/agents/{agent_id}/self-audit",
                json={"reflection": "x"}).status_code == 401  # fmt: skip
