"""The reflective log over the API, as the access tests' organisation, on both databases: the
agent writes STAR entries linked to their own records; whoever may see the agent's development
records reads them."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from switchboard.access.policy import Kind
from switchboard.audit.models import AuditAction
from switchboard.coaching.models import CoachingSession, SessionKind
from switchboard.db.engine import unit_of_work
from switchboard.domain.performance.feedback import Model, Source, Tone
from switchboard.feedback.models import Feedback
from switchboard.goals.models import Goal, GoalKind, Level
from switchboard.improvements.models import Improvement, ImprovementAgent
from switchboard.reflections.models import Reflection, ReflectionEvidence
from tests.access.conftest import Organisation
from tests.improvements.api_calls import (
    NO_DEVELOPMENT,
    VIEWERS,
    entries,
    error_locations,
    sees,
    send,
)

STAR = {
    "situation": "A customer rang back angry about a missed refund.",
    "task": "Calm the call and get the refund paid the same day.",
    "action": "I summarised what had gone wrong, apologised and raised it with payments.",
    "result": "The refund was paid by 3 pm and the customer rated the call 5.",
}


@dataclass(frozen=True)
class Records:
    """Records of ann's to use as evidence, and some that are not hers."""

    goal: int
    team_goal: int
    lees_goal: int
    feedback: int
    lees_feedback: int
    coaching: int
    improvement: int
    team_improvement: int
    abes_improvement: int


@pytest.fixture
def records(engine: Engine, org: Organisation) -> Records:
    a1, ann, lee, abe = org.teams["A1"], org.agents["ann"], org.agents["lee"], org.agents["abe"]
    with unit_of_work(engine) as session:

        def goal(**fields: Any) -> int:
            row = Goal(title="First contact resolution", kind=GoalKind.BEHAVIOUR, **fields)
            session.add(row)
            session.flush()
            return row.id

        def feedback(agent_id: int) -> int:
            row = Feedback(agent_id=agent_id, source=Source.TEAM_LEADER, model=Model.SBI,
                           tone=Tone.POSITIVE, situation="s", behaviour="b", impact="i")  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

        def improvement(agent_ids: list[int]) -> int:
            row = Improvement(title="t", change="c", kpi="aht", team_id=a1,
                              started_on=date(2026, 11, 2))  # fmt: skip
            session.add(row)
            session.flush()
            session.add_all(ImprovementAgent(improvement_id=row.id, agent_id=a) for a in agent_ids)
            return row.id

        coaching = CoachingSession(agent_id=ann, kind=SessionKind.COACHING,
                                   held_at=datetime(2026, 11, 20, 10, tzinfo=UTC))  # fmt: skip
        session.add(coaching)
        session.flush()
        return Records(
            goal=goal(level=Level.PERSONAL, agent_id=ann), team_goal=goal(level=Level.TEAM, team_id=a1),
            lees_goal=goal(level=Level.PERSONAL, agent_id=lee), feedback=feedback(ann),
            lees_feedback=feedback(lee), coaching=coaching.id, improvement=improvement([ann, lee]),
            team_improvement=improvement([]), abes_improvement=improvement([abe]),
        )  # fmt: skip


def _evidence(org: Organisation, records: Records) -> list[dict[str, Any]]:
    return [
        {"kind": "interaction", "ref_id": org.interactions["ann"]},
        {"kind": "goal", "ref_id": records.goal},
        {"kind": "goal", "ref_id": records.team_goal},
        {"kind": "feedback", "ref_id": records.feedback},
        {"kind": "coaching", "ref_id": records.coaching},
        {"kind": "improvement", "ref_id": records.improvement},
        {"kind": "improvement", "ref_id": records.team_improvement},
    ]


@pytest.fixture
def entry(client: TestClient, org: Organisation, tokens: dict[str, str], records: Records) -> int:
    """ann's STAR entry, with one of each kind of her records as evidence."""
    created = send(client, tokens["ann"], "POST", "/api/v1/reflections",
                   json=STAR | {"evidence": _evidence(org, records)})  # fmt: skip
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def test_the_agent_writes_a_star_entry_linked_to_their_own_records(
    engine: Engine, client: TestClient, org: Organisation, tokens: dict[str, str],
    records: Records, entry: int,
) -> None:  # fmt: skip
    read = send(client, tokens["ann"], "GET", f"/api/v1/reflections/{entry}").json()
    assert {k: read[k] for k in STAR} == STAR
    assert read["agent_id"] == org.agents["ann"]
    assert read["evidence"] == _evidence(org, records)
    (change,) = entries(engine, AuditAction.PEOPLE_CHANGE, "reflection")
    assert change.details == {"change": "reflection_created", "agent_id": org.agents["ann"],
                              "evidence": 7}  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "ref"),
    [("interaction", "lee"),  # a colleague's contact
     ("interaction", "missing"),
     ("goal", "lees_goal"), ("feedback", "lees_feedback"),
     ("improvement", "abes_improvement"),  # an improvement she took no part in
     ("coaching", "missing")],
)  # fmt: skip
def test_evidence_that_is_not_the_agents_own_is_refused_and_nothing_is_saved(
    engine: Engine, client: TestClient, org: Organisation, tokens: dict[str, str],
    records: Records, kind: str, ref: str,
) -> None:  # fmt: skip
    ref_id = {"missing": 2_000_000, "lee": org.interactions["lee"]}.get(ref)
    evidence = [{"kind": "goal", "ref_id": records.goal},
                {"kind": kind, "ref_id": ref_id or getattr(records, ref)}]  # fmt: skip
    response = send(client, tokens["ann"], "POST", "/api/v1/reflections",
                    json=STAR | {"evidence": evidence})  # fmt: skip
    assert error_locations(response) == [["body", "evidence", 1, "ref_id"]]
    assert "among your own records" in response.json()["detail"][0]["msg"]
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(Reflection)) == 0
        assert session.scalar(select(func.count()).select_from(ReflectionEvidence)) == 0


