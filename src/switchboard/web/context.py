"""What every request needs from the application: settings, the engine and the password hasher,
and the per-request unit of work built on them."""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from switchboard.config import Settings
from switchboard.web.admission import Admission


@dataclass(frozen=True)
class WebContext:
    """Built once by ``create_app``; tests pass a cheap ``password_hasher``."""

    settings: Settings
    engine: Engine
    password_hasher: PasswordHasher
    admission: Admission


def web_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.web_context
    return context


async def db_session(request: Request) -> AsyncIterator[Session]:
    """One unit of work per request: it commits when the route returns a response and rolls
    back when the route raises, before any error handler runs.

    It waits first for a place (:mod:`switchboard.web.admission`), so that a connection is free
    for it. ``async`` although the store is not: opening a session does no I/O (the connection
    is taken at its first query, in the thread pool with the rest of the route's work), so only
    the end goes to a thread, one trip instead of two for every request. That trip does not
    queue for the pool (as FastAPI's own exit of a sync dependency does not): a transaction that
    holds SQLite's write lock must be able to end while the pool's threads wait for that lock.
    It is shielded from cancellation, so the transaction always ends."""
    context = web_context(request)
    async with context.admission.place():
        session = Session(context.engine, expire_on_commit=False)
        try:
            yield session
        except BaseException:
            await _finish(session.close)  # rolls back what the route began
            raise
        await _finish(partial(_commit_and_close, session))


async def _finish(end: Callable[[], None]) -> None:
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(end, limiter=anyio.CapacityLimiter(1))


def _commit_and_close(session: Session) -> None:
    try:
        session.commit()
    finally:
        session.close()
