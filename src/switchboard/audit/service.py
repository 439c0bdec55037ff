"""Use cases of the audit trail: record an event, verify the chain, list entries.

Services never commit: an audit row commits with the work it describes, or rolls back with it.
Record failures in a unit of work of their own, so that the refusal is kept when the work isn't.
The one exception is an export (a read): :func:`record_export_now` commits its row at once.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from switchboard.audit import repository
from switchboard.audit.chain import GENESIS_HASH, ChainedFields, row_hash
from switchboard.audit.details import check_details, check_identifier, check_object_id
from switchboard.audit.group_commit import committer_for
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.kit.clock import utcnow


def record(
    session: Session,
    *,
    actor_user_id: int | None,
    action: AuditAction,
    object_type: str | None = None,
    object_id: str | int | None = None,
    details: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> AuditEntry:
    """Append one event to the chain. ``actor_user_id`` is None for the system or an anonymous
    request (a failed sign-in for an unknown name: never record the name typed)."""
    fields = ChainedFields(
        occurred_at=occurred_at or utcnow(),
        actor_user_id=actor_user_id,
        action=AuditAction(action).value,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        details=None
        if details is None
        else dict(details),  # a copy: the hash must match what is stored
    )
    _check_no_personal_data(fields)
    prev_hash = _chain_tail(session)
    entry = AuditEntry(**vars(fields), prev_hash=prev_hash, row_hash=row_hash(prev_hash, fields))
    repository.add(session, entry)
    if session.in_nested_transaction():  # a savepoint may yet roll back what it appended
        session.info.pop(_TAIL, None)
    else:
        session.info[_TAIL] = (session.get_transaction(), entry.row_hash)
    return entry


_TAIL = "switchboard.audit.tail"
"""``session.info`` key: (the transaction, the hash of the last row it appended)."""


def _chain_tail(session: Session) -> str:
    """The hash the next row chains to. The first row of a transaction locks the chain and reads
    its tail; later rows of the same transaction chain to the row before, which no one else can
    have followed, since the lock holds until the transaction ends. An import that records a
    row per agent, or a group commit of many exports, reads the tail once."""
    remembered = session.info.get(_TAIL)
    if (
        remembered is not None
        and remembered[0] is session.get_transaction()
        and not session.in_nested_transaction()
    ):
        return str(remembered[1])
    session.flush()  # rows this transaction added but has not yet written come before the next
    repository.lock_chain_tail(session)
    return repository.tail_hash(session) or GENESIS_HASH


def record_export(
    session: Session,
    *,
    actor_user_id: int | None,
    object_type: str,
    rows: int,
    object_id: str | int | None = None,
    **details: int | bool | str | None,
) -> AuditEntry:
    """Data left Switchboard: ``rows`` records of ``object_type`` (one of them, ``object_id``,
    for a single record). ``details`` add ids and flags, never what the rows hold."""
    return record(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.EXPORT,
        object_type=object_type,
        object_id=object_id,
        details={"rows": rows, **details},
    )


def record_export_now(
    engine: Engine,
    *,
    actor_user_id: int | None,
    object_type: str,
    rows: int,
    object_id: str | int | None = None,
    **details: int | bool | str | None,
) -> None:
    """:func:`record_export`, committed before returning, in a transaction shared with the other
    exports waiting at the same moment (:mod:`switchboard.audit.group_commit`): a read's own
    transaction then never takes the store's write lock, and concurrent reads take it once."""

    def write(session: Session) -> None:
        record_export(session, actor_user_id=actor_user_id, object_type=object_type, rows=rows,
                      object_id=object_id, **details)  # fmt: skip

    committer_for(engine).commit(write)


def record_people_change(
    session: Session,
    *,
    actor_user_id: int | None,
    object_type: str,
    object_id: str | int,
    change: str,
    **details: int | bool | str | None,
) -> AuditEntry:
    """A person's record was created, changed or removed: ``change`` says how
    (``agent_created``, ``team_set``), ``details`` add ids, never the values changed."""
    return record(
        session,
        actor_user_id=actor_user_id,
        action=AuditAction.PEOPLE_CHANGE,
        object_type=object_type,
        object_id=object_id,
        details={"change": change, **details},
    )


def _check_no_personal_data(fields: ChainedFields) -> None:
    check_identifier("object type", fields.object_type)
    check_object_id(fields.object_id)
    check_details(fields.details)


@dataclass(frozen=True)
class VerifyResult:
    """What ``verify`` found: the rows it checked and, if the chain is broken, where first."""

    rows: int
    last_hash: str
    broken_at: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "intact": self.intact,
            "rows": self.rows,
            "last_hash": self.last_hash,
            "broken_at": self.broken_at,
            "problem": self.problem,
        }


def verify(session: Session) -> VerifyResult:
    """Walk the chain in id order and stop at the first broken link.

    ``rows`` counts the rows found intact before the break. Removing rows from the end leaves
    an intact, shorter chain: compare ``last_hash`` with one kept elsewhere to catch that.
    """
    expected_prev, rows, previous_id = GENESIS_HASH, 0, None
    for row in repository.stream_rows(session):
        problem = _check_row(row, expected_prev, previous_id)
        if problem is not None:
            return VerifyResult(rows, expected_prev, broken_at=row.id, problem=problem)
        expected_prev, rows, previous_id = row.row_hash, rows + 1, row.id
    return VerifyResult(rows, expected_prev)


def _check_row(row: Any, expected_prev: str, previous_id: int | None) -> str | None:
    if row.prev_hash != expected_prev:
        before = "the start of the log" if previous_id is None else f"row {previous_id}"
        return (
            f"its link to {before} is broken: a row between them was removed, "
            "or rows were reordered or rewritten"
        )
    fields = ChainedFields(
        occurred_at=row.occurred_at,
        actor_user_id=row.actor_user_id,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        details=row.details,
    )
    if row_hash(row.prev_hash, fields) != row.row_hash:
        return "its contents do not match its hash: the row was altered"
    return None


def list_entries(
    session: Session,
    *,
    since: datetime | None = None,
    action: AuditAction | None = None,
    limit: int = 100,
) -> Sequence[AuditEntry]:
    return repository.list_entries(
        session, since=since, action=None if action is None else action.value, limit=limit
    )
