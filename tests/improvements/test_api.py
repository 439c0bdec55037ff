"""Improvement activities over the API, as the access tests' organisation, on both databases.

A viewer sees an improvement when they may see every agent it involves (the whole team when
none are listed), and the team as a whole when the rest of the team is its control group.
"""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from switchboard.access.service import load_viewer
from switchboard.audit.models import AuditAction
from switchboard.db.engine import unit_of_work
from switchboard.improvements import service
from switchboard.improvements.models import Improvement
from switchboard.improvements.schemas import ImprovementCreate
from switchboard.people.models import User
from tests.access.conftest import Organisation
from tests.improvements.api_calls import NO_DEVELOPMENT, VIEWERS, entries, error_locations, send

ALL = {"A1_ann", "A1_team", "A2_amy", "B1_bob"}
EXPECTED = {
    "ann": {"A1_ann"},  # her own improvement; not her whole team's, which shows colleagues
    "amy": {"A2_amy"},  # against the rest of her team: her team's figures as a whole
    "bob": {"B1_bob"},
    "zed": set(),  # an agent role with no agent record
    "lee": {"A1_ann", "A1_team"},  # leads A1
    "lyn": {"A2_amy"},  # leads A2
    "lou": {"B1_bob"},
    "ted": set(),  # a team leader of no team, in A2: amy is not his to see
    "meg": {"A1_ann", "A1_team", "A2_amy"},  # site A
    "max": ALL,  # sites A and B
    "noel": set(),  # a manager without a site
    "ari": ALL,
}
PLANS = {
    "A1_ann": ("A1", ["ann"], "none"),
    "A1_team": ("A1", [], "none"),
    "A2_amy": ("A2", ["amy"], "rest_of_team"),
    "B1_bob": ("B1", ["bob"], "none"),
}


def _body(org: Organisation, team: str, agents: list[str], **more: Any) -> dict[str, Any]:
    return {"title": "Call-back script", "change": "Offer a call-back when the queue is long",
            "kpi": "aht", "team_id": org.teams[team],
            "agent_ids": [org.agents[a] for a in agents], "started_on": "2026-11-02",
            "before_days": 14, "after_days": 14} | more  # fmt: skip


@pytest.fixture
def plans(engine: Engine, org: Organisation) -> dict[str, int]:
    """The improvements above, planned by the administrator."""
    with unit_of_work(engine) as session:
        ari = load_viewer(session=session, user=session.get_one(User, org.users["ari"].id))
        return {
            name: service.create(
                session=session, viewer=ari,
                improvement_in=ImprovementCreate.model_validate(
                    _body(org, team, agents, control=control)
                ),
            ).id
            for name, (team, agents, control) in PLANS.items()
        }  # fmt: skip


@pytest.mark.parametrize("name", VIEWERS)
def test_each_viewer_lists_opens_and_reviews_exactly_what_they_may_see(
    client: TestClient, tokens: dict[str, str], plans: dict[str, int], name: str
) -> None:
    listed = send(client, tokens[name], "GET", "/api/v1/improvements")
    if name in NO_DEVELOPMENT:
        assert listed.status_code == 403
        assert send(client, tokens[name], "GET", f"/api/v1/improvements/{plans['A1_ann']}"
                    ).status_code == 403  # fmt: skip
        return
    by_id = {i: n for n, i in plans.items()}
    assert {by_id[item["id"]] for item in listed.json()["items"]} == EXPECTED[name]
    for plan, improvement_id in plans.items():
        status = 200 if plan in EXPECTED[name] else 404
        for path in (f"/api/v1/improvements/{improvement_id}",
                     f"/api/v1/improvements/{improvement_id}/review"):  # fmt: skip
            assert send(client, tokens[name], "GET", path).status_code == status, (plan, path)


def test_signed_out_is_401(client: TestClient, plans: dict[str, int]) -> None:
    assert send(client, None, "GET", "/api/v1/improvements").status_code == 401
    assert send(client, None, "POST", "/api/v1/improvements", json={}).status_code == 401


def test_the_list_narrows_to_a_team_or_an_agent(
    client: TestClient, org: Organisation, tokens: dict[str, str], plans: dict[str, int]
) -> None:
    def names(**params: int) -> set[int]:
        found = send(client, tokens["ari"], "GET", "/api/v1/improvements", params=params)
        return {item["id"] for item in found.json()["items"]}

    assert names(team_id=org.teams["A1"]) == {plans["A1_ann"], plans["A1_team"]}
    # abe is in A1 but listed in neither: only the whole-team improvement involves him
    assert names(agent_id=org.agents["abe"]) == {plans["A1_team"]}
    assert names(agent_id=org.agents["ann"]) == {plans["A1_ann"], plans["A1_team"]}


