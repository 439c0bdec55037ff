"""Wellbeing over the API, as the access tests' organisation, on both databases: check-ins and
signals are the agent's and their team leader's alone. A manager and an administrator are
refused (403) like any role without reach; anyone else is told there is no such agent (404)."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from switchboard.access.policy import Kind
from switchboard.audit.models import AuditAction
from switchboard.db.engine import unit_of_work
from switchboard.wellbeing.models import WellbeingCheckIn
from tests.access.conftest import Organisation
from tests.improvements.api_calls import VIEWERS, entries, error_locations, sees, send

NO_PRIVATE = {"quinn", "pat", "cal", "meg", "max", "noel", "ari"}
"""Roles that never see private development records: 403."""
CHECK_IN = {"mood": 2, "workload": 5, "note": "Back-to-back complaints this morning."}


def test_the_agent_records_a_check_in_about_themselves(
    engine: Engine, client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    created = send(client, tokens["ann"], "POST", "/api/v1/wellbeing/check-ins", json=CHECK_IN)
    assert created.status_code == 201, created.text
    read = created.json()
    assert {k: read[k] for k in CHECK_IN} == CHECK_IN
    assert read["agent_id"] == org.agents["ann"]
    (change,) = entries(engine, AuditAction.PEOPLE_CHANGE, "wellbeing_checkin")
    assert change.details == {"change": "checkin_recorded", "agent_id": org.agents["ann"]}


@pytest.mark.parametrize(
    ("body", "where"),
    [({"mood": 0, "workload": 3}, ["body", "mood"]), ({"mood": 3, "workload": 6},
     ["body", "workload"]), ({"mood": 3}, ["body", "workload"]),
     ({"mood": 3, "workload": 3, "note": "x" * 2001}, ["body", "note"])],
)  # fmt: skip
def test_a_bad_check_in_is_refused_naming_the_field(
    engine: Engine, client: TestClient, tokens: dict[str, str], body: dict[str, object],
    where: list[str],
) -> None:  # fmt: skip
    response = send(client, tokens["ann"], "POST", "/api/v1/wellbeing/check-ins", json=body)
    assert error_locations(response) == [where]
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(WellbeingCheckIn)) == 0


@pytest.mark.parametrize(("name", "status"), [("lyn", 403), ("zed", 403), ("meg", 403),
                                              ("ari", 403), ("quinn", 403)])  # fmt: skip
def test_only_an_agent_records_a_check_in(
    client: TestClient, tokens: dict[str, str], name: str, status: int
) -> None:
    response = send(client, tokens[name], "POST", "/api/v1/wellbeing/check-ins", json=CHECK_IN)
    assert response.status_code == status


@pytest.mark.parametrize("name", VIEWERS)
def test_each_viewer_reads_only_the_private_records_they_may_see(
    client: TestClient, org: Organisation, tokens: dict[str, str], name: str
) -> None:
    written = {}
    for agent in ("ann", "amy", "bob", "lee"):
        created = send(client, tokens[agent], "POST", "/api/v1/wellbeing/check-ins", json=CHECK_IN)
        written[created.json()["id"]] = agent
    listed = send(client, tokens[name], "GET", "/api/v1/wellbeing/check-ins")
    signals = {a: send(client, tokens[name], "GET", f"/api/v1/agents/{i}/wellbeing")
               for a, i in org.agents.items()}  # fmt: skip
    if name in NO_PRIVATE:
        assert listed.status_code == 403
        assert {r.status_code for r in signals.values()} == {403}
        return
    expected = sees(Kind.PRIVATE_DEVELOPMENT)[name]
    assert {written[item["id"]] for item in listed.json()["items"]} == expected & set(
        written.values()
    )
    for agent, response in signals.items():
        assert response.status_code == (200 if agent in expected else 404), agent


def test_the_agents_signals_carry_their_check_ins_and_the_settings(
    engine: Engine, client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    send(client, tokens["ann"], "POST", "/api/v1/wellbeing/check-ins", json=CHECK_IN)
    response = send(client, tokens["lee"], "GET", f"/api/v1/agents/{org.agents['ann']}/wellbeing")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["agent"], body["signals"], body["check_ins"]) == ("Ann", [], 1)
    assert body["latest_check_in"]["note"] == CHECK_IN["note"]
    assert body["contacts"]["handled"] == 0  # the organisation's contacts reached no queue
    assert body["settings"]["occupancy_threshold"] == 0.9
    assert body["settings"]["occupancy_window_seconds"] == 7200
    first, last = (date.fromisoformat(body["period"][end]) for end in ("from", "to"))
    assert (last - first).days == 6  # by default the last seven days, today included
    (export,) = entries(engine, AuditAction.EXPORT, "wellbeing_signals")
    assert export.object_id == str(org.agents["ann"])


def test_a_team_leader_sees_their_team_in_order_of_name_never_ranked(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    path = f"/api/v1/teams/{org.teams['A1']}/wellbeing"
    team = send(client, tokens["lee"], "GET", path, params={"period": "2026-11"})
    assert team.status_code == 200, team.text
    body = team.json()
    assert [m["agent"] for m in body["members"]] == ["Abe", "Ann", "Lee"]
    assert (body["team"], body["period"]["from"], body["period"]["to"]) == (
        "A1", "2026-11-01", "2026-11-30",
    )  # fmt: skip
    assert all(set(m) == {"agent_id", "agent", "signals", "contacts", "check_ins",
                          "latest_check_in"} for m in body["members"])  # fmt: skip
    own = send(client, tokens["ann"], "GET", path).json()
    assert [m["agent"] for m in own["members"]] == ["Ann"]  # an agent sees only themselves
    assert send(client, tokens["lyn"], "GET", path).status_code == 404
    assert send(client, tokens["meg"], "GET", path).status_code == 403
    assert send(client, tokens["ari"], "GET", path).status_code == 403
    assert send(client, tokens["lee"], "GET", "/api/v1/teams/99999/wellbeing").status_code == 404


@pytest.mark.parametrize("period", ["last week", "2026-13", "1969-06", "2026-01-01..2027-06-30"])
def test_a_bad_period_is_refused_naming_it(
    client: TestClient, org: Organisation, tokens: dict[str, str], period: str
) -> None:
    path = f"/api/v1/agents/{org.agents['ann']}/wellbeing"
    response = send(client, tokens["ann"], "GET", path, params={"period": period})
    assert error_locations(response) == [["query", "period"]]


def test_signed_out_is_401(client: TestClient, org: Organisation) -> None:
    for method, path in (("GET", "/api/v1/wellbeing/check-ins"),
                         ("POST", "/api/v1/wellbeing/check-ins"),
                         ("GET", f"/api/v1/agents/{org.agents['ann']}/wellbeing"),
                         ("GET", f"/api/v1/teams/{org.teams['A1']}/wellbeing")):  # fmt: skip
        assert send(client, None, method, path, json=CHECK_IN).status_code == 401, path
