"""Recording events, and verifying the chain they form, on SQLite and PostgreSQL."""

import threading

import pytest
from sqlalchemy import Engine, event, func, select, text

from switchboard.audit import repository
from switchboard.audit import service as audit_service
from switchboard.audit.chain import GENESIS_HASH
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.db.engine import unit_of_work
from tests.audit.conftest import START, Recorder, the_reference_day
from tests.audit.tampering import triggers_off

# The reference day's hashes, computed once. Both backends must give exactly these: the hash
# depends only on the values, never on how a database stores a time or orders JSON keys.
REFERENCE_LAST_HASH = "514baee0f1493456cf340cc128a58d662c3b5c4d3f6de50140f24741a26a4852"


def verify(engine: Engine) -> audit_service.VerifyResult:
    with unit_of_work(engine) as session:
        return audit_service.verify(session)


def test_an_empty_log_is_intact(engine: Engine) -> None:
    result = verify(engine)
    assert (result.intact, result.rows, result.last_hash) == (True, 0, GENESIS_HASH)


def test_it_chains_each_row_to_the_one_before(engine: Engine, record: Recorder) -> None:
    rows = the_reference_day(record)
    assert rows[0].prev_hash == GENESIS_HASH
    assert [r.prev_hash for r in rows[1:]] == [r.row_hash for r in rows[:-1]]
    result = verify(engine)
    assert (result.intact, result.rows, result.last_hash) == (True, 5, rows[-1].row_hash)


def test_the_same_rows_give_the_same_hashes_on_every_backend(
    engine: Engine, record: Recorder
) -> None:
    the_reference_day(record)
    assert verify(engine).last_hash == REFERENCE_LAST_HASH


def test_an_event_rolls_back_with_the_work_it_describes(engine: Engine) -> None:
    def export_that_fails() -> None:
        with unit_of_work(engine) as session:
            audit_service.record(session, actor_user_id=1, action=AuditAction.EXPORT)
            raise RuntimeError("the export failed")

    with pytest.raises(RuntimeError):
        export_that_fails()
    assert verify(engine).rows == 0


def test_concurrent_writers_never_chain_onto_the_same_row(engine: Engine, record: Recorder) -> None:
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(10):
                record(AuditAction.SIGN_IN)
        except BaseException as exc:  # reported below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = verify(engine)
    assert (result.intact, result.rows) == (True, 40), result.problem


def test_it_reads_the_chain_in_batches(engine: Engine, record: Recorder) -> None:
    the_reference_day(record)
    with unit_of_work(engine) as session:
        ids = [row.id for row in repository.stream_rows(session, batch_size=2)]
    assert ids == sorted(ids)
    assert len(ids) == 5


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_log SET action = 'sign_out' WHERE id = 3",
        "UPDATE audit_log SET actor_user_id = 8 WHERE id = 3",
        "UPDATE audit_log SET object_id = '4' WHERE id = 3",
        "UPDATE audit_log SET occurred_at = (SELECT occurred_at FROM audit_log WHERE id = 1) WHERE id = 3",
    ],
    ids=["action", "actor", "object", "time"],
)
def test_it_names_the_row_whose_fields_were_altered(
    engine: Engine, record: Recorder, tamper: str
) -> None:
    the_reference_day(record)
    with triggers_off(engine) as connection:
        assert connection.execute(text(tamper)).rowcount == 1
    result = verify(engine)
    assert (result.intact, result.broken_at, result.rows) == (False, 3, 2)
    assert "altered" in (result.problem or "")


def test_it_notices_altered_details(engine: Engine, record: Recorder) -> None:
    the_reference_day(record)
    with triggers_off(engine) as connection:
        details = '{"rows": 12, "format": "csv", "queue_id": 2, "masked": true, "team_id": null}'
        connection.execute(text("UPDATE audit_log SET details = :d WHERE id = 4"), {"d": details})
    assert verify(engine).broken_at == 4


def test_it_notices_a_deleted_row_at_the_row_after_it(engine: Engine, record: Recorder) -> None:
    the_reference_day(record)
    with triggers_off(engine) as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = 2"))
    result = verify(engine)
    assert (result.broken_at, result.rows) == (3, 1)
    assert "row 1" in (result.problem or "")
    assert "removed" in (result.problem or "")