def test_a_team_leader_plans_for_their_own_team(
    engine: Engine, client: TestClient, org: Organisation, tokens: dict[str, str]
) -> None:
    body = _body(org, "A1", ["ann", "abe"], queue_ids=[], control="rest_of_team")
    created = send(client, tokens["lee"], "POST", "/api/v1/improvements", json=body)
    assert created.status_code == 201, created.text
    read = created.json()
    assert read["agent_ids"] == sorted([org.agents["ann"], org.agents["abe"]])
    assert (read["kpi"], read["control"], read["started_on"]) == ("aht", "rest_of_team",
                                                                  "2026-11-02")  # fmt: skip
    assert read["created_by_user_id"] == org.users["lee"].id
    (entry,) = entries(engine, AuditAction.PEOPLE_CHANGE, "improvement")
    assert entry.object_id == str(read["id"])
    assert entry.details == {"change": "improvement_created", "team_id": org.teams["A1"]}


@pytest.mark.parametrize(
    ("name", "team", "status"),
    [("ann", "A1", 403), ("quinn", "A1", 403), ("lee", "A2", 422), ("ted", "A2", 422),
     ("meg", "B1", 422), ("noel", "A1", 422), ("meg", "A1", 201), ("ari", "B1", 201)],
)  # fmt: skip
def test_only_the_teams_leader_a_manager_of_it_or_an_administrator_plans(
    client: TestClient, org: Organisation, tokens: dict[str, str], name: str, team: str,
    status: int,
) -> None:  # fmt: skip
    response = send(client, tokens[name], "POST", "/api/v1/improvements",
                    json=_body(org, team, []))  # fmt: skip
    assert response.status_code == status, response.text
    if status == 422:
        assert error_locations(response) == [["body", "team_id"]]


@pytest.mark.parametrize(
    ("change", "where"),
    [({"agent_ids": ["ann", "amy"]}, ["body", "agent_ids", 1]),  # amy is in A2
     ({"queue_ids": [999]}, ["body", "queue_ids", 0]),
     ({"kpi": "occupancy"}, ["body", "kpi"]),  # not a mean of one value per contact
     ({"control": "rest_of_team", "agent_ids": []}, ["body"]),
     ({"control": "rest_of_team", "agent_ids": ["ann", "lee", "abe"]}, ["body", "control"]),
     ({"title": "  "}, ["body"]),
     ({"change": "a\x00b"}, ["body", "change"]),
     ({"before_days": 3}, ["body", "before_days"]),
     ({"started_on": "0001-01-01"}, ["body", "started_on"])],
)  # fmt: skip
def test_bad_plans_are_refused_naming_the_field_and_nothing_is_saved(
    engine: Engine, client: TestClient, org: Organisation, tokens: dict[str, str],
    change: dict[str, Any], where: list[Any],
) -> None:  # fmt: skip
    body = _body(org, "A1", ["ann"]) | change
    if "agent_ids" in change:
        body["agent_ids"] = [org.agents[a] for a in change["agent_ids"]]
    response = send(client, tokens["lee"], "POST", "/api/v1/improvements", json=body)
    assert error_locations(response)[0][: len(where)] == where
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(Improvement)) == 0
    assert entries(engine, AuditAction.PEOPLE_CHANGE, "improvement") == []


def test_the_review_note_is_saved_by_those_who_plan(
    engine: Engine, client: TestClient, org: Organisation, tokens: dict[str, str],
    plans: dict[str, int],
) -> None:  # fmt: skip
    path = f"/api/v1/improvements/{plans['A1_ann']}"
    note = {"review_note": "Too early to tell: look again in January."}
    assert send(client, tokens["ann"], "PATCH", path, json=note).status_code == 403
    assert send(client, tokens["lyn"], "PATCH", path, json=note).status_code == 404
    assert send(client, tokens["lee"], "PATCH", path, json={"kpi": "fcr"}).status_code == 422
    saved = send(client, tokens["lee"], "PATCH", path, json=note)
    assert saved.status_code == 200, saved.text
    assert saved.json()["review_note"] == note["review_note"]
    assert saved.json()["title"] == "Call-back script"  # untouched
    review = send(client, tokens["lee"], "GET", f"{path}/review").json()
    assert review["review_note"] == note["review_note"]
    changes = entries(engine, AuditAction.PEOPLE_CHANGE, "improvement")
    assert changes[-1].details == {"change": "improvement_updated", "team_id": org.teams["A1"]}


def test_a_review_without_data_says_so_and_is_audited_as_an_export(
    engine: Engine, client: TestClient, tokens: dict[str, str], plans: dict[str, int]
) -> None:
    improvement_id = plans["A1_ann"]
    review = send(client, tokens["lee"], "GET", f"/api/v1/improvements/{improvement_id}/review")
    assert review.status_code == 200, review.text
    body = review.json()
    assert body["verdict"] == "insufficient_data"
    assert body["sentence"] == (
        "AHT cannot be reviewed: only 0 contacts before the change, fewer than the 30 needed."
    )
    assert (body["before"]["from"], body["after"]["to"]) == ("2026-10-19", "2026-11-15")
    assert body["relative_change"] is None
    (export,) = entries(engine, AuditAction.EXPORT, "improvement_review")
    assert export.object_id == str(improvement_id)
    assert date.fromisoformat(body["after"]["from"]) == date(2026, 11, 2)
