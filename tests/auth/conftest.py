"""A store session, a cheap hasher and a clock for the sign-in tests.

Argon2 is slow on purpose, so most tests hash with the cheapest parameters; the tests that are
about the real parameters say so.
"""

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from switchboard.auth import service
from switchboard.people.models import Role, User

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with sessionmaker(engine, expire_on_commit=False)() as session:
        yield session


def make_user(
    db: Session, username: str = "alice", password: str = PASSWORD, hasher: PasswordHasher = CHEAP
) -> User:
    user = service.create_user(
        session=db, username=username, display_name="Alice Example", role=Role.AGENT,
        password=password, now=T0, hasher=hasher,
    )  # fmt: skip
    db.commit()
    return user


@pytest.fixture
def alice(db: Session) -> User:
    return make_user(db)
