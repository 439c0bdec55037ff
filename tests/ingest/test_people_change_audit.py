"""An import that creates agents records each one as a people change, by the system, with ids
only, in the import's own transaction: a failed import leaves no audit row, and importing the
same agents again records nothing."""

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.cli import app
from switchboard.db.engine import unit_of_work
from switchboard.ingest import writer
from switchboard.ingest.models import IngestBatch
from switchboard.ingest.service import IngestOptions, ingest
from switchboard.ingest.tabular import TabularAdapter
from switchboard.kit.errors import InputError
from switchboard.people.models import Agent, AgentAlias

from .helpers import FIXTURES

TABULAR = FIXTURES / "tabular"
INTERACTIONS = TABULAR / "interactions.csv"  # agents alice, bob and carol
STATES = TABULAR / "agent-states.csv"  # agents alice and bob
ZONE = "Europe/London"


def run(engine: Engine, kind: str, path: Path, *, then_fail: bool = False) -> None:
    adapter = TabularAdapter(kind=kind, timezone=ZONE)
    with unit_of_work(engine) as session:
        ingest(session=session, adapter=adapter, paths=[path], options=IngestOptions())
        if then_fail:
            raise RuntimeError("the unit of work fails after the import")


def changes(engine: Engine) -> list[AuditEntry]:
    with unit_of_work(engine) as session:
        query = select(AuditEntry).where(AuditEntry.action == AuditAction.PEOPLE_CHANGE.value)
        return list(session.scalars(query.order_by(AuditEntry.id)))


def agents_by_ref(engine: Engine) -> dict[str, int]:
    with unit_of_work(engine) as session:
        query = select(AgentAlias.external_ref, AgentAlias.agent_id)
        return {ref: agent_id for ref, agent_id in session.execute(query)}


def batch_ids(engine: Engine) -> list[int]:
    with unit_of_work(engine) as session:
        return list(session.scalars(select(IngestBatch.id).order_by(IngestBatch.id)))


def as_json(entry: AuditEntry) -> str:
    columns = AuditEntry.__table__.columns
    return json.dumps({c.key: getattr(entry, c.key) for c in columns}, default=str)


def count(engine: Engine, model: type[Agent] | type[AuditEntry]) -> int:
    with unit_of_work(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_each_agent_an_import_creates_is_one_people_change_by_id(engine: Engine) -> None:
    run(engine, "interactions", INTERACTIONS)
    agents = agents_by_ref(engine)
    (batch_id,) = batch_ids(engine)
    entries = changes(engine)
    assert sorted(e.object_id or "" for e in entries) == sorted(str(i) for i in agents.values())
    assert len(entries) == len(agents) == 3
    for entry in entries:
        assert entry.actor_user_id is None  # the system: an import knows no signed-in user
        assert entry.object_type == "agent"
        assert entry.details == {"change": "agent_created", "batch_id": batch_id}
        row = as_json(entry)
        assert [name for name in agents if name in row] == []


def test_importing_the_same_agents_again_records_nothing_new(engine: Engine) -> None:
    run(engine, "interactions", INTERACTIONS)
    before = [e.id for e in changes(engine)]
    run(engine, "interactions", INTERACTIONS)
    run(engine, "agent-states", STATES)  # alice and bob, whom the first import created
    assert [e.id for e in changes(engine)] == before


def test_only_the_agents_new_to_the_store_are_recorded(engine: Engine, tmp_path: Path) -> None:
    run(engine, "agent-states", STATES)
    first = {e.object_id for e in changes(engine)}
    run(engine, "interactions", INTERACTIONS)
    second = {e.object_id for e in changes(engine)} - first
    assert second == {str(agents_by_ref(engine)["carol"])}


def test_a_failed_import_leaves_no_agent_and_no_audit_row(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "FLUSH_EVERY", 1)  # agents are written before the bad line
    bad = tmp_path / "bad.csv"
    lines = INTERACTIONS.read_text(encoding="utf-8").splitlines()[:4]
    bad.write_text("\n".join([*lines, "c9,,,,,,sales,dave,,,not-a-time"]) + "\n", "utf-8")
    with pytest.raises(InputError):
        run(engine, "interactions", bad)
    assert (count(engine, Agent), count(engine, AuditEntry)) == (0, 0)


def test_the_audit_rows_commit_with_the_import_or_roll_back_with_it(engine: Engine) -> None:
    with pytest.raises(RuntimeError):
        run(engine, "interactions", INTERACTIONS, then_fail=True)
    assert (count(engine, Agent), count(engine, AuditEntry)) == (0, 0)


def test_the_audit_chain_verifies_after_imports(engine: Engine, database_url: str) -> None:
    run(engine, "agent-states", STATES)
    run(engine, "interactions", INTERACTIONS)
    result = CliRunner().invoke(app, ["--database-url", database_url, "audit", "verify"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("audit trail intact: 3 rows")
