"""Two transactions at once: the second runs in a thread of its own session, and the first
commits once the second waits on its lock. Shared by the evaluations and sampling tests of
row locks, on both databases.

PostgreSQL says when a backend waits on a lock, so the wait there is certain. SQLite does
not, so the test gives the second a moment to reach the lock: with the lock in place the
outcome is the same whether it got there or not, and without it the second would have read
the stale status in that moment and the test fails."""

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from queue import Queue
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

WAIT_SECONDS = 10.0
SQLITE_MOMENT = 0.3


def blocked_meanwhile(
    engine: Engine, second: Callable[[Session], Any], first_commits: Callable[[], None]
) -> Future[Any]:
    """Start ``second`` in a session of its own, wait until it waits on a lock the caller's
    open transaction holds, then call ``first_commits``; the future holds what ``second``
    returned (it has committed) or raised (it has rolled back)."""
    pids: Queue[int | None] = Queue()

    def run() -> Any:
        with Session(engine, expire_on_commit=False) as session:
            if engine.dialect.name == "postgresql":
                session.execute(text("SET LOCAL lock_timeout = '10s'"))  # fail, never hang
                pids.put(session.scalar(text("SELECT pg_backend_pid()")))
            else:
                pids.put(None)
            found = second(session)
            session.commit()
            return found

    pool = ThreadPoolExecutor(max_workers=1)
    outcome = pool.submit(run)
    pid = pids.get(timeout=WAIT_SECONDS)
    if pid is None:
        time.sleep(SQLITE_MOMENT)
    else:
        _wait_for_lock(engine, pid)
    first_commits()
    pool.shutdown()  # waits for it: a lock timeout ends it should it never get the lock
    return outcome


def _wait_for_lock(engine: Engine, pid: int) -> None:
    query = text("SELECT count(*) FROM pg_locks WHERE pid = :pid AND NOT granted")
    deadline = time.monotonic() + WAIT_SECONDS
    with engine.connect() as connection:
        while connection.scalar(query, {"pid": pid}) == 0:
            connection.rollback()  # a fresh look at pg_locks each time
            if time.monotonic() > deadline:
                raise AssertionError("the second transaction never waited on the first's lock")
            time.sleep(0.02)
