"""Fast bulk inserts that keep what is already stored, on each database's quickest path.

SQLAlchemy's per-value processing was most of the ingest time, so these go to the driver
directly: ``executemany`` on SQLite, ``COPY`` into a staging table on PostgreSQL. Rows are
tuples of plain values (enum values as text, timestamps as :func:`time_format` makes them).
Both paths skip rows whose unique key is stored already and return how many rows went in.

On PostgreSQL the inserts run on a background thread: the server does the work in its own
process, so while it inserts one chunk this process parses the next, on the other core. On
SQLite they run in line: the engine works inside this process, and a thread was measured slower
(sqlite3 and the parser trade the GIL on every row).
"""

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from psycopg.errors import UniqueViolation
from sqlalchemy.orm import Session

from switchboard.kit.errors import ConflictError

Row = tuple[Any, ...]
TimeFormat = Callable[[datetime | None], Any]
Insert = tuple[str, Sequence[str], Sequence[Row]]
"""A table, its columns and the rows for them."""
Outcome = tuple[str, int, int]
"""A table, the rows offered and the rows inserted."""


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
        self._executor = ThreadPoolExecutor(1, "ingest-writer") if self._postgres else None
        self._in_flight: Future[list[Outcome]] | None = None
        self._outcomes: list[Outcome] = []

    def submit(self, inserts: Sequence[Insert]) -> None:
        """Insert these in order, skipping stored keys; see :meth:`outcomes` for the counts.

        On PostgreSQL this returns at once and the work goes on in the background: call
        :meth:`outcomes` before anything else uses the connection. At most one submission is in
        flight, so writes keep their order.
        """
        if self._executor is None:
            self._outcomes.extend(self._insert_all(inserts))
            return
        self._wait()
        self._in_flight = self._executor.submit(self._insert_all, list(inserts))

    def outcomes_so_far(self) -> list[Outcome]:
        """Wait for the background work, raise its error if it failed, and hand over its counts."""
        self._wait()
        outcomes, self._outcomes = self._outcomes, []
        return outcomes

    def _wait(self) -> None:
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            self._outcomes.extend(in_flight.result())

    def close(self) -> None:
        """Stop the background thread. A submission still in flight here means an error is on
        its way up already; the transaction rolls back either way, so its own fate is moot."""
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            in_flight.exception()
        if self._executor is not None:
            self._executor.shutdown(wait=True)

    def _insert_all(self, inserts: Sequence[Insert]) -> list[Outcome]:
        return [
            (table, len(rows), self.insert_new(table, columns, rows))
            for table, columns, rows in inserts
        ]

    def insert_new(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> int:
        """Insert ``rows``, skipping any whose unique key is already stored; returns rows inserted."""
        if not rows:
            return 0
        if self._postgres and "source_id" in columns:
            return self._copy_new(table, columns, rows)
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

    def _copy_new(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> int:
        """Event tables: look the keys up, then COPY the new rows straight in. A third faster
        than staging them for ON CONFLICT, which checks every row speculatively."""
        system, key = columns.index("source_system"), columns.index("source_id")
        with self._dbapi.cursor() as cursor:
            cursor.execute(
                f"SELECT source_id FROM {table} WHERE source_system = %s AND source_id = ANY(%s)",
                (rows[0][system], [row[key] for row in rows]),
            )
            stored = {found for (found,) in cursor}
            new = [row for row in rows if row[key] not in stored]
            try:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in new:
                        copy.write_row(row)
            except UniqueViolation as exc:
                raise ConflictError(
                    "another import wrote some of the same records meanwhile; nothing was kept "
                    "from this one, so run it again"
                ) from exc
        return len(new)

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
