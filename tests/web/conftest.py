"""An app on each backend with a cheap password hasher, a signed-up user, and sign-in helpers."""

import re
from collections.abc import Iterator

import httpx2 as httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from switchboard.app import create_app
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.auth import service as auth_service
from switchboard.config import Settings
from switchboard.db.engine import unit_of_work
from switchboard.people.models import Role, User
from switchboard.web.cookies import SESSION_COOKIE, SIGN_IN_CSRF_COOKIE

CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery"
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings, testing=True, password_hasher=CHEAP)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    # The forced-error tests need the 500 answer, not the exception re-raised into the test.
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def make_user(engine: Engine, username: str = "alice", role: Role = Role.TEAM_LEADER) -> User:
    with unit_of_work(engine) as session:
        return auth_service.create_user(
            session=session, username=username, display_name="Alice Example", role=role,
            password=PASSWORD, hasher=CHEAP,
        )  # fmt: skip


@pytest.fixture
def alice(engine: Engine) -> User:
    return make_user(engine)


def csrf_field(html: str) -> str:
    match = _CSRF_FIELD.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def sign_in(
    client: TestClient, username: str = "alice", password: str = PASSWORD
) -> httpx.Response:
    page = client.get("/sign-in", follow_redirects=False)
    # Signed in already, the form redirects home; its token is still in the sign-in cookie.
    token = (
        csrf_field(page.text) if page.status_code == 200 else client.cookies[SIGN_IN_CSRF_COOKIE]
    )
    return client.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def audited(engine: Engine, action: AuditAction) -> list[AuditEntry]:
    with unit_of_work(engine) as session:
        query = select(AuditEntry).where(AuditEntry.action == action.value)
        return list(session.scalars(query.order_by(AuditEntry.id)))


def get_with_session(client: TestClient, path: str, session_token: str) -> httpx.Response:
    """A request carrying only ``session_token``: an old cookie someone kept and plays back."""
    return client.get(
        path, headers={"Cookie": f"{SESSION_COOKIE}={session_token}"}, follow_redirects=False
    )
