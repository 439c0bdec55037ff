"""Calls to the development API as the access tests' organisation (tests/access/conftest.py),
shared by the improvement, reflection, wellbeing and self-audit API tests."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from switchboard.access.policy import Kind
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.db.engine import unit_of_work
from tests.access.test_matrix import EXPECTED

VIEWERS = ("ann", "amy", "bob", "zed", "lee", "lyn", "lou", "ted", "quinn", "pat", "meg", "max",
           "noel", "cal", "ari")  # fmt: skip
NO_DEVELOPMENT = {"quinn", "pat", "cal"}
"""Roles with no reach over development records at all: 403."""


def send(client: TestClient, token: str | None, method: str, path: str, **kwargs: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.request(method, path, headers=headers, **kwargs)


def error_locations(response: Any) -> list[list[Any]]:
    """Where each error of a 422 points, as FastAPI reports it."""
    assert response.status_code == 422, response.text
    return [error["loc"] for error in response.json()["detail"]]


def entries(engine: Engine, action: AuditAction, object_type: str) -> list[AuditEntry]:
    with unit_of_work(engine) as session:
        query = select(AuditEntry).where(
            AuditEntry.action == action.value, AuditEntry.object_type == object_type
        )
        return list(session.scalars(query.order_by(AuditEntry.id)))


def sees(kind: Kind) -> dict[str, set[str]]:
    """The agents each viewer sees records of for ``kind``: the access matrix's hand-written
    answer, and the viewers it leaves out (the other agents who sign in, and lou)."""
    found = {name: agents[kind] for name, agents in EXPECTED.items()}
    return found | {"amy": {"amy"}, "bob": {"bob"}, "lou": {"bob", "bea"}}
