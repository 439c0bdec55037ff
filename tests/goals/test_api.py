"""The goals API on the access tests' organisation (tests/access/conftest.py), on both databases:
who sees which goals, who may set them, and the answers a client can get (401, 403, 404, 409,
422), each read audited as an export and each write as a people change.

The organisation holds one objective, a team goal for each team (A1, A2, B1) and a personal
goal for each agent, serving their team's goal (nat has no team: his serves nothing). Ann's is
a CSAT goal, which no survey in the organisation ever measures; the others are behaviour goals.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.audit.models import AuditAction
from switchboard.goals.models import Goal, GoalKind, Level
from tests.access.conftest import AGENTS, TEAMS
from tests.access.test_matrix import EXPECTED
from tests.goals.conftest import goal_count
from tests.web.api_support import Organisation, call, db, org, tokens
from tests.web.conftest import app, audited, client

__all__ = ["app", "client", "db", "org", "tokens"]  # pytest fixtures this module uses

TODAY = datetime.now(ZoneInfo("Europe/London")).date()
NO_REACH = {"quinn", "pat", "cal"}  # quality, planning and compliance: no development records
TEAM_GOALS = {
    "ann": {"A1"}, "zed": set(), "lee": {"A1"}, "lyn": {"A2"}, "ted": {"A2"},
    "meg": {"A1", "A2"}, "max": {"A1", "A2", "B1"}, "noel": set(), "ari": {"A1", "A2", "B1"},
}  # fmt: skip
"""Team goals a viewer sees: those of teams with an agent they see, and the teams they lead."""
BEHAVIOUR = (
    "summarise the agreed next steps back to the customer before closing every complaint call"
)
EVIDENCE = "QA question 7 on five sampled calls a week"


@dataclass(frozen=True)
class Goals:
    objective: int
    team: dict[str, int]
    personal: dict[str, int]

    def ids(self, agents: set[str], teams: set[str]) -> set[int]:
        chosen = {self.personal[a] for a in agents} | {self.team[t] for t in teams}
        return chosen | {self.objective}


def _add(db: Session, **fields: Any) -> int:
    goal = Goal(**fields)
    db.add(goal)
    db.flush()
    return goal.id


@pytest.fixture
def goals(db: Session, org: Organisation) -> Goals:
    objective = _add(db, level=Level.OBJECTIVE, title="Resolve more first time",
                     kind=GoalKind.BEHAVIOUR)  # fmt: skip
    team = {name: _add(db, level=Level.TEAM, title=f"{name}: FCR 80%", kind=GoalKind.KPI,
                       kpi="fcr", target=0.8, team_id=org.teams[name], parent_id=objective)
            for name in TEAMS}  # fmt: skip
    personal = {name: _personal(db, org, team, name) for name in AGENTS}
    db.commit()
    return Goals(objective, team, personal)


def _personal(db: Session, org: Organisation, team: dict[str, int], name: str) -> int:
    team_name = AGENTS[name][0]
    fields: dict[str, Any] = {
        "level": Level.PERSONAL, "title": f"{name}'s goal", "agent_id": org.agents[name],
        "parent_id": team[team_name] if team_name else None, "deadline": TODAY + timedelta(60),
    }  # fmt: skip
    if name == "ann":
        return _add(db, **fields, kind=GoalKind.KPI, kpi="csat", baseline_value=0.7,
                    baseline_from=TODAY - timedelta(60), baseline_to=TODAY - timedelta(31),
                    baseline_sample=40, target=0.8)  # fmt: skip
    return _add(db, **fields, kind=GoalKind.BEHAVIOUR, behaviour=BEHAVIOUR, evidence=EVIDENCE)


def send(client: TestClient, token: str | None, method: str, path: str, body: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.request(method, path, headers=headers, json=body)


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


# --- who sees what ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TEAM_GOALS))
def test_each_viewer_lists_and_opens_exactly_the_goals_they_may_see(
    client: TestClient, tokens: dict[str, str], goals: Goals, name: str
) -> None:
    expected = goals.ids(EXPECTED[name][Kind.DEVELOPMENT], TEAM_GOALS[name])
    assert _ids(call(client, tokens[name], "/api/v1/goals", limit=500)) == expected
    every = goals.ids(set(AGENTS), set(TEAMS))
    for goal_id in every:
        response = call(client, tokens[name], f"/api/v1/goals/{goal_id}")
        assert response.status_code == (200 if goal_id in expected else 404), goal_id


@pytest.mark.parametrize("name", sorted(TEAM_GOALS))
def test_each_viewer_sees_the_alignment_of_their_goals_only(
    client: TestClient, tokens: dict[str, str], goals: Goals, name: str
) -> None:
    body = call(client, tokens[name], "/api/v1/goals/alignment").json()
    seen = {o["goal"]["id"] for o in body["objectives"]}
    for node in [t for o in body["objectives"] for t in o["team_goals"]] + body[
        "unattached_team_goals"
    ]:
        seen |= {node["goal"]["id"]} | {p["id"] for p in node["personal_goals"]}
    seen |= {p["id"] for p in body["unlinked_personal_goals"]}
    assert seen == goals.ids(EXPECTED[name][Kind.DEVELOPMENT], TEAM_GOALS[name])


def test_a_team_leader_sees_their_team_fully_supported(
    client: TestClient, tokens: dict[str, str], goals: Goals
) -> None:
    body = call(client, tokens["lee"], "/api/v1/goals/alignment").json()
    [objective] = body["objectives"]
    [a1] = objective["team_goals"]
    assert a1["goal"]["id"] == goals.team["A1"]
    assert {p["id"] for p in a1["personal_goals"]} == {
        goals.personal[n] for n in ("ann", "lee", "abe")
    }
    assert (body["unsupported_team_goals"], body["coverage"]) == ([], 1.0)


def test_lists_filter_by_level_agent_and_team(
    client: TestClient, tokens: dict[str, str], goals: Goals, org: Organisation
) -> None:
    path = "/api/v1/goals"
    assert _ids(call(client, tokens["ari"], path, level="team")) == set(goals.team.values())
    assert _ids(call(client, tokens["ari"], path, agent_id=org.agents["bob"])) == {
        goals.personal["bob"]
    }
    assert _ids(call(client, tokens["ari"], path, team_id=org.teams["B1"])) == {goals.team["B1"]}
    first = call(client, tokens["ari"], path, limit=5).json()
    assert (len(first["items"]), first["next"]) == (5, 5)


@pytest.mark.parametrize("name", sorted(NO_REACH))
@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/v1/goals"), ("GET", "/api/v1/goals/alignment"), ("GET", "/api/v1/goals/1"),
     ("GET", "/api/v1/goals/1/progress"), ("PATCH", "/api/v1/goals/1"), ("POST", "/api/v1/goals"),
     ("POST", "/api/v1/goals/check")],
)  # fmt: skip
def test_roles_without_reach_over_development_records_are_refused(
    client: TestClient, tokens: dict[str, str], goals: Goals, name: str, method: str, path: str
) -> None:
    body = (
        {"title": "x"}
        if method == "PATCH"
        else _behaviour_goal(goals, 1)
        if method == "POST"
        else None
    )
    assert send(client, tokens[name], method, path, body).status_code == 403


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/api/v1/goals"), ("GET", "/api/v1/goals/alignment"), ("GET", "/api/v1/goals/1"),
     ("GET", "/api/v1/goals/1/progress"), ("PATCH", "/api/v1/goals/1"), ("POST", "/api/v1/goals"),
     ("POST", "/api/v1/goals/check")],
)  # fmt: skip
def test_signed_out_is_401(client: TestClient, org: Organisation, method: str, path: str) -> None:
    response = send(client, None, method, path, {} if method != "GET" else None)
    assert (response.status_code, response.json()) == (401, {"detail": "sign in first"})


def test_a_goal_that_is_missing_or_not_theirs_is_404_alike(
    client: TestClient, tokens: dict[str, str], goals: Goals
) -> None:
    anns = goals.personal["ann"]
    for path in (f"/api/v1/goals/{anns}", "/api/v1/goals/999999"):
        assert call(client, tokens["lyn"], path).status_code == 404
        assert call(client, tokens["lyn"], f"{path}/progress").status_code == 404
        assert send(client, tokens["lyn"], "PATCH", path, {"title": "mine"}).status_code == 404


def test_reads_are_audited_as_exports(
    client: TestClient, tokens: dict[str, str], goals: Goals, engine: Engine
) -> None:
    call(client, tokens["lee"], "/api/v1/goals")
    call(client, tokens["lee"], f"/api/v1/goals/{goals.personal['ann']}")
    exports = audited(engine, AuditAction.EXPORT)
    assert [(e.object_type, e.object_id) for e in exports] == [
        ("goals", None),
        ("goals", str(goals.personal["ann"])),
    ]
    assert exports[0].details == {"rows": 5, "more": False}  # objective, A1, ann, lee, abe


# --- progress ---------------------------------------------------------------------------------


def test_a_kpi_goal_shows_its_progress_on_its_read_and_its_own_route(
    client: TestClient, tokens: dict[str, str], goals: Goals
) -> None:
    path = f"/api/v1/goals/{goals.personal['ann']}"
    read = call(client, tokens["ann"], path).json()
    progress = call(client, tokens["ann"], f"{path}/progress").json()
    assert read["progress"] == progress
    assert (progress["status"], progress["observations"]) == ("at_risk", [])
    assert progress["sentence"] == "At risk: no CSAT data since the baseline."
    assert read["unit"] == "ratio"


def test_a_behaviour_goal_has_no_progress_to_track(
    client: TestClient, tokens: dict[str, str], goals: Goals
) -> None:
    path = f"/api/v1/goals/{goals.personal['lee']}"
    assert call(client, tokens["lee"], path).json()["progress"] is None
    assert call(client, tokens["lee"], f"{path}/progress").status_code == 409


# --- who may write ----------------------------------------------------------------------------


def _behaviour_goal(goals: Goals, agent_id: int, **changes: Any) -> dict[str, Any]:
    return {
        "level": "personal", "title": "Close complaints well", "agent_id": agent_id,
        "kind": "behaviour", "behaviour": BEHAVIOUR, "evidence": EVIDENCE,
        "deadline": str(TODAY + timedelta(90)), "review_dates": [str(TODAY + timedelta(30))],
        "parent_id": goals.team["A1"],
    } | changes  # fmt: skip


PERSONAL_WRITERS = {"ann": 201, "lee": 201, "meg": 201, "max": 201, "ari": 201, "lyn": 422,
                    "ted": 422, "zed": 422, "noel": 422, "quinn": 403}  # fmt: skip
TEAM_WRITERS = {"lee": 201, "meg": 201, "max": 201, "ari": 201, "ann": 403, "lyn": 422,
                "ted": 422, "zed": 422, "noel": 422, "quinn": 403}  # fmt: skip
OBJECTIVE_WRITERS = {"meg": 201, "max": 201, "noel": 201, "ari": 201, "ann": 403, "lee": 403,
                     "lyn": 403, "zed": 403, "quinn": 403}  # fmt: skip


def test_a_personal_goal_is_set_by_the_agent_or_those_over_them(
    client: TestClient, tokens: dict[str, str], goals: Goals, org: Organisation
) -> None:
    body = _behaviour_goal(goals, org.agents["ann"])
    answers = {name: send(client, tokens[name], "POST", "/api/v1/goals", body)
               for name in PERSONAL_WRITERS}  # fmt: skip
    assert {n: r.status_code for n, r in answers.items()} == PERSONAL_WRITERS
    assert answers["lyn"].json()["detail"].startswith("goal, field 'agent_id': no such agent")
    saved = answers["ann"].json()
    assert saved["check"]["acceptable"] is True
    assert [r["due_on"] for r in saved["reviews"]] == body["review_dates"]


def test_a_team_goal_is_set_by_its_leader_its_sites_managers_or_an_admin(
    client: TestClient, tokens: dict[str, str], goals: Goals, org: Organisation
) -> None:
    body = {"level": "team", "title": "A1: AHT 300 s", "team_id": org.teams["A1"], "kpi": "aht",
            "target": 300, "parent_id": goals.objective}  # fmt: skip
    answers = {name: send(client, tokens[name], "POST", "/api/v1/goals", body).status_code
               for name in TEAM_WRITERS}  # fmt: skip
    assert answers == TEAM_WRITERS


def test_an_objective_is_set_by_a_manager_or_an_admin(
    client: TestClient, tokens: dict[str, str], goals: Goals
) -> None:
    body = {"level": "objective", "title": "Every complaint resolved within 8 weeks"}
    answers = {name: send(client, tokens[name], "POST", "/api/v1/goals", body).status_code
               for name in OBJECTIVE_WRITERS}  # fmt: skip
    assert answers == OBJECTIVE_WRITERS


def test_writes_are_audited_as_people_changes_with_ids_only(
    client: TestClient, tokens: dict[str, str], goals: Goals, org: Organisation, engine: Engine
) -> None:
    created = send(client, tokens["ann"], "POST", "/api/v1/goals",
                   _behaviour_goal(goals, org.agents["ann"])).json()  # fmt: skip
    closed = send(client, tokens["ann"], "PATCH", f"/api/v1/goals/{created['id']}",
                  {"state": "closed"})  # fmt: skip
    assert closed.json()["state"] == "closed"
    changes = audited(engine, AuditAction.PEOPLE_CHANGE)
    assert [(c.object_id, c.details) for c in changes] == [
        (str(created["id"]), {"change": change, "level": "personal",
                              "agent_id": org.agents["ann"], "team_id": None})
        for change in ("goal_created", "goal_closed")
    ]  # fmt: skip


def test_an_agent_cannot_change_their_teams_goal(
    client: TestClient, tokens: dict[str, str], goals: Goals
) -> None:
    path = f"/api/v1/goals/{goals.team['A1']}"
    assert send(client, tokens["ann"], "PATCH", path, {"title": "mine"}).status_code == 403
    assert send(client, tokens["lee"], "PATCH", path, {"title": "A1: FCR 82%"}).status_code == 200


# --- refusals ---------------------------------------------------------------------------------


def test_a_vague_goal_is_refused_with_every_finding_and_nothing_saved(
    client: TestClient, tokens: dict[str, str], goals: Goals, org: Organisation, engine: Engine
) -> None:
    before = goal_count(engine)
    body = _behaviour_goal(goals, org.agents["ann"], behaviour="be better at handling complaints",
                           evidence="", deadline=None, review_dates=[], parent_id=None)  # fmt: skip
    response = send(client, tokens["lee"], "POST", "/api/v1/goals", body)
    assert response.status_code == 422
    check = response.json()["check"]
    assert [(f["criterion"], f["status"]) for f in check["findings"]] == [
        ("specific", "fail"), ("measurable", "fail"), ("achievable", "pass"),
        ("relevant", "fail"), ("time_bound", "fail"), ("balance", "pass"),
    ]  # fmt: skip
    assert response.json()["detail"].startswith("the goal is not SMART")
    assert goal_count(engine) == before
    assert audited(engine, AuditAction.PEOPLE_CHANGE) == []


def test_a_kpi_goal_without_data_for_its_baseline_is_not_measurable(
    client: TestClient, tokens: dict[str, str], goals: Goals, org: Organisation
) -> None:
    body = _behaviour_goal(goals, org.agents["ann"], kind="kpi", behaviour=None, evidence=None,
                           kpi="aht", target=180, baseline_from="2026-01-05",
                           baseline_to="2026-01-11")  # fmt: skip
    response = send(client, tokens["lee"], "POST", "/api/v1/goals", body)
    assert response.status_code == 422
    [measurable] = [
        f for f in response.json()["check"]["findings"] if f["criterion"] == "measurable"
    ]
    assert measurable["reasons"] == [
        "No baseline: there is no AHT data for 5 Jan 2026 to 11 Jan 2026."
    ]


def test_the_check_route_judges_without_saving(
    client: TestClient, tokens: dict[str, str], goals: Goals, org: Organisation, engine: Engine
) -> None:
    before = goal_count(engine)
    good = _behaviour_goal(goals, org.agents["ann"])
    vague = good | {"behaviour": "be better at handling complaints"}
    answers = [send(client, tokens["lee"], "POST", "/api/v1/goals/check", b) for b in (good, vague)]
    assert [(a.status_code, a.json()["acceptable"]) for a in answers] == [(200, True), (200, False)]
    assert goal_count(engine) == before


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"baseline_value": 100}, ["body", "baseline_value"]),  # the data gives the baseline
        ({"deadline": "3000-01-01"}, ["body", "deadline"]),
        ({"title": "  "}, ["body", "title"]),
        ({"evidence": "bad\u0000text"}, ["body", "evidence"]),
        ({"agent_id": 2**31}, ["body", "agent_id"]),
    ],
)
def test_malformed_fields_are_refused_by_name(
    client: TestClient, tokens: dict[str, str], goals: Goals, org: Organisation,
    changes: dict[str, Any], where: list[str],
) -> None:  # fmt: skip
    body = _behaviour_goal(goals, org.agents["ann"]) | changes
    response = send(client, tokens["lee"], "POST", "/api/v1/goals", body)
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [where]


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"kind": "kpi"}, "kpi"), ({"level": "team"}, "agent_id"), ({"kind": None}, "kind"),
     ({"parent_id": None, "development_area": "aht", "kpi": "aht"}, "kpi")],
)  # fmt: skip
def test_a_field_the_goal_cannot_hold_is_named(
    client: TestClient, tokens: dict[str, str], goals: Goals, org: Organisation,
    changes: dict[str, Any], field: str,
) -> None:  # fmt: skip
    body = _behaviour_goal(goals, org.agents["ann"], **changes)
    response = send(client, tokens["ari"], "POST", "/api/v1/goals", body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"goal, field {field!r}")


def test_a_title_cannot_be_cleared(
    client: TestClient, tokens: dict[str, str], goals: Goals
) -> None:
    path = f"/api/v1/goals/{goals.personal['lee']}"
    response = send(client, tokens["lee"], "PATCH", path, {"title": None})
    assert (response.status_code, response.json()) == (
        422,
        {"detail": "goal, field 'title': cannot be cleared"},
    )
