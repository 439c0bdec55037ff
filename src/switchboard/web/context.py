"""What every request needs from the application: settings, the engine and the password hasher,
and the per-request unit of work built on them."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio
from argon2 import PasswordHasher
from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from switchboard.config import Settings


@dataclass(frozen=True)
class WebContext:
    """Built once by ``create_app``; tests pass a cheap ``password_hasher``."""

    settings: Settings
    engine: Engine
    password_hasher: PasswordHasher


def web_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.web_context
    return context


async def db_session(request: Request) -> AsyncIterator[Session]:
    """One unit of work per request: it commits when the route returns a response and rolls
    back when the route raises, before any error handler runs.

    ``async`` although the store is not: opening a session does no I/O (the connection is taken
    at its first query, in the thread pool with the rest of the route's work), so only the end
    goes to the pool, one trip instead of two for every request. The end is shielded, so a
    client that hangs up cannot leave a transaction open."""
    session = Session(web_context(request).engine, expire_on_commit=False)
    try:
        yield session
    except BaseException:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(session.close)  # rolls back what the route began
        raise
    with anyio.CancelScope(shield=True):
        await run_in_threadpool(_commit_and_close, session)


def _commit_and_close(session: Session) -> None:
    try:
        session.commit()
    finally:
        session.close()
