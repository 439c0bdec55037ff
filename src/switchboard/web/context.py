"""What every request needs from the application: settings, the engine and the password hasher,
and the per-request unit of work built on them."""

from collections.abc import Iterator
from dataclasses import dataclass

from argon2 import PasswordHasher
from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from switchboard.config import Settings
from switchboard.db.engine import unit_of_work


@dataclass(frozen=True)
class WebContext:
    """Built once by ``create_app``; tests pass a cheap ``password_hasher``."""

    settings: Settings
    engine: Engine
    password_hasher: PasswordHasher


def web_context(request: Request) -> WebContext:
    context: WebContext = request.app.state.web_context
    return context


def db_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: it commits when the route returns a response and rolls
    back when the route raises, before any error handler runs."""
    with unit_of_work(web_context(request).engine) as session:
        yield session
