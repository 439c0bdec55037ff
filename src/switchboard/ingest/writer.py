"""Turns a stream of records into rows: resolves names to ids, skips what is stored, writes in bulk.

Records are buffered and written in chunks, so memory stays flat however long the input is.
Everything happens inside the caller's transaction; the writer never commits.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from switchboard.customers.models import IdentityKind
from switchboard.ingest import repository
from switchboard.ingest.bulk import BulkInserter, Insert, Row, TimeFormat, time_format
from switchboard.ingest.records import AgentStateRecord, InteractionRecord, Record, SurveyRecord
from switchboard.kit.clock import utcnow
from switchboard.people.models import DEFAULT_SERVICE_LEVEL_SECONDS, Channel, Queue

FLUSH_EVERY = 5000
_CUSTOMER_CACHE_LIMIT = 100_000  # identifiers; keeps memory flat however many customers

INTERACTION_COLUMNS = (
    "source_system", "source_id", "batch_id", "contact_ref", "segment", "previous_source_id",
    "channel", "direction", "queue_id", "agent_id", "customer_key",
    "arrived_at", "answered_at", "ended_at", "wrap_ended_at",
    "wait_seconds", "talk_seconds", "hold_seconds", "wrap_seconds",
    "outcome", "disposition", "transferred", "escalated", "source_updated_at",
)  # fmt: skip
STATE_COLUMNS = (
    "source_system", "source_id", "batch_id", "agent_id", "state", "reason", "queue_id",
    "started_at", "ended_at",
)  # fmt: skip
SURVEY_COLUMNS = (
    "source_system", "source_id", "batch_id", "interaction_source_system", "interaction_source_id",
    "kind", "score", "scale_min", "scale_max", "responded_at", "comment",
)  # fmt: skip
_TABLES = {
    InteractionRecord: ("interactions", INTERACTION_COLUMNS),
    AgentStateRecord: ("agent_state_intervals", STATE_COLUMNS),
    SurveyRecord: ("survey_responses", SURVEY_COLUMNS),
}
_CREATED_KEY = {
    "interactions": "interactions_created",
    "agent_state_intervals": "agent_states_created",
    "survey_responses": "surveys_created",
}


@dataclass
class WriteCounts:
    interactions_created: int = 0
    interactions_updated: int = 0
    agent_states_created: int = 0
    surveys_created: int = 0
    duplicates_skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def mac_key(secret: str) -> bytes:
    """The secret hashed to fit BLAKE2b's key size (at most 64 bytes)."""
    return hashlib.sha256(secret.encode()).digest()


def pseudonymous_key(key: bytes, kind: str, value: str) -> str:
    """A keyed hash of an identifier: stable across imports, meaningless without the secret.

    Keyed BLAKE2b is a MAC in its own right (RFC 7693) and several times faster than HMAC-SHA256,
    which matters at a million contacts.
    """
    normalised = "".join(value.split()).lower()
    return hashlib.blake2b(f"{kind}:{normalised}".encode(), key=key, digest_size=16).hexdigest()


