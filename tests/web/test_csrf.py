"""CSRF: a state-changing form or cookie-authenticated API call without the right token is
refused with 403, and the refusal is in the audit trail; bearer-token calls need no token."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.audit.models import AuditAction
from switchboard.auth import service as auth_service
from switchboard.db.engine import unit_of_work
from switchboard.people.models import User
from switchboard.web.cookies import SESSION_COOKIE
from tests.web.conftest import PASSWORD, audited, csrf_field, sign_in

WRONG_TOKENS = [pytest.param(None, id="missing"), pytest.param("forged", id="wrong")]


def form(token: str | None, **fields: str) -> dict[str, str]:
    return fields if token is None else {**fields, "csrf_token": token}


@pytest.mark.parametrize("token", WRONG_TOKENS)
def test_a_sign_out_form_without_its_token_is_refused_and_audited(
    client: TestClient, alice: User, engine: Engine, token: str | None
) -> None:
    sign_in(client)
    response = client.post("/sign-out", data=form(token), follow_redirects=False)
    assert response.status_code == 403
    assert "This form has expired or did not come from Switchboard" in response.text
    assert client.get("/").status_code == 200  # still signed in: nothing happened
    [refusal] = audited(engine, AuditAction.PERMISSION_DENIED)
    assert refusal.actor_user_id == alice.id
    assert refusal.details == {"reason": "csrf", "method": "post"}


@pytest.mark.parametrize("token", WRONG_TOKENS)
def test_a_sign_in_form_without_its_token_is_refused_and_audited(
    client: TestClient, alice: User, engine: Engine, token: str | None
) -> None:
    client.get("/sign-in")  # the double-submit cookie is set; the form's copy is missing
    data = form(token, username="alice", password=PASSWORD)
    response = client.post("/sign-in", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.cookies
    [refusal] = audited(engine, AuditAction.PERMISSION_DENIED)
    assert refusal.actor_user_id is None
    assert audited(engine, AuditAction.SIGN_IN) == []


def test_the_sign_in_token_must_match_its_cookie(client: TestClient, alice: User) -> None:
    token = csrf_field(client.get("/sign-in").text)
    client.cookies.clear()  # a forged cross-site post has the form field but not the cookie
    data = form(token, username="alice", password=PASSWORD)
    assert client.post("/sign-in", data=data, follow_redirects=False).status_code == 403


def test_a_cookie_api_call_that_changes_state_needs_the_csrf_header(
    client: TestClient, alice: User, engine: Engine
) -> None:
    sign_in(client)
    refused = client.post("/api/v1/testing/echo")
    assert refused.status_code == 403
    assert "did not come from Switchboard" in refused.json()["detail"]
    assert len(audited(engine, AuditAction.PERMISSION_DENIED)) == 1
    secret = csrf_field(client.get("/").text)  # pages also carry it in <meta name="csrf-token">
    accepted = client.post("/api/v1/testing/echo", headers={"X-CSRF-Token": secret})
    assert accepted.json() == {"user_id": alice.id}


def test_a_bearer_token_call_needs_no_csrf_token(
    client: TestClient, alice: User, engine: Engine
) -> None:
    with unit_of_work(engine) as session:
        token = auth_service.create_api_token(session=session, user=alice, name="script").token
    response = client.post("/api/v1/testing/echo", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
