"""Signing in and out through the form: cookies, new sessions, generic refusals, the lock."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.auth.models import UserCredential
from switchboard.auth.policy import LOCK_AFTER_FAILURES
from switchboard.db.engine import unit_of_work
from switchboard.people.models import User
from switchboard.web.cookies import SESSION_COOKIE
from tests.web.conftest import PASSWORD, csrf_field, get_with_session, sign_in


def session_cookie_header(response_headers: list[str]) -> str:
    return next(h for h in response_headers if h.startswith(f"{SESSION_COOKIE}="))


def test_signing_in_sets_an_httponly_samesite_lax_cookie_and_goes_home(
    client: TestClient, alice: User
) -> None:
    response = sign_in(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = session_cookie_header(response.headers.get_list("set-cookie")).lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # plain http: a Secure cookie would never come back
    home = client.get("/")
    assert home.status_code == 200
    assert "Alice Example" in home.text
    assert "Team leader" in home.text


def test_the_cookie_is_secure_over_https(app: FastAPI, alice: User) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        response = sign_in(client)
    cookie = session_cookie_header(response.headers.get_list("set-cookie")).lower()
    assert "; secure" in cookie


def test_every_sign_in_gets_a_new_session_and_ends_the_one_before(
    client: TestClient, alice: User
) -> None:
    sign_in(client)
    first = client.cookies[SESSION_COOKIE]
    sign_in(client)
    second = client.cookies[SESSION_COOKIE]
    assert first != second
    assert get_with_session(client, "/", first).status_code == 303
    assert get_with_session(client, "/", second).status_code == 200


def test_a_wrong_password_gets_a_generic_message_and_is_counted(
    client: TestClient, alice: User, engine: Engine
) -> None:
    response = sign_in(client, password="not the password at all")
    assert response.status_code == 401
    assert "Wrong username or password." in response.text
    assert SESSION_COOKIE not in response.cookies
    assert 'value="alice"' in response.text  # the username stays typed; the password never does
    with unit_of_work(engine) as session:
        assert session.get_one(UserCredential, alice.id).failed_sign_ins == 1


def test_an_unknown_username_gets_the_same_message(client: TestClient, alice: User) -> None:
    response = sign_in(client, username="mallory")
    assert response.status_code == 401
    assert "Wrong username or password." in response.text


def test_the_tenth_failure_locks_the_account_and_the_page_says_until_when(
    client: TestClient, alice: User
) -> None:
    for _ in range(LOCK_AFTER_FAILURES - 1):
        assert sign_in(client, password="wrong password, again").status_code == 401
    locked = sign_in(client, password="wrong password, again")
    assert locked.status_code == 423
    assert "This account is locked after too many failed sign-ins. Try again after" in locked.text
    assert "(Europe/London)" in locked.text
    refused = sign_in(client, password=PASSWORD)  # even the right password, while locked
    assert refused.status_code == 423
    assert SESSION_COOKIE not in refused.cookies


def test_signed_out_the_home_page_redirects_to_sign_in(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in"


def test_signed_in_the_sign_in_page_redirects_home(client: TestClient, alice: User) -> None:
    sign_in(client)
    response = client.get("/sign-in", follow_redirects=False)
    assert response.headers["location"] == "/"


def test_signing_out_ends_the_session_and_clears_the_cookie(
    client: TestClient, alice: User
) -> None:
    sign_in(client)
    old = client.cookies[SESSION_COOKIE]
    form_token = csrf_field(client.get("/").text)
    response = client.post("/sign-out", data={"csrf_token": form_token}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?signed_out=true"
    assert SESSION_COOKIE not in client.cookies
    assert "You have signed out." in client.get(response.headers["location"]).text
    assert get_with_session(client, "/", old).status_code == 303
    assert get_with_session(client, "/api/v1/me", old).status_code == 401