class BatchWriter:
    def __init__(self, session: Session, *, source_system: str, pseudonym_secret: str) -> None:
        self.session = session
        self.source_system = source_system
        self.batch_id = 0
        self.counts = WriteCounts()
        self._mac_key = mac_key(pseudonym_secret)
        self._stamp: TimeFormat = time_format(session)
        self._bulk = BulkInserter(session)
        self._buffers: dict[type, dict[str, Record]] = {kind: {} for kind in _TABLES}
        self._queues: dict[str, int] = {}
        self._agents: dict[str, int] = {}
        self.agents_created: list[tuple[int, int]] = []
        """(agent id, batch id) of each agent this run created, for the audit trail."""
        self._customers: dict[tuple[IdentityKind, str], str] = {}  # identifier -> stored key
        self._hulls: dict[int, tuple[datetime, datetime] | None] = {}
        self._builders: dict[type, Callable[[Any, TimeFormat], Row]] = {
            InteractionRecord: self._interaction_row,
            AgentStateRecord: self._state_row,
            SurveyRecord: self._survey_row,
        }

    def add(self, record: Record) -> None:
        buffer = self._buffers[type(record)]
        held = buffer.get(record.source_id)
        if held is not None:
            self.counts.duplicates_skipped += 1
            if not _newer(_version(record), _version(held)):
                return
        buffer[record.source_id] = record
        if len(buffer) >= FLUSH_EVERY:
            self.flush(wait=False)

    def flush(self, *, wait: bool = True) -> None:
        """Write everything buffered. With ``wait=False`` the database may still be at it
        (PostgreSQL), so call :meth:`settle` before using the session."""
        for kind, buffer in self._buffers.items():
            if buffer:
                records = list(buffer.values())
                buffer.clear()
                self._write(kind, records)
        if wait:
            self.settle()

    def settle(self) -> None:
        """Wait for the database to finish what was submitted, and count what it inserted."""
        for table, offered, inserted in self._bulk.outcomes_so_far():
            if table in _CREATED_KEY:
                created = _CREATED_KEY[table]
                setattr(self.counts, created, getattr(self.counts, created) + inserted)
                self.counts.duplicates_skipped += offered - inserted

    def close(self) -> None:
        self._bulk.close()

    def _write(self, kind: type, records: list[Record]) -> None:
        """Customers first (interactions refer to them), then replacements, then new rows."""
        table, columns = _TABLES[kind]
        self._resolve_names(records)
        customers = self._new_customers(records)
        if kind is InteractionRecord and any(_version(r) for r in records):
            self._bulk.submit(customers)  # a newer version may name a customer not yet stored
            customers = []
            records = self._replace_older_versions(records)
        if kind is AgentStateRecord:
            records = self._outside_stored_states(records)
        build = self._builders[kind]
        rows = [build(record, self._stamp) for record in records]
        self._bulk.submit([*customers, (table, columns, rows)])

    def _replace_older_versions(self, records: list[Record]) -> list[Record]:
        """Sources that revise records (Connect CTRs) carry a version time: newest wins."""
        versioned = [r for r in records if isinstance(r, InteractionRecord) and r.source_updated_at]
        self.settle()
        stored = repository.existing_versions(
            self.session,
            repository.TABLES["interactions"],
            self.source_system,
            [r.source_id for r in versioned],
        )
        kept: list[Record] = []
        for record in records:
            if record.source_id not in stored:
                kept.append(record)
            elif _newer(_version(record), stored[record.source_id]):
                assert isinstance(record, InteractionRecord)
                row = dict(
                    zip(INTERACTION_COLUMNS, self._interaction_row(record, _as_is), strict=True)
                )
                repository.replace_interaction(self.session, self.source_system, row)
                self.counts.interactions_updated += 1
            else:
                self.counts.duplicates_skipped += 1
        return kept

    def _outside_stored_states(self, records: list[Record]) -> list[Record]:
        """Trim each new state interval to the time the store does not already account for.

        Two overlapping queue_log files see an agent's state from different starting points, so
        the same stretch of time can arrive as two differently-cut intervals; an agent is in one
        state at a time, so what is already stored wins and the new interval keeps only the rest.
        """
        states = [r for r in records if isinstance(r, AgentStateRecord)]
        if not states:
            return records
        self.settle()
        spans: dict[int, tuple[datetime, datetime]] = {}
        for r in states:
            agent_id = self._agents[r.agent]
            hull = self._stored_hull(agent_id)
            if hull is None or r.ended_at <= hull[0] or r.started_at >= hull[1]:
                continue  # clear of everything stored before this run: nothing to trim
            start, end = spans.get(agent_id, (r.started_at, r.ended_at))
            spans[agent_id] = (min(start, r.started_at), max(end, r.ended_at))
        stored = repository.stored_intervals(self.session, spans) if spans else {}
        kept: list[Record] = []
        for record in states:
            start, end = _free_part(
                record.started_at, record.ended_at, stored.get(self._agents[record.agent], [])
            )
            if start < end:
                record.started_at, record.ended_at = start, end
                kept.append(record)
            else:
                self.counts.duplicates_skipped += 1
        return kept

    def _stored_hull(self, agent_id: int) -> tuple[datetime, datetime] | None:
        """The span of the agent's states stored before this run, looked up once per run.

        This run's own states never overlap each other (one tracker cuts them in sequence), so
        only time inside this span can need trimming, and most imports never touch it."""
        if agent_id not in self._hulls:
            self._hulls[agent_id] = repository.stored_hull(self.session, agent_id)
        return self._hulls[agent_id]

    def _interaction_row(self, r: InteractionRecord, stamp: TimeFormat) -> Row:
        return (
            self.source_system, r.source_id, self.batch_id, r.contact_ref, r.segment, r.previous_source_id,
            r.channel.value, r.direction.value,
            self._queues[r.queue] if r.queue else None,
            self._agents[r.agent] if r.agent else None,
            self._customer_key(r),
            stamp(r.arrived_at), stamp(r.answered_at), stamp(r.ended_at), stamp(r.wrap_ended_at),
            r.wait_seconds, r.talk_seconds, r.hold_seconds, r.wrap_seconds,
            r.outcome.value, r.disposition, r.transferred, r.escalated, stamp(r.source_updated_at),
        )  # fmt: skip

    def _state_row(self, r: AgentStateRecord, stamp: TimeFormat) -> Row:
        return (
            self.source_system, r.source_id, self.batch_id, self._agents[r.agent], r.state.value,
            r.reason, self._queues[r.queue] if r.queue else None, stamp(r.started_at), stamp(r.ended_at),
        )  # fmt: skip

    def _survey_row(self, r: SurveyRecord, stamp: TimeFormat) -> Row:
        return (
            self.source_system, r.source_id, self.batch_id, r.interaction_source_system,
            r.interaction_source_id, r.kind.value, r.score, r.scale_min, r.scale_max,
            stamp(r.responded_at), r.comment,
        )  # fmt: skip

    def _customer_key(self, record: InteractionRecord) -> str | None:
        if not record.customer:
            return None
        known = self._customers.get((record.customer_kind, record.customer))
        if known is not None:
            return known
        return pseudonymous_key(self._mac_key, record.customer_kind.value, record.customer)

    def _new_customers(self, records: list[Record]) -> list[Insert]:
        """Customers first seen here: the key in one table, the identifier in another."""
        customers: list[Row] = []
        identities: list[Row] = []
        now = self._stamp(utcnow())
        for record in records:
            if not isinstance(record, InteractionRecord) or not record.customer:
                continue
            identifier = (record.customer_kind, record.customer)
            if identifier in self._customers:
                continue
            key = pseudonymous_key(self._mac_key, record.customer_kind.value, record.customer)
            if len(self._customers) >= _CUSTOMER_CACHE_LIMIT:
                self._customers.clear()  # only a shortcut: the insert skips known keys anyway
            self._customers[identifier] = key
            customers.append((key, now))
            identities.append((key, record.customer_kind.value, record.customer))
        return [
            ("customers", ("key", "created_at"), customers),
            ("customer_identities", ("customer_key", "kind", "value"), identities),
        ]

    def _resolve_names(self, records: list[Record]) -> None:
        queues: dict[str, Channel] = {}
        agents: set[str] = set()
        for r in records:
            if isinstance(r, SurveyRecord):
                continue
            if r.queue and r.queue not in self._queues:
                queues[r.queue] = r.channel if isinstance(r, InteractionRecord) else Channel.VOICE
            if r.agent and r.agent not in self._agents:
                agents.add(r.agent)
        if queues or agents:
            self.settle()  # new names are rare; looking them up needs the session to ourselves
            self._resolve_queues(queues)
            self._resolve_agents(agents)

    def _resolve_queues(self, wanted: dict[str, Channel]) -> None:
        if not wanted:
            return
        self._queues.update(repository.queue_ids(self.session, wanted))
        for name, channel in wanted.items():
            if name not in self._queues:
                seconds = DEFAULT_SERVICE_LEVEL_SECONDS[channel]
                queue = Queue(name=name, channel=channel, service_level_seconds=seconds)
                self._queues[name] = repository.add_queue(self.session, queue)

    def _resolve_agents(self, wanted: set[str]) -> None:
        if not wanted:
            return
        self._agents.update(repository.agent_ids(self.session, self.source_system, wanted))
        for ref in sorted(wanted - self._agents.keys()):  # sorted: ids and audit rows repeatable
            self._agents[ref] = repository.add_agent(
                self.session, source_system=self.source_system, external_ref=ref, display_name=ref
            )
            self.agents_created.append((self._agents[ref], self.batch_id))


def _free_part(
    start: datetime, end: datetime, taken: list[tuple[datetime, datetime]]
) -> tuple[datetime, datetime]:
    """The first stretch of ``start``..``end`` that none of the ``taken`` intervals covers."""
    for taken_start, taken_end in taken:
        if taken_start >= end or taken_end <= start:
            continue
        if taken_start <= start:
            start = taken_end
        else:
            end = taken_start
        if start >= end:
            break
    return start, end


def _as_is(value: Any) -> Any:
    return value


def _version(record: Record) -> datetime | None:
    """The source's own last-update time of a record, for sources that revise records."""
    return getattr(record, "source_updated_at", None)


def _newer(new: datetime | None, old: datetime | None) -> bool:
    """Only a record with a version can replace one, and only one with an older version."""
    return new is not None and old is not None and new > old
