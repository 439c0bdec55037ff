"""Engines and sessions. The unit of work (a command, a request, an ingest batch) commits."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from psycopg import Error as PsycopgError
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from switchboard.kit.errors import SwitchboardError


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run during an import; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # One writer at a time: a request waits up to 30 s for another's short write (an audit row,
    # a session's idle clock) instead of failing after the driver's default 5 s.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: index pages stay hot during bulk ingest
    cursor.close()


def normalise_url(url: str) -> str:
    """Let people write ``postgresql://``; we always drive PostgreSQL through psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    engine = create_engine(normalise_url(url), **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A session whose work commits whole when the block ends, or rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def display_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(normalise_url(url)).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@contextmanager
def store_errors(url: str) -> Iterator[None]:
    """Report a store that cannot be reached, understood or written as one clear error."""
    try:
        yield
    except (ArgumentError, SQLAlchemyError, PsycopgError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SwitchboardError(f"the store at {display_url(url)} failed: {reason}") from exc
