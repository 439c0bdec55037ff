"""Shared by the data API tests: the access tests' organisation, with a bearer token per user.

The organisation is the one in ``tests/access/conftest.py`` (two sites, three teams, every role
and the edge cases); its fixtures are imported here so both suites test the same cast.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.auth import service as auth_service
from switchboard.db.engine import unit_of_work
from switchboard.people.models import User
from tests.access.conftest import Organisation, db, org

__all__ = ["Organisation", "call", "db", "ids_of", "org", "tokens"]


@pytest.fixture
def tokens(engine: Engine, org: Organisation) -> dict[str, str]:
    """A bearer token for every user of the organisation, by user name."""
    with unit_of_work(engine) as session:
        return {
            name: auth_service.create_api_token(
                session=session, user=session.get_one(User, user.id), name="tests"
            ).token
            for name, user in org.users.items()
        }


def call(client: TestClient, token: str | None, path: str, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, headers=headers, params=params)


def ids_of(response: Any) -> set[int]:
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def all_pages(client: TestClient, token: str, path: str, **params: Any) -> Iterator[Any]:
    offset: int | None = 0
    while offset is not None:
        body = call(client, token, path, offset=offset, **params).json()
        yield from body["items"]
        offset = body["next"]
