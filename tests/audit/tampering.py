"""Getting past the audit log's triggers, as an attacker with the database's owner rights would."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text


@contextmanager
def triggers_off(engine: Engine) -> Iterator[Connection]:
    """A connection on which UPDATE and DELETE of ``audit_log`` go through; triggers return after."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            yield connection
            connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
            return
        # SQLite cannot disable a trigger: drop each one and recreate it from its stored SQL.
        triggers = connection.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
            )
        ).all()
        assert triggers, "the migration should have created the append-only triggers"
        for name, _ in triggers:
            connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
        yield connection
        for _, sql in triggers:
            connection.exec_driver_sql(sql)
