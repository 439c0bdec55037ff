"""Shared by the feedback, coaching and actions tests: viewers of the access tests'
organisation, a clock stopped two days after its contacts, and calls to the API.

The organisation (``tests/access/conftest.py``): team A1 is ann, lee (its leader, also an
agent) and abe; team A2 is amy, ted (a team leader of no team, an agent in A2) and ada, led by
lyn; team B1 at site B is bob and bea. meg manages site A, max sites A and B, ari administers,
quinn (quality) and pat (planning) have no development reach, zed is an agent with no agent
record. Each agent handled one contact, at ``T0`` plus a minute per agent.
"""

from datetime import datetime, timedelta
from typing import Any

import httpx2 as httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.actions import service as action_service
from switchboard.coaching import effectiveness
from switchboard.coaching import service as coaching_service
from switchboard.feedback import service as feedback_service
from tests.access.conftest import T0, Organisation

NOW = T0 + timedelta(days=2)
"""The stopped clock: 29 Nov 2026, 09:00 UTC."""
DEVELOPMENT_VIEWERS = ("ann", "zed", "lee", "lyn", "ted", "meg", "max", "noel", "ari")
"""The users whose role reaches development records; quinn, pat and cal have none (403)."""
NO_DEVELOPMENT_REACH = ("quinn", "pat", "cal")


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    for module in (feedback_service, action_service, coaching_service, effectiveness):
        monkeypatch.setattr(module, "utcnow", lambda: NOW)
    return NOW


def viewer(db: Session, org: Organisation, name: str) -> Viewer:
    return load_viewer(session=db, user=org.users[name])


def send(
    client: TestClient, token: str | None, method: str, path: str, body: Any = None,
    **params: Any,
) -> httpx.Response:  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.request(method, path, headers=headers, json=body, params=params)


def statements(app: FastAPI, client: TestClient, token: str, path: str) -> int:
    """How many SQL statements one GET of ``path`` runs, its audit row included."""
    engine: Engine = app.state.web_context.engine
    seen: list[object] = []

    def count(*args: object) -> None:
        seen.append(args)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = send(client, token, "GET", path)
        assert response.status_code == 200, response.text
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def fields_of(response: httpx.Response) -> set[str]:
    """The fields a 422 names, as FastAPI's validation answer locates them."""
    assert response.status_code == 422, response.text
    return {str(error["loc"][-1]) for error in response.json()["detail"]}
