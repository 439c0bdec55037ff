"""The database itself refuses to change or remove audit rows, whoever connects."""

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from tests.audit.conftest import Recorder, the_reference_day


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET action = 'sign_out' WHERE id = 2",
        "UPDATE audit_log SET row_hash = prev_hash",
        "DELETE FROM audit_log WHERE id = 5",
        "DELETE FROM audit_log",
    ],
)
def test_the_database_refuses_updates_and_deletes(
    engine: Engine, record: Recorder, statement: str
) -> None:
    the_reference_day(record)
    with pytest.raises(DBAPIError, match="audit_log is append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_log")).scalar() == 5


def test_postgresql_refuses_truncate(engine: Engine, record: Recorder) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; its DELETE trigger covers an unfiltered DELETE")
    the_reference_day(record)
    with pytest.raises(DBAPIError, match="TRUNCATE refused"), engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_log"))


def test_inserting_still_works_with_the_triggers_in_place(engine: Engine, record: Recorder) -> None:
    assert len(the_reference_day(record)) == 5
