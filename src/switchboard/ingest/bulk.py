"""Fast bulk inserts that keep what is already stored, on each database's quickest path.

SQLAlchemy's per-value processing was most of the ingest time, so these go to the driver
directly: ``executemany`` on SQLite, ``COPY`` into a staging table on PostgreSQL. Rows are
tuples of plain values (enum values as text, timestamps as :func:`time_format` makes them).
Both paths skip rows whose unique key is stored already and return how many rows went in.

(A background writer thread was tried and measured slower: sqlite3 hands the GIL back and
forth on every row, and the parser in the main thread holds it most of the time.)
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

Row = tuple[Any, ...]
TimeFormat = Callable[[datetime | None], Any]


def time_format(session: Session) -> TimeFormat:
    """How this database's bulk path wants timestamps."""
    return _as_is if session.get_bind().dialect.name == "postgresql" else _sqlite_text


def _as_is(value: datetime | None) -> datetime | None:
    return value


def _sqlite_text(value: datetime | None) -> str | None:
    """Exactly what SQLAlchemy's SQLite DateTime stores: naive UTC text with microseconds."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]


class BulkInserter:
    def __init__(self, session: Session) -> None:
        connection = session.connection()
        self._postgres = connection.dialect.name == "postgresql"
        self._dbapi: Any = connection.connection.driver_connection
        self._staged: set[str] = set()

    def insert_new(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> int:
        """Insert ``rows``, skipping any whose unique key is already stored; returns rows inserted."""
        if not rows:
            return 0
        if self._postgres:
            return self._copy_then_insert(table, columns, rows)
        names, marks = ", ".join(columns), ", ".join("?" * len(columns))
        cursor = self._dbapi.cursor()
        try:
            # ON CONFLICT DO NOTHING covers unique keys only; a CHECK or NOT NULL failure still raises.
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING", rows
            )
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def _copy_then_insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> int:
        names = ", ".join(columns)
        stage = f"_stage_{table}"
        with self._dbapi.cursor() as cursor:
            if stage not in self._staged:
                cursor.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "
                    f"SELECT {names} FROM {table} WITH NO DATA"
                )
                self._staged.add(stage)
            with cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} ON CONFLICT DO NOTHING"
            )
            inserted = int(cursor.rowcount)
            cursor.execute(f"TRUNCATE {stage}")
            return inserted
