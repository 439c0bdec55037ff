"""Turns a stream of records into rows: resolves names to ids, skips what is stored, writes in bulk.

Records are buffered and written in chunks, so memory stays flat however long the input is.
Everything happens inside the caller's transaction; the writer never commits.
"""

import hashlib
import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from switchboard.ingest import repository
from switchboard.ingest.records import AgentStateRecord, InteractionRecord, Record, SurveyRecord
from switchboard.people.models import DEFAULT_SERVICE_LEVEL_SECONDS, Channel, Queue

FLUSH_EVERY = 5000
_CUSTOMER_CACHE_LIMIT = 200_000  # keeps memory flat on inputs with millions of customers


@dataclass
class WriteCounts:
    interactions_created: int = 0
    interactions_updated: int = 0
    agent_states_created: int = 0
    surveys_created: int = 0
    duplicates_skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def pseudonymous_key(secret: str, kind: str, value: str) -> str:
    """A keyed hash of an identifier: stable across imports, meaningless without the secret."""
    normalised = "".join(value.split()).lower()
    message = f"{kind}:{normalised}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


@dataclass
class _Buffer:
    table: str
    records: dict[str, Record] = field(default_factory=dict)


class BatchWriter:
    def __init__(self, session: Session, *, source_system: str, pseudonym_secret: str) -> None:
        self.session = session
        self.source_system = source_system
        self.secret = pseudonym_secret
        self.batch_id = 0
        self.counts = WriteCounts()
        self._buffers = {
            InteractionRecord: _Buffer("interactions"),
            AgentStateRecord: _Buffer("agent_states"),
            SurveyRecord: _Buffer("surveys"),
        }
        self._queues: dict[str, int] = {}
        self._agents: dict[str, int] = {}
        self._customers: set[str] = set()

    def add(self, record: Record) -> None:
        buffer = self._buffers[type(record)].records
        held = buffer.get(record.source_id)
        if held is not None:
            self.counts.duplicates_skipped += 1
            if not _is_newer(record, held):
                return
        buffer[record.source_id] = record
        if len(buffer) >= FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        for buffer in self._buffers.values():
            if buffer.records:
                records = list(buffer.records.values())
                buffer.records.clear()
                self._write(buffer.table, records)

    def _write(self, table_name: str, records: list[Record]) -> None:
        self._resolve_names(records)
        table = repository.TABLES[table_name]
        stored = repository.existing_versions(
            self.session, table, self.source_system, [r.source_id for r in records]
        )
        new_rows: list[dict[str, Any]] = []
        for record in records:
            if record.source_id not in stored:
                new_rows.append(self._row(record))
            elif _replaces(record, stored[record.source_id]):
                repository.replace_interaction(self.session, self.source_system, self._row(record))
                self.counts.interactions_updated += 1
            else:
                self.counts.duplicates_skipped += 1
        repository.insert_rows(self.session, table, new_rows)
        self._count_created(table_name, len(new_rows))

    def _count_created(self, table_name: str, created: int) -> None:
        if table_name == "interactions":
            self.counts.interactions_created += created
        elif table_name == "agent_states":
            self.counts.agent_states_created += created
        else:
            self.counts.surveys_created += created

    def _row(self, record: Record) -> dict[str, Any]:
        builders: dict[type, Callable[[Any], dict[str, Any]]] = {
            InteractionRecord: self._interaction_row,
            AgentStateRecord: self._state_row,
            SurveyRecord: self._survey_row,
        }
        row = builders[type(record)](record)
        row.update(
            source_system=self.source_system, source_id=record.source_id, batch_id=self.batch_id
        )
        return row

    def _interaction_row(self, r: InteractionRecord) -> dict[str, Any]:
        return {
            "contact_ref": r.contact_ref, "segment": r.segment,
            "previous_source_id": r.previous_source_id, "previous_id": None,
            "channel": r.channel, "direction": r.direction,
            "queue_id": self._queues[r.queue] if r.queue else None,
            "agent_id": self._agents[r.agent] if r.agent else None,
            "customer_key": self._customer_key(r),
            "arrived_at": r.arrived_at, "answered_at": r.answered_at,
            "ended_at": r.ended_at, "wrap_ended_at": r.wrap_ended_at,
            "wait_seconds": r.wait_seconds, "talk_seconds": r.talk_seconds,
            "hold_seconds": r.hold_seconds, "wrap_seconds": r.wrap_seconds,
            "outcome": r.outcome, "disposition": r.disposition,
            "transferred": r.transferred, "escalated": r.escalated,
            "source_updated_at": r.source_updated_at,
        }  # fmt: skip

    def _state_row(self, r: AgentStateRecord) -> dict[str, Any]:
        return {
            "agent_id": self._agents[r.agent], "state": r.state, "reason": r.reason,
            "queue_id": self._queues[r.queue] if r.queue else None,
            "started_at": r.started_at, "ended_at": r.ended_at,
        }  # fmt: skip

    def _survey_row(self, r: SurveyRecord) -> dict[str, Any]:
        return {
            "interaction_source_system": r.interaction_source_system,
            "interaction_source_id": r.interaction_source_id, "interaction_id": None,
            "kind": r.kind, "score": r.score, "scale_min": r.scale_min, "scale_max": r.scale_max,
            "responded_at": r.responded_at, "comment": r.comment,
        }  # fmt: skip

    def _customer_key(self, record: InteractionRecord) -> str | None:
        if not record.customer:
            return None
        return pseudonymous_key(self.secret, record.customer_kind.value, record.customer)

    def _resolve_customers(self, records: list[Record]) -> None:
        """Store customers first seen in this chunk: key in one table, identifier in another."""
        customers: list[dict[str, Any]] = []
        identities: list[dict[str, Any]] = []
        for record in records:
            key = self._customer_key(record) if isinstance(record, InteractionRecord) else None
            if key is None or key in self._customers:
                continue
            if len(self._customers) >= _CUSTOMER_CACHE_LIMIT:
                self._customers.clear()  # only a shortcut: the insert ignores known keys anyway
            assert isinstance(record, InteractionRecord)
            assert record.customer
            self._customers.add(key)
            customers.append({"key": key})
            identities.append(
                {"customer_key": key, "kind": record.customer_kind.value, "value": record.customer}
            )
        repository.add_customers(self.session, customers, identities)

    def _resolve_names(self, records: list[Record]) -> None:
        queues = {r.queue: r for r in records if not isinstance(r, SurveyRecord) and r.queue}
        self._resolve_queues(queues)
        agents = {r.agent for r in records if not isinstance(r, SurveyRecord) and r.agent}
        self._resolve_agents(agents)
        self._resolve_customers(records)

    def _resolve_queues(self, wanted: Mapping[str, Record]) -> None:
        missing = [name for name in wanted if name not in self._queues]
        if not missing:
            return
        self._queues.update(repository.queue_ids(self.session, missing))
        for name in missing:
            if name not in self._queues:
                record = wanted[name]
                channel = record.channel if isinstance(record, InteractionRecord) else Channel.VOICE
                queue = Queue(
                    name=name, channel=channel,
                    service_level_seconds=DEFAULT_SERVICE_LEVEL_SECONDS[channel],
                )  # fmt: skip
                self._queues[name] = repository.add_queue(self.session, queue)

    def _resolve_agents(self, wanted: set[str]) -> None:
        missing = [ref for ref in wanted if ref not in self._agents]
        if not missing:
            return
        self._agents.update(repository.agent_ids(self.session, self.source_system, missing))
        for ref in missing:
            if ref not in self._agents:
                self._agents[ref] = repository.add_agent(
                    self.session,
                    source_system=self.source_system,
                    external_ref=ref,
                    display_name=ref,
                )


def _is_newer(record: Record, held: Record) -> bool:
    new = getattr(record, "source_updated_at", None)
    old = getattr(held, "source_updated_at", None)
    return new is not None and (old is None or new > old)


def _replaces(record: Record, stored_version: Any) -> bool:
    """A stored record is replaced only by a strictly newer version of itself (CTR updates)."""
    new = getattr(record, "source_updated_at", None)
    return new is not None and stored_version is not None and new > stored_version
