"""No N+1: each list endpoint runs as many SQL statements for 50 rows as for 1."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from switchboard.db.engine import unit_of_work
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.interactions.models import (
    AgentState,
    AgentStateInterval,
    Direction,
    Interaction,
    Outcome,
)
from switchboard.people.models import Agent, Channel, Queue, Role, Site, Team
from tests.web.conftest import make_user
from tests.web.test_api import bearer, new_token

LISTS = ["/api/v1/queues", "/api/v1/teams", "/api/v1/people", "/api/v1/interactions",
         "/api/v1/agent-states", "/api/v1/reports/kpis?by=agent,queue"]  # fmt: skip
T0 = datetime(2026, 11, 27, 9, tzinfo=UTC)


def _add_rows(engine: Engine, prefix: str, count: int, leader_id: int) -> None:
    """``count`` each of sites, teams (led by the viewer), queues, agents, contacts and states."""
    with unit_of_work(engine) as session:
        batch = IngestBatch(source="test", file_name=f"{prefix}.csv", file_digest="0" * 64,
                            file_bytes=0, status=BatchStatus.COMPLETED)  # fmt: skip
        session.add(batch)
        for n in range(count):
            name = f"{prefix}{n}"
            site = Site(name=name)
            queue = Queue(name=name, channel=Channel.VOICE, service_level_seconds=20)
            session.add_all([site, queue])
            session.flush()
            team = Team(name=name, site_id=site.id, leader_id=leader_id)
            session.add(team)
            session.flush()
            agent = Agent(display_name=name, team_id=team.id)
            session.add(agent)
            session.flush()
            at = T0 + timedelta(minutes=n)
            session.add_all([
                Interaction(source_system="t", source_id=f"c{name}", batch_id=batch.id,
                            contact_ref=name, channel=Channel.VOICE, queue_id=queue.id,
                            direction=Direction.INBOUND, agent_id=agent.id, arrived_at=at,
                            outcome=Outcome.ANSWERED),
                AgentStateInterval(source_system="t", source_id=f"s{name}", batch_id=batch.id,
                                   agent_id=agent.id, state=AgentState.AVAILABLE, started_at=at,
                                   ended_at=at + timedelta(minutes=1)),
            ])  # fmt: skip


def _statements(app: FastAPI, client: TestClient, token: str, path: str) -> int:
    """SQL statements one request runs, counted on the app's own engine."""
    engine: Engine = app.state.web_context.engine
    seen: list[object] = []

    def count(*args: object) -> None:
        seen.append(args)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path, headers=bearer(token))
        assert response.status_code == 200, response.text
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


@pytest.mark.parametrize("path", LISTS)
def test_a_list_runs_as_many_statements_for_50_rows_as_for_1(
    app: FastAPI, client: TestClient, engine: Engine, path: str
) -> None:
    leader = make_user(engine, "lead", Role.TEAM_LEADER)  # every team is theirs: a scoped viewer
    token = new_token(engine, leader)
    _add_rows(engine, "a", 1, leader.id)
    # A token's first use records when it was used (at most once a minute): warm it up first,
    # so both counts are of requests that read alone.
    client.get("/api/v1/me", headers=bearer(token))
    one = _statements(app, client, token, f"{path}")
    _add_rows(engine, "b", 49, leader.id)
    fifty = _statements(app, client, token, f"{path}")
    assert fifty == one
    body = client.get(path, headers=bearer(token)).json()
    assert len(body.get("items", body.get("rows", []))) == 50
