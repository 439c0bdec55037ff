"""The benchmark stores: a migrated SQLite file or PostgreSQL schema, filled with generated days.

Rows go straight to the driver (``executemany`` on SQLite, ``COPY`` on PostgreSQL), as the
ingest's own bulk path does: filling the store is set-up, not what is measured. A store that was
filled completely is marked in its ingest batch, so ``--reuse`` can trust it.
"""

import hashlib
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text

from _kpi_centre import QUEUES, SITES, TEAM_SIZE, Day
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.db.migrate import upgrade
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.people.models import Agent, AgentSkill, Channel, Queue, Site, Team

CACHE = Path(__file__).parent / "out" / "kpis"  # /benchmarks/out/ is git-ignored
POSTGRES = os.environ.get(
    "SWITCHBOARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SCHEMA = "kpi_bench"
SOURCE = "kpi-bench"
_NAIVE_EPOCH = datetime(1970, 1, 1)

INTERACTION_COLUMNS = (
    "id", "source_system", "source_id", "batch_id", "contact_ref", "segment", "previous_source_id",
    "previous_id", "channel", "direction", "queue_id", "agent_id", "customer_key", "arrived_at",
    "answered_at", "ended_at", "wrap_ended_at", "wait_seconds", "talk_seconds", "hold_seconds",
    "wrap_seconds", "outcome", "disposition", "transferred", "escalated",
)  # fmt: skip
STATE_COLUMNS = (
    "id", "source_system", "source_id", "batch_id", "agent_id", "state", "reason", "queue_id",
    "started_at", "ended_at",
)  # fmt: skip


@dataclass
class Store:
    backend: str
    url: str
    engine: Engine


@dataclass
class People:
    queue_ids: list[int]
    agent_ids: list[int]
    batch_id: int


def store_url(backend: str, file_name: str = "centre.db") -> str:
    """The store's address; ``file_name`` lets another benchmark keep a SQLite store of its own."""
    if backend == "sqlite":
        return f"sqlite:///{CACHE / file_name}"
    return f"{POSTGRES}?options=-csearch_path%3D{SCHEMA}"


def filled_summary(url: str) -> dict[str, Any] | None:
    """What a completely filled store holds (days, rows), or None: missing, partial, not migrated."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            query = select(IngestBatch.summary).where(IngestBatch.source == SOURCE)
            summary = connection.execute(query).scalar()
    except Exception:  # any failure means "not usable": the caller fills a fresh store
        return None
    finally:
        engine.dispose()
    return dict(summary) if summary and summary.get("complete") else None


def fresh_store(backend: str, file_name: str = "centre.db") -> Store:
    """An empty, migrated store in the cache folder or the benchmark schema."""
    url = store_url(backend, file_name)
    if backend == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{CACHE / file_name}{suffix}").unlink(missing_ok=True)
    else:
        engine = make_engine(POSTGRES)
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        engine.dispose()
    upgrade(url)
    return Store(backend, url, make_engine(url))


def add_people(store: Store, agents: int) -> People:
    """Sites, teams of fifteen, agents with their skills, the queues and one ingest batch."""
    with unit_of_work(store.engine) as session:
        sites = [Site(name=name) for name in SITES]
        queues = [Queue(name=q.name, channel=Channel(q.channel), service_level_seconds=q.sl_seconds)
                  for q in QUEUES]  # fmt: skip
        session.add_all([*sites, *queues])
        session.flush()
        teams = [
            Team(name=f"Team {n + 1:02d}", site_id=sites[n % len(sites)].id)
            for n in range(-(-agents // TEAM_SIZE))
        ]
        session.add_all(teams)
        session.flush()
        staff = [Agent(display_name=f"Agent {n + 1:03d}", team_id=teams[n // TEAM_SIZE].id)
                 for n in range(agents)]  # fmt: skip
        batch = IngestBatch(source=SOURCE, file_name="generated", file_digest="-", file_bytes=0,
                            status=BatchStatus.COMPLETED, summary={})  # fmt: skip
        session.add_all([*staff, batch])
        session.flush()
        return People([q.id for q in queues], [a.id for a in staff], batch.id)


def add_skills(store: Store, skills: Sequence[tuple[int, int, int]]) -> None:
    with unit_of_work(store.engine) as session:
        session.add_all(AgentSkill(agent_id=a, queue_id=q, priority=p) for a, q, p in skills)


def mark_complete(store: Store, batch_id: int, summary: dict[str, Any]) -> None:
    with unit_of_work(store.engine) as session:
        batch = session.get(IngestBatch, batch_id)
        assert batch is not None
        batch.summary = {**summary, "complete": True}
        batch.records_created = summary["interactions"] + summary["states"]
        batch.finished_at = datetime.now(UTC)


def customer_key(index: int) -> str:
    """A pseudonymous key shaped like the ingest's own (32 hex digits)."""
    return hashlib.blake2b(index.to_bytes(8, "little"), key=b"bench", digest_size=16).hexdigest()


def stamp(epoch: float | None) -> str | None:
    """Naive UTC text: what SQLite stores, and what PostgreSQL reads in a UTC session."""
    if epoch is None:
        return None
    return (_NAIVE_EPOCH + timedelta(seconds=epoch)).isoformat(" ", "microseconds")


class Loader:
    """Writes rows on one raw driver connection, committing per call so a crash loses little."""

    def __init__(self, store: Store) -> None:
        self.postgres = store.backend == "postgresql"
        self._engine = make_engine(store.url)  # its own, so the UTC session setting stays here
        self._raw: Any = self._engine.raw_connection()
        dbapi = self._raw.driver_connection
        assert dbapi is not None
        self.dbapi: Any = dbapi
        # Set-up only, and the rows are consistent by construction: skip the per-row foreign-key
        # checks (PostgreSQL runs them as triggers, which a replica session does not fire).
        if self.postgres:
            self.dbapi.execute("SET TIME ZONE 'UTC'")
            self.dbapi.execute("SET session_replication_role = replica")
        else:
            self.dbapi.execute("PRAGMA foreign_keys = OFF")

    def write(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        names = ", ".join(columns)
        if self.postgres:
            with (
                self.dbapi.cursor() as cursor,
                cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            self.dbapi.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        self.dbapi.commit()

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids written here, then tidy up."""
        if self.postgres:
            for table in ("interactions", "agent_state_intervals"):
                self.dbapi.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            self.dbapi.commit()
        self._raw.close()
        self._engine.dispose()


@contextmanager
def loader(store: Store) -> Iterator[Loader]:
    load = Loader(store)
    try:
        yield load
    finally:
        load.finish()


def write_customers(load: Loader, count: int, created: float) -> None:
    when = stamp(created)
    for start in range(0, count, 200_000):
        rows = [(customer_key(n), when) for n in range(start, min(count, start + 200_000))]
        load.write("customers", ("key", "created_at"), rows)


class DayRows:
    """Turns a generated day into interaction and state rows, numbering them as it goes."""

    def __init__(self, people: People) -> None:
        self.people = people
        self.next_contact = 1
        self.next_state = 1

    def interactions(self, day: Day) -> list[tuple[Any, ...]]:
        prefix = day.day.strftime("%Y%m%d")
        for n, contact in enumerate(day.contacts):
            contact.id = self.next_contact + n
        self.next_contact += len(day.contacts)
        queues, batch = self.people.queue_ids, self.people.batch_id
        rows = []
        for c in day.contacts:
            source_id = f"{prefix}-{c.id}"
            first = c.previous
            ref = f"{prefix}-{first.id}" if first else source_id
            rows.append((
                c.id, SOURCE, source_id, batch, ref, c.segment, ref if first else None,
                first.id if first else None, QUEUES[c.queue].channel, "inbound", queues[c.queue],
                c.agent, None if c.customer is None else customer_key(c.customer),
                stamp(c.arrived), stamp(c.answered), stamp(c.ended), stamp(c.wrap_ended),
                c.wait, c.talk, c.hold, c.wrap, c.outcome, c.reason, c.transferred, c.escalated,
            ))  # fmt: skip
        return rows

    def states(self, day: Day) -> list[tuple[Any, ...]]:
        prefix, start = day.day.strftime("%Y%m%d"), self.next_state
        self.next_state += len(day.states)
        queues, batch = self.people.queue_ids, self.people.batch_id
        return [
            (start + n, SOURCE, f"{prefix}-s{start + n}", batch, s.agent, s.state, s.reason,
             None if s.queue is None else queues[s.queue], stamp(s.started), stamp(s.ended))
            for n, s in enumerate(day.states)
        ]  # fmt: skip
