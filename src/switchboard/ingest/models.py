"""One ingest batch per input file, written in the same transaction as its records."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import str_enum
from switchboard.kit.clock import utcnow


class BatchStatus(StrEnum):
    COMPLETED = "completed"
    COMPLETED_WITH_REJECTS = "completed_with_rejects"


class IngestBatch(Base):
    __tablename__ = "ingest_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40), comment="adapter: queue-log, connect-ctr, csv")
    file_name: Mapped[str] = mapped_column(String(500))
    file_digest: Mapped[str] = mapped_column(String(64), index=True, comment="SHA-256, hex")
    file_bytes: Mapped[int]
    status: Mapped[BatchStatus] = mapped_column(str_enum(BatchStatus, "batch_status"))
    lines_read: Mapped[int] = mapped_column(default=0)
    records_created: Mapped[int] = mapped_column(default=0)
    duplicates_skipped: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    unclosed: Mapped[int] = mapped_column(default=0)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class IngestCarryover(Base):
    """What one import of a source left unfinished, for the next import of that source to finish:
    calls still in a queue or on the phone, and each agent's current state, when a file ends."""

    __tablename__ = "ingest_carryovers"
    __table_args__ = (UniqueConstraint("source_system", "adapter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_system: Mapped[str] = mapped_column(String(40))
    adapter: Mapped[str] = mapped_column(String(40))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
