"""A batch commits whole or not at all: SIGKILL an import part-way, several times, then finish it."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from switchboard.db.engine import make_engine, unit_of_work
from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.ingest.records import AgentStateRecord, InteractionRecord, ParseStats
from switchboard.ingest.synthetic import write_queue_log
from switchboard.interactions.models import AgentStateInterval, Interaction

from .helpers import store_counts

LINES = 150_000  # long enough that every kill below lands before the import can finish
# Seconds between seeing the import's transaction start writing and killing it.
KILL_AFTER_WRITING_FOR = (0.0, 0.6, 1.2)


def expected_records(path: Path) -> tuple[int, int]:
    """Interactions and agent states the file holds, counted by the parser alone (no store)."""
    adapter = QueueLogAdapter(timezone="UTC")
    items = list(
        adapter.parse([path], stats=ParseStats(), on_file=lambda _: None, on_progress=None)
    )
    interactions = {r.source_id for r in items if isinstance(r, InteractionRecord)}
    states = {r.source_id for r in items if isinstance(r, AgentStateRecord)}
    return len(interactions), len(states)


APPLICATION = "switchboard-crash-test"


def tagged(database_url: str) -> str:
    """On PostgreSQL, name the importer's connection so the test can watch it in pg_stat_activity."""
    if database_url.startswith("sqlite"):
        return database_url
    return f"{database_url}&application_name={APPLICATION}"


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


def writing(database_url: str) -> bool:
    """Whether an import's write transaction is open right now (seen from another connection)."""
    if database_url.startswith("sqlite"):
        probe = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")  # fails while another connection holds the write lock
            probe.rollback()
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            probe.close()
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            query = "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name AND backend_xid IS NOT NULL"
            return bool(connection.execute(text(query), {"name": APPLICATION}).scalar())
    finally:
        engine.dispose()


def kill_while_writing(process: subprocess.Popen[bytes], database_url: str, then: float) -> None:
    deadline = time.monotonic() + 120
    while not writing(database_url):
        assert process.poll() is None, "the import ended before it was seen writing"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)
    time.sleep(then)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"


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
    importer_url = tagged(database_url)
    for delay in KILL_AFTER_WRITING_FOR:
        process = start_import(importer_url, log)
        kill_while_writing(process, database_url, delay)
        # No partial batch: not one row of the killed run is visible.
        assert store_counts(engine) == dict.fromkeys(store_counts(engine), 0)

    finished = start_import(importer_url, log)
    _, errors = finished.communicate(timeout=300)
    assert finished.returncode == 0, errors.decode()
    assert stored_exactly_once(engine) == expected_records(log)

    again = start_import(importer_url, log)
    again.communicate(timeout=300)
    assert again.returncode == 0
    assert stored_exactly_once(engine) == expected_records(log)
    assert store_counts(engine)["ingest_batches"] == 2  # one per completed run, none from kills