@pytest.mark.parametrize(
    "change",
    [{"result": ""}, {"task": "   "}, {"evidence": [{"kind": "goal", "ref_id": 1}] * 2},
     {"evidence": [{"kind": "rumour", "ref_id": 1}]}, {"mood": 3}],
)  # fmt: skip
def test_an_incomplete_entry_is_refused(
    client: TestClient, tokens: dict[str, str], change: dict[str, Any]
) -> None:
    response = send(client, tokens["ann"], "POST", "/api/v1/reflections", json=STAR | change)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("name", ["lyn", "meg", "ari", "zed"])
def test_only_an_agent_keeps_a_reflective_log(
    client: TestClient, tokens: dict[str, str], name: str
) -> None:
    assert send(client, tokens[name], "POST", "/api/v1/reflections", json=STAR).status_code == 403


@pytest.mark.parametrize("name", VIEWERS)
def test_each_viewer_reads_the_entries_of_the_agents_they_may_see(
    client: TestClient, org: Organisation, tokens: dict[str, str], name: str
) -> None:
    written = {}
    for agent in ("ann", "amy", "bob", "lee"):  # the agents who sign in
        created = send(client, tokens[agent], "POST", "/api/v1/reflections", json=STAR)
        written[agent] = created.json()["id"]
    listed = send(client, tokens[name], "GET", "/api/v1/reflections")
    if name in NO_DEVELOPMENT:
        assert listed.status_code == 403
        return
    expected = sees(Kind.DEVELOPMENT)[name] & set(written)
    by_id = {i: agent for agent, i in written.items()}
    assert {by_id[item["id"]] for item in listed.json()["items"]} == expected
    for agent, reflection_id in written.items():
        one = send(client, tokens[name], "GET", f"/api/v1/reflections/{reflection_id}")
        assert one.status_code == (200 if agent in expected else 404), agent


def test_only_the_agent_changes_or_removes_their_entry(
    engine: Engine, client: TestClient, org: Organisation, tokens: dict[str, str],
    records: Records, entry: int,
) -> None:  # fmt: skip
    path = f"/api/v1/reflections/{entry}"
    assert send(client, tokens["lee"], "PATCH", path, json={"result": "x"}).status_code == 403
    assert send(client, tokens["amy"], "PATCH", path, json={"result": "x"}).status_code == 404
    assert send(client, tokens["lee"], "DELETE", path).status_code == 403
    changed = send(client, tokens["ann"], "PATCH", path,
                   json={"result": "Refund paid; complaint closed.",
                         "evidence": [{"kind": "goal", "ref_id": records.goal}]})  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["result"] == "Refund paid; complaint closed."
    assert changed.json()["situation"] == STAR["situation"]
    assert changed.json()["evidence"] == [{"kind": "goal", "ref_id": records.goal}]
    bad = send(client, tokens["ann"], "PATCH", path,
               json={"result": "y", "evidence": [{"kind": "goal", "ref_id": records.lees_goal}]})  # fmt: skip
    assert error_locations(bad) == [["body", "evidence", 0, "ref_id"]]
    assert send(client, tokens["ann"], "GET", path).json()["result"] == (
        "Refund paid; complaint closed."  # the refused change left nothing behind
    )
    assert send(client, tokens["ann"], "DELETE", path).status_code == 204
    assert send(client, tokens["ann"], "GET", path).status_code == 404
    changes = [
        e.details["change"] for e in entries(engine, AuditAction.PEOPLE_CHANGE, "reflection")
    ]
    assert changes == ["reflection_created", "reflection_updated", "reflection_deleted"]


def test_reading_entries_is_audited_as_an_export_and_signed_out_is_401(
    engine: Engine, client: TestClient, tokens: dict[str, str], entry: int
) -> None:
    assert send(client, None, "GET", "/api/v1/reflections").status_code == 401
    assert send(client, tokens["lee"], "GET", f"/api/v1/reflections/{entry}").status_code == 200
    (export,) = entries(engine, AuditAction.EXPORT, "reflections")
    assert export.object_id == str(entry)
