"""Errors: ours with their status, routing's 404, and a crash as a generic 500 that rolls back;
and the security headers on every answer."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.app import create_app
from switchboard.audit.models import AuditAction
from switchboard.config import Settings
from switchboard.web.handlers import SERVER_ERROR_MESSAGE
from switchboard.web.headers import SECURITY_HEADERS
from switchboard.web.testing_routes import FORCED_ERROR_TEXT
from tests.web.conftest import audited

LEAKS = (FORCED_ERROR_TEXT, "SELECT", "Traceback", "RuntimeError", "password_hash")


def test_a_crashing_page_is_a_generic_500_and_its_work_rolls_back(
    client: TestClient, engine: Engine
) -> None:
    response = client.get("/testing/error")
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert SERVER_ERROR_MESSAGE[0].upper() + SERVER_ERROR_MESSAGE[1:] in response.text
    assert not [leak for leak in LEAKS if leak in response.text]
    assert audited(engine, AuditAction.EXPORT) == []  # written, then rolled back


def test_a_crashing_api_call_is_a_generic_500_json(client: TestClient) -> None:
    response = client.get("/api/v1/testing/error")
    assert response.status_code == 500
    assert response.json() == {"detail": SERVER_ERROR_MESSAGE}


def test_unknown_addresses_are_404_in_the_shape_of_their_side(client: TestClient) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Sorry, that did not work (error 404)" in page.text
    assert client.get("/api/v1/no-such-thing").json() == {"detail": "not found"}


def test_the_testing_routes_exist_only_in_a_testing_app(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/testing/error").status_code == 404


@pytest.mark.parametrize(
    "path", ["/sign-in", "/", "/api/v1/me", "/api/v1/openapi.json", "/testing/error", "/nowhere"]
)
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path, follow_redirects=False).headers
    assert {name: headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"


def test_the_stylesheet_is_served_and_may_be_cached(client: TestClient) -> None:
    response = client.get("/static/switchboard.css")
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "cache-control" not in response.headers
