"""Simulated runs as Switchboard CSV rows that the CSV importer accepts (parsed, no database)."""

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from switchboard.domain.queueing.simulation import (
    SELF_SERVED,
    Absence,
    Agent,
    CallbackOffer,
    Model,
    Patience,
    Queue,
    ServiceTime,
    Shift,
    SimulationResult,
    simulate,
)
from switchboard.domain.queueing.simulation.rows import (
    AGENT_STATE_COLUMNS,
    INTERACTION_COLUMNS,
    agent_state_rows,
    interaction_rows,
)
from switchboard.ingest.records import AgentStateRecord, InteractionRecord, ParseStats, Rejected
from switchboard.ingest.tabular import TabularAdapter

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _run() -> SimulationResult:
    queues = (
        Queue(
            "support",
            arrival_rates=(0.08,),
            service=ServiceTime.lognormal(200, 100),
            patience=Patience.exponential(60),
            wrap_share=0.2,
            ivr_self_service_share=0.1,
            callback=CallbackOffer(30, 0.3, "callbacks"),
        ),
        Queue("callbacks", channel="voice", arrival_rates=(0.0,)),
        Queue("chat", channel="chat", arrival_rates=(0.01,)),
    )
    shift = Shift(0, 7200, (Absence(3000, 3600, "lunch"),))
    agents = tuple(
        Agent(f"agent-{i}", {"support": 1, "callbacks": 2}, shifts=(shift,)) for i in range(12)
    )
    agents += (Agent("chat-1", {"chat": 1}),)
    return simulate(Model(queues=queues, agents=agents, interval_seconds=7200), 21)


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _parse(path: Path, kind: str) -> list[object]:
    adapter = TabularAdapter(kind=kind)
    return list(adapter.parse([path], stats=ParseStats(), on_file=lambda _: None, on_progress=None))


def test_rows_have_exactly_the_import_columns_and_skip_self_service() -> None:
    result = _run()
    rows = list(interaction_rows(result, START))
    assert all(tuple(row) == INTERACTION_COLUMNS for row in rows)
    served = int((result.contacts_outcome == SELF_SERVED).sum())
    assert served > 0
    assert len(rows) == len(result.contacts_arrival) - served
    assert rows[0]["arrived_at"].endswith("Z")
    assert len(rows[0]["arrived_at"]) == 24
    assert {row["outcome"] for row in rows} >= {"answered", "abandoned", "callback"}
    callbacks = [row for row in rows if row["direction"] == "outbound"]
    assert callbacks
    assert all(row["contact_ref"] != row["source_id"] for row in callbacks)
    states = list(agent_state_rows(result, START))
    assert all(tuple(row) == AGENT_STATE_COLUMNS for row in states)
    assert {row["state"] for row in states} >= {"available", "on_contact", "wrap_up", "lunch"}


def test_the_csv_importer_accepts_every_row(tmp_path: Path) -> None:
    result = _run()
    interactions, states = tmp_path / "interactions.csv", tmp_path / "states.csv"
    _write(interactions, INTERACTION_COLUMNS, list(interaction_rows(result, START)))
    _write(states, AGENT_STATE_COLUMNS, list(agent_state_rows(result, START)))
    parsed = _parse(interactions, "interactions")
    assert not [r for r in parsed if isinstance(r, Rejected)]
    assert len(parsed) == int((result.contacts_outcome != SELF_SERVED).sum())
    first = parsed[0]
    assert isinstance(first, InteractionRecord)
    arrival = float(result.contacts_arrival[result.contacts_outcome != SELF_SERVED][0])
    assert abs((first.arrived_at - START).total_seconds() - arrival) < 0.001
    parsed_states = _parse(states, "agent-states")
    assert not [r for r in parsed_states if isinstance(r, Rejected)]
    assert all(isinstance(r, AgentStateRecord) for r in parsed_states)
    assert len({r.source_id for r in parsed_states if isinstance(r, AgentStateRecord)}) == len(
        parsed_states
    )


def test_it_refuses_a_naive_start() -> None:
    with pytest.raises(ValueError, match="start"):
        next(interaction_rows(_run(), datetime(2026, 1, 1)))
