"""A batch commits whole or not at all: SIGKILL an import part-way, several times, then finish it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from switchboard.db.engine import unit_of_work
from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.ingest.records import AgentStateRecord, InteractionRecord, ParseStats
from switchboard.ingest.synthetic import write_queue_log
from switchboard.interactions.models import AgentStateInterval, Interaction

from .helpers import store_counts

LINES = 150_000  # long enough that every kill below lands before the import can finish
KILL_AFTER_SECONDS = (1.0, 1.6, 2.2)


def expected_records(path: Path) -> tuple[int, int]:
    """Interactions and agent states the file holds, counted by the parser alone (no store)."""
    adapter = QueueLogAdapter(timezone="UTC")
    items = list(
        adapter.parse([path], stats=ParseStats(), on_file=lambda _: None, on_progress=None)
    )
    interactions = {r.source_id for r in items if isinstance(r, InteractionRecord)}
    states = {r.source_id for r in items if isinstance(r, AgentStateRecord)}
    return len(interactions), len(states)


def start_import(database_url: str, path: Path) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "switchboard",
        "--database-url",
        database_url,
        "ingest",
        "queue-log",
        str(path),
    ]
    env = {**os.environ, "SWITCHBOARD_TIMEZONE": "UTC"}
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def stored_exactly_once(engine: Engine) -> tuple[int, int]:
    with unit_of_work(engine) as session:
        for model in (Interaction, AgentStateInterval):
            total = session.scalar(select(func.count()).select_from(model))
            distinct = session.scalar(select(func.count(func.distinct(model.source_id))))
            assert total == distinct, f"{model.__tablename__} holds duplicates"
    counts = store_counts(engine)
    return counts["interactions"], counts["agent_state_intervals"]


@pytest.mark.slow
def test_killed_imports_leave_nothing_and_a_rerun_stores_everything_once(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "big.queue_log"
    write_queue_log(log, LINES)
    for delay in KILL_AFTER_SECONDS:
        process = start_import(database_url, log)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        assert process.returncode == -signal.SIGKILL, (
            "the import finished before it could be killed"
        )
        # No partial batch: not one row of the killed run is visible.
        assert store_counts(engine) == dict.fromkeys(store_counts(engine), 0)

    finished = start_import(database_url, log)
    _, errors = finished.communicate(timeout=300)
    assert finished.returncode == 0, errors.decode()
    assert stored_exactly_once(engine) == expected_records(log)

    again = start_import(database_url, log)
    again.communicate(timeout=300)
    assert again.returncode == 0
    assert stored_exactly_once(engine) == expected_records(log)
    assert store_counts(engine)["ingest_batches"] == 2  # one per completed run, none from kills
