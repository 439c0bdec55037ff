"""Interactions and agent states over the API: scoped per the hand-written matrix, 403 for a
role with no reach (audited, ids only), 404 for a record that is not the viewer's, filters."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.access.policy import Kind
from switchboard.audit.models import AuditAction
from tests.access.conftest import UNASSIGNED
from tests.access.test_matrix import EXPECTED, SEES_UNASSIGNED_CONTACTS
from tests.web.api_support import Organisation, call, db, ids_of, org, tokens
from tests.web.conftest import audited

__all__ = ["db", "org", "tokens"]  # pytest fixtures this module uses

REFUSED = {Kind.INTERACTIONS: {"pat"}, Kind.AGENT_STATES: {"quinn", "cal"}}
"""Roles with no reach at all for the kind: written out, not read from the policy."""


def _expected_contacts(name: str) -> set[str]:
    agents = EXPECTED[name][Kind.INTERACTIONS]
    return agents | ({UNASSIGNED} if name in SEES_UNASSIGNED_CONTACTS else set())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_viewer_lists_and_opens_exactly_their_interactions(
    client: TestClient, org: Organisation, tokens: dict[str, str], name: str
) -> None:
    response = call(client, tokens[name], "/api/v1/interactions")
    if name in REFUSED[Kind.INTERACTIONS]:
        assert response.status_code == 403
        return
    expected = _expected_contacts(name)
    assert org.interaction_names(ids_of(response)) == expected
    for contact, interaction_id in org.interactions.items():
        one = call(client, tokens[name], f"/api/v1/interactions/{interaction_id}")
        assert one.status_code == (200 if contact in expected else 404), contact


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_viewer_lists_exactly_their_agent_states(
    client: TestClient, org: Organisation, tokens: dict[str, str], name: str
) -> None:
    response = call(client, tokens[name], "/api/v1/agent-states")
    if name in REFUSED[Kind.AGENT_STATES]:
        assert response.status_code == 403
        return
    agents = {item["agent_id"] for item in response.json()["items"]}
    assert org.agent_names(agents) == EXPECTED[name][Kind.AGENT_STATES]


def test_a_refusal_is_403_and_audited_with_ids_only(
    client: TestClient, org: Organisation, tokens: dict[str, str], engine: Engine
) -> None:
    refused = call(client, tokens["pat"], f"/api/v1/interactions/{org.interactions['ann']}")
    assert refused.status_code == 403
    assert refused.json() == {"detail": "the planner role cannot see interactions"}
    (entry,) = audited(engine, AuditAction.PERMISSION_DENIED)
    assert entry.actor_user_id == org.users["pat"].id
    assert entry.details == {"reason": "role", "method": "get"}


@pytest.mark.parametrize("path", ["/api/v1/interactions", "/api/v1/agent-states"])
def test_signed_out_is_401(client: TestClient, org: Organisation, path: str) -> None:
    assert call(client, None, path).status_code == 401


def test_interactions_filter_by_agent_outcome_channel_queue_and_time(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    def names(**params: object) -> set[str]:
        return org.interaction_names(
            ids_of(call(client, tokens["ari"], "/api/v1/interactions", **params))
        )

    assert names(agent_id=org.agents["bob"]) == {"bob"}
    assert names(outcome="abandoned") == {UNASSIGNED}
    assert names(channel="email") == set()
    assert names(queue=1) == set()
    # ann arrived at 09:00 UTC, lee at 09:01, abe at 09:02
    assert names(**{"from": "2026-11-27T09:01:00Z", "to": "2026-11-27T09:03:00Z"}) == {"lee", "abe"}
    assert len(names(**{"from": "2026-11-27", "to": "2026-11-27"})) == 10


def test_a_team_leader_filtering_by_another_teams_agent_gets_nothing(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    assert (
        ids_of(call(client, tokens["lee"], "/api/v1/interactions", agent_id=org.agents["bob"]))
        == set()
    )


def test_interactions_page_without_repeats(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    seen: list[int] = []
    offset: int | None = 0
    while offset is not None:
        page = call(client, tokens["ari"], "/api/v1/interactions", limit=3, offset=offset).json()
        assert len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        offset = page["next"]
    assert sorted(seen) == sorted(org.interactions.values())


def test_an_interaction_names_no_customer_beyond_its_key(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    item = call(client, tokens["ari"], f"/api/v1/interactions/{org.interactions['ann']}").json()
    assert "customer_key" in item
    assert not {"contact_ref", "source_id", "phone", "email"} & set(item)


def test_agent_states_filter_by_agent_and_time(
    client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    path = "/api/v1/agent-states"
    mine = call(client, tokens["ari"], path, agent_id=org.agents["ann"]).json()["items"]
    assert [s["agent_id"] for s in mine] == [org.agents["ann"]]
    later = call(client, tokens["ari"], path, **{"from": "2026-11-27T10:00:00Z"}).json()
    assert later["items"] == []


@pytest.mark.parametrize(
    "params",
    [{"from": "yesterday"}, {"to": "2026-13-01"}, {"from": "2026-11-28", "to": "2026-11-27"},
     {"from": "9999-12-31"}, {"outcome": "lost"}, {"channel": "fax"}, {"limit": 501},
     {"agent_id": 0}, {"queue": 2**40}],
)  # fmt: skip
def test_bad_parameters_are_422(
    client: TestClient, org: Organisation, tokens: dict[str, str], params: dict[str, object]
) -> None:
    response = call(client, tokens["ari"], "/api/v1/interactions", **params)
    assert response.status_code == 422, response.text
