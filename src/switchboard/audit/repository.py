"""Every query on the audit log."""

from collections.abc import Iterator, Sequence
from datetime import datetime

from sqlalchemy import Row, delete, false, func, select
from sqlalchemy.orm import Session

from switchboard.audit.models import AuditEntry

# Any constant will do, as long as nothing else in the database uses it for an advisory lock.
CHAIN_LOCK_KEY = 0x5B_A0D1_7000
"""The PostgreSQL advisory lock that lets one writer at a time read the chain's tail."""

_TABLE = AuditEntry.__table__


def lock_chain_tail(session: Session) -> None:
    """Hold the chain until this transaction ends, so no other writer reads the same tail.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: a write that matches no rows, which
    takes the database's single write lock now rather than at the insert; the BEGIN that Python
    issues before reads is deferred, so a plain read first would let two writers see one tail.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(CHAIN_LOCK_KEY)))
    else:
        no_rows = delete(AuditEntry).where(false())
        session.execute(no_rows.execution_options(synchronize_session=False))


def tail_hash(session: Session) -> str | None:
    """The last row's hash, or None when the log is empty."""
    query = select(AuditEntry.row_hash).order_by(AuditEntry.id.desc()).limit(1)
    return session.execute(query).scalar_one_or_none()


def add(session: Session, entry: AuditEntry) -> AuditEntry:
    """Written at the next flush (at the latest, the commit): the rows of one transaction then
    go in one multi-row INSERT, in the order they were added, so their ids follow the chain."""
    session.add(entry)
    return entry


def stream_rows(session: Session, batch_size: int = 1000) -> Iterator[Row[tuple[object, ...]]]:
    """Every row in chain order, fetched a batch at a time so memory stays flat."""
    after = 0
    while True:
        query = select(_TABLE).where(_TABLE.c.id > after).order_by(_TABLE.c.id).limit(batch_size)
        batch = session.execute(query).all()
        yield from batch
        if len(batch) < batch_size:
            return
        after = batch[-1].id


def list_entries(
    session: Session, *, since: datetime | None, action: str | None, limit: int
) -> Sequence[AuditEntry]:
    """The most recent ``limit`` entries matching the filters, oldest first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if since is not None:
        query = query.where(AuditEntry.occurred_at >= since)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return list(reversed(session.scalars(query).all()))
