"""Every read of people data through the API is audited as one export, with counts and ids only:
people, interactions and agent states, a page or a single record. Queues and teams, refusals and
records not found export nothing, and the audit chain still verifies afterwards."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.cli import app
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.interactions.models import (
    AgentState,
    AgentStateInterval,
    Direction,
    Interaction,
    Outcome,
)
from switchboard.people.models import Agent, Channel
from tests.access.conftest import T0
from tests.web.api_support import Organisation, call, db, org, tokens
from tests.web.conftest import audited

__all__ = ["db", "org", "tokens"]  # pytest fixtures this module uses

NAME = "Zebedee Quartermain"
"""An agent's name that nothing but their own record holds: it must never reach the log."""
LEES_AGENTS = ("Ann", "Lee", "Abe", NAME)


@dataclass(frozen=True)
class Zebedee:
    agent_id: int
    interaction_id: int


@pytest.fixture
def zebedee(db: Session, org: Organisation) -> Zebedee:
    """A fourth agent in team A1 (lee's), with one contact and one state interval."""
    agent = Agent(display_name=NAME, team_id=org.teams["A1"])
    batch = IngestBatch(source="test", file_name="zeb.csv", file_digest="1" * 64,
                        file_bytes=0, status=BatchStatus.COMPLETED)  # fmt: skip
    db.add_all([agent, batch])
    db.flush()
    contact = Interaction(
        source_system="test", source_id="zeb", batch_id=batch.id, contact_ref="zeb",
        channel=Channel.VOICE, direction=Direction.INBOUND, agent_id=agent.id, arrived_at=T0,
        outcome=Outcome.ANSWERED,
    )  # fmt: skip
    state = AgentStateInterval(
        source_system="test", source_id="zeb", batch_id=batch.id, agent_id=agent.id,
        state=AgentState.AVAILABLE, started_at=T0, ended_at=T0 + timedelta(hours=1),
    )  # fmt: skip
    db.add_all([contact, state])
    db.commit()
    return Zebedee(agent.id, contact.id)


@dataclass(frozen=True)
class Read:
    """A request lee (team leader of A1: ann, lee, abe and zebedee) makes, and its audit row."""

    path: str
    params: dict[str, Any]
    object_type: str
    object_id: str | None
    details: dict[str, Any]


READS: dict[str, Callable[[Organisation, Zebedee], Read]] = {
    "people": lambda o, z: Read(
        "/api/v1/people", {}, "people", None, {"rows": 4, "more": False}
    ),
    "a page of a team's people": lambda o, z: Read(
        "/api/v1/people", {"limit": 3, "team_id": o.teams["A1"]}, "people", None,
        {"rows": 3, "more": True, "team_id": o.teams["A1"]},
    ),
    "one person": lambda o, z: Read(
        f"/api/v1/people/{z.agent_id}", {}, "people", str(z.agent_id), {"rows": 1}
    ),
    "an agent's interactions": lambda o, z: Read(
        "/api/v1/interactions", {"agent_id": z.agent_id}, "interactions", None,
        {"rows": 1, "more": False, "agent_id": z.agent_id},
    ),
    "one interaction": lambda o, z: Read(
        f"/api/v1/interactions/{z.interaction_id}", {}, "interactions", str(z.interaction_id),
        {"rows": 1},
    ),
    "agent states": lambda o, z: Read(
        "/api/v1/agent-states", {}, "agent_states", None, {"rows": 4, "more": False}
    ),
}  # fmt: skip


def as_json(entry: AuditEntry) -> str:
    """The whole row, every column, as text: what someone reading the log would see."""
    columns = AuditEntry.__table__.columns
    return json.dumps({c.key: getattr(entry, c.key) for c in columns}, default=str)


@pytest.mark.parametrize("read", sorted(READS))
def test_each_read_of_people_data_is_one_export_with_counts_and_ids_only(
    client: TestClient, engine: Engine, org: Organisation, zebedee: Zebedee,
    tokens: dict[str, str], read: str,
) -> None:  # fmt: skip
    expected = READS[read](org, zebedee)
    response = call(client, tokens["lee"], expected.path, **expected.params)
    assert response.status_code == 200, response.text

    (entry,) = audited(engine, AuditAction.EXPORT)
    assert entry.actor_user_id == org.users["lee"].id
    assert (entry.object_type, entry.object_id) == (expected.object_type, expected.object_id)
    assert entry.details == expected.details
    row = as_json(entry)
    assert [name for name in (*LEES_AGENTS, "Zebedee") if name in row] == []


def test_the_people_answers_name_the_agent_that_the_audit_rows_do_not(
    client: TestClient, org: Organisation, zebedee: Zebedee, tokens: dict[str, str]
) -> None:
    """So the test above looks for a name that really was exported."""
    for read in ("people", "one person"):
        expected = READS[read](org, zebedee)
        assert NAME in call(client, tokens["lee"], expected.path, **expected.params).text


@pytest.mark.parametrize("path", ["/api/v1/queues", "/api/v1/teams"])
def test_queues_and_teams_are_not_people_data_and_are_not_audited(
    client: TestClient, engine: Engine, org: Organisation, tokens: dict[str, str], path: str
) -> None:
    assert call(client, tokens["lee"], path).status_code == 200
    assert audited(engine, AuditAction.EXPORT) == []


def test_a_record_not_found_or_refused_exports_nothing(
    client: TestClient, engine: Engine, org: Organisation, tokens: dict[str, str]
) -> None:
    assert call(client, tokens["lee"], f"/api/v1/people/{org.agents['bob']}").status_code == 404
    assert call(client, tokens["lee"], "/api/v1/interactions/999999").status_code == 404
    assert call(client, tokens["pat"], "/api/v1/interactions").status_code == 403
    assert audited(engine, AuditAction.EXPORT) == []
    assert len(audited(engine, AuditAction.PERMISSION_DENIED)) == 1


def test_every_page_is_its_own_export(
    client: TestClient, engine: Engine, org: Organisation, tokens: dict[str, str]
) -> None:
    offset: int | None = 0
    while offset is not None:
        offset = call(client, tokens["ari"], "/api/v1/people", limit=4, offset=offset).json()[
            "next"
        ]
    entries = audited(engine, AuditAction.EXPORT)
    assert [(e.details or {})["rows"] for e in entries] == [4, 4, 1]  # nine agents
    assert [(e.details or {})["more"] for e in entries] == [True, True, False]
    assert {e.actor_user_id for e in entries} == {org.users["ari"].id}


def test_the_audit_chain_still_verifies_after_the_exports(
    client: TestClient, engine: Engine, database_url: str, org: Organisation, zebedee: Zebedee,
    tokens: dict[str, str],
) -> None:  # fmt: skip
    for make in READS.values():
        read = make(org, zebedee)
        assert call(client, tokens["lee"], read.path, **read.params).status_code == 200
    result = CliRunner().invoke(app, ["--database-url", database_url, "audit", "verify"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("audit trail intact: ")
    assert len(audited(engine, AuditAction.EXPORT)) == len(READS)
