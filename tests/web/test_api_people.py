"""Queues, teams and people over the API: each viewer sees exactly the agents the policy grants
(the hand-written matrix of tests/access), one record answers 404 when it is not theirs."""

import pytest
from fastapi.testclient import TestClient

from switchboard.access.policy import Kind
from tests.access.test_matrix import EXPECTED
from tests.web.api_support import Organisation, call, db, ids_of, org, tokens

__all__ = ["db", "org", "tokens"]  # pytest fixtures this module uses

# viewer → the teams they see: those holding an agent they see, and those they lead
TEAMS = {
    "ann": {"A1"}, "zed": set(), "lee": {"A1"}, "lyn": {"A2"}, "ted": {"A2"},
    "quinn": {"A1", "A2", "B1"}, "pat": {"A1", "A2", "B1"}, "meg": {"A1", "A2"},
    "max": {"A1", "A2", "B1"}, "noel": set(), "cal": {"A1", "A2", "B1"}, "ari": {"A1", "A2", "B1"},
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_viewer_lists_and_opens_exactly_the_people_they_may_see(
    client: TestClient, org: Organisation, tokens: dict[str, str], name: str
) -> None:
    expected = EXPECTED[name][Kind.AGENTS]
    listed = ids_of(call(client, tokens[name], "/api/v1/people", limit=500))
    assert org.agent_names(listed) == expected
    for agent, agent_id in org.agents.items():
        response = call(client, tokens[name], f"/api/v1/people/{agent_id}")
        assert response.status_code == (200 if agent in expected else 404), (agent, response.text)
    assert call(client, tokens[name], "/api/v1/people/999999").status_code == 404


@pytest.mark.parametrize("name", sorted(TEAMS))
def test_each_viewer_sees_the_teams_of_their_people(
    client: TestClient, org: Organisation, tokens: dict[str, str], name: str
) -> None:
    by_id = {team_id: team for team, team_id in org.teams.items()}
    listed = ids_of(call(client, tokens[name], "/api/v1/teams"))
    assert {by_id[team_id] for team_id in listed} == TEAMS[name]


def test_queues_are_open_to_every_signed_in_role(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    for name in ("zed", "pat", "ari"):
        assert call(client, tokens[name], "/api/v1/queues").json() == {"items": [], "next": None}


@pytest.mark.parametrize(
    "path", ["/api/v1/queues", "/api/v1/teams", "/api/v1/people", "/api/v1/people/1"]
)
def test_signed_out_is_401(client: TestClient, org: Organisation, path: str) -> None:
    response = call(client, None, path)
    assert response.status_code == 401
    assert response.json() == {"detail": "sign in first"}


def test_people_come_in_pages_that_cover_each_agent_once(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    first = call(client, tokens["ari"], "/api/v1/people", limit=4).json()
    assert len(first["items"]) == 4
    assert first["next"] == 4
    seen = [p["id"] for p in first["items"]]
    offset = first["next"]
    while offset is not None:
        page = call(client, tokens["ari"], "/api/v1/people", limit=4, offset=offset).json()
        seen += [p["id"] for p in page["items"]]
        offset = page["next"]
    assert sorted(seen) == sorted(org.agents.values())


def test_a_person_carries_their_team(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    response = call(client, tokens["lee"], f"/api/v1/people/{org.agents['ann']}")
    assert response.json() == {
        "id": org.agents["ann"], "display_name": "Ann", "team_id": org.teams["A1"], "team": "A1",
    }  # fmt: skip
    only_a2 = ids_of(call(client, tokens["ari"], "/api/v1/people", team_id=org.teams["A2"]))
    assert org.agent_names(only_a2) == {"amy", "ted", "ada"}


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "x"}, {"team_id": 2**40}],
)
def test_bad_paging_is_422(
    client: TestClient, org: Organisation, tokens: dict[str, str], params: dict[str, object]
) -> None:
    response = call(client, tokens["ari"], "/api/v1/people", **params)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


def test_an_out_of_range_id_is_422_not_a_database_error(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    assert call(client, tokens["ari"], f"/api/v1/people/{2**40}").status_code == 422
