"""What keeping the aggregates costs an ingest: the same queue_log into a fresh store, with and
without ``maintain_aggregates``. The difference is the refresh of the local days it touched."""

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from _kpi_store import CACHE, POSTGRES
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.db.migrate import upgrade
from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.ingest.service import IngestOptions, ingest
from switchboard.ingest.synthetic import write_queue_log

SCHEMA = "kpi_upkeep"
TIMEZONE = "Europe/London"


@dataclass
class Upkeep:
    lines: int
    records: int
    without: list[float]
    with_aggregates: list[float]

    @property
    def share(self) -> float:
        """(with − without) ÷ with, on the medians."""
        slow, fast = statistics.median(self.with_aggregates), statistics.median(self.without)
        return (slow - fast) / slow


def queue_log(lines: int) -> Path:
    path = CACHE / f"upkeep-{lines}.queue_log"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        write_queue_log(path, lines)
    return path


def _fresh(backend: str) -> str:
    if backend == "sqlite":
        path = CACHE / "upkeep.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    else:
        engine = make_engine(POSTGRES)
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        engine.dispose()
        url = f"{POSTGRES}?options=-csearch_path%3D{SCHEMA}"
    upgrade(url)
    return url


def _ingest_once(backend: str, log: Path, maintain: bool) -> tuple[float, int]:
    """Seconds for one ingest run, commit included, and the records it created."""
    engine = make_engine(_fresh(backend))
    options = IngestOptions(maintain_aggregates=maintain, timezone=TIMEZONE)
    started = time.perf_counter()
    with unit_of_work(engine) as session:
        summary = ingest(session=session, adapter=QueueLogAdapter(timezone=TIMEZONE),
                         paths=[log], options=options)  # fmt: skip
    elapsed = time.perf_counter() - started
    engine.dispose()
    counts = summary.counts
    return elapsed, counts["interactions_created"] + counts["agent_states_created"]


def measure(backend: str, lines: int, repeats: int) -> Upkeep:
    """Alternate the two kinds of run, so drift on a shared machine hits both alike."""
    log = queue_log(lines)
    result = Upkeep(lines, 0, [], [])
    for _ in range(repeats):
        seconds, result.records = _ingest_once(backend, log, maintain=False)
        result.without.append(seconds)
        seconds, _ = _ingest_once(backend, log, maintain=True)
        result.with_aggregates.append(seconds)
    if backend == "postgresql":
        _fresh_drop()
    return result


def _fresh_drop() -> None:
    engine = make_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()