def test_it_notices_the_first_row_deleted(engine: Engine, record: Recorder) -> None:
    the_reference_day(record)
    with triggers_off(engine) as connection:
        connection.execute(text("DELETE FROM audit_log WHERE id = 1"))
    result = verify(engine)
    assert result.broken_at == 2
    assert "start of the log" in (result.problem or "")


def test_it_notices_a_row_rewritten_with_a_fresh_hash(engine: Engine, record: Recorder) -> None:
    """Recomputing the altered row's own hash only moves the break to the next row."""
    rows = the_reference_day(record)
    forged = "f" * 64
    with triggers_off(engine) as connection:
        connection.execute(
            text("UPDATE audit_log SET action = 'sign_out', row_hash = :h WHERE id = :id"),
            {"h": forged, "id": rows[2].id},
        )
    result = verify(engine)
    # Row 3 is checked against its (forged) hash first and fails as altered; were the forgery
    # a correct SHA-256 of the new contents, row 4's link would fail instead.
    assert result.broken_at in {3, 4}


def test_it_notices_rows_swapped(engine: Engine, record: Recorder) -> None:
    """Rows 2 and 3 trade places whole, hashes and all: row 2's link to row 1 no longer holds."""
    the_reference_day(record)
    with triggers_off(engine) as connection:
        connection.execute(text("UPDATE audit_log SET id = 100 WHERE id = 2"))
        connection.execute(text("UPDATE audit_log SET id = 2 WHERE id = 3"))
        connection.execute(text("UPDATE audit_log SET id = 3 WHERE id = 100"))
    assert verify(engine).broken_at == 2


def test_entries_filter_by_time_and_action(engine: Engine, record: Recorder) -> None:
    rows = the_reference_day(record)
    with unit_of_work(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 5
        later = audit_service.list_entries(session, since=rows[2].occurred_at)
        exports = audit_service.list_entries(session, action=AuditAction.EXPORT)
        last_two = audit_service.list_entries(session, limit=2)
    assert [e.id for e in later] == [rows[2].id, rows[3].id, rows[4].id]
    assert [e.id for e in exports] == [rows[3].id]
    assert [e.id for e in last_two] == [rows[3].id, rows[4].id]
    assert later[0].occurred_at == START.replace(minute=2)


def test_rows_in_one_transaction_read_the_tail_once_and_still_chain(engine: Engine) -> None:
    """The second and later rows of a transaction chain to the row before without asking the
    database again; the next transaction reads the tail afresh and continues the chain."""
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        with unit_of_work(engine) as session:
            first = [audit_service.record(session, actor_user_id=1, action=AuditAction.EXPORT)
                     for _ in range(3)]  # fmt: skip
        in_first = len(statements)
        with unit_of_work(engine) as session:
            later = audit_service.record(session, actor_user_id=1, action=AuditAction.EXPORT)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    tail_reads = [n for n, text in enumerate(statements) if "SELECT audit_log.row_hash" in text]
    assert len(tail_reads) == 2  # once in each transaction
    assert tail_reads[0] < in_first <= tail_reads[1]
    assert [row.prev_hash for row in first[1:]] == [row.row_hash for row in first[:-1]]
    assert later.prev_hash == first[-1].row_hash
    assert verify(engine).intact


@pytest.mark.parametrize("savepoint_ends", ["released", "rolled back"])
def test_rows_around_a_savepoint_still_chain(engine: Engine, savepoint_ends: str) -> None:
    """A row appended inside a savepoint is not remembered as the tail (the savepoint may roll
    it back), so the next row reads the tail again and chains to whatever is really there."""
    with unit_of_work(engine) as session:
        audit_service.record(session, actor_user_id=1, action=AuditAction.EXPORT)
        savepoint = session.begin_nested()
        audit_service.record(session, actor_user_id=2, action=AuditAction.EXPORT)
        if savepoint_ends == "released":
            savepoint.commit()
        else:
            savepoint.rollback()
        audit_service.record(session, actor_user_id=3, action=AuditAction.EXPORT)
    result = verify(engine)
    assert result.intact, result.problem
    assert result.rows == (3 if savepoint_ends == "released" else 2)
