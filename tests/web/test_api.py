"""The API's authentication (bearer token or session cookie) and its OpenAPI description."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.auth import service as auth_service
from switchboard.db.engine import unit_of_work
from switchboard.people.models import User
from tests.web.conftest import sign_in

ME = {"username": "alice", "display_name": "Alice Example", "role": "team_leader"}


def new_token(engine: Engine, user: User) -> str:
    with unit_of_work(engine) as session:
        return auth_service.create_api_token(session=session, user=user, name="script").token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_signed_out_me_is_401_json(client: TestClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "sign in first"}
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_bearer_token_answers_me(client: TestClient, alice: User, engine: Engine) -> None:
    response = client.get("/api/v1/me", headers=bearer(new_token(engine, alice)))
    assert response.status_code == 200
    assert response.json() == {"id": alice.id, **ME}


def test_a_revoked_or_unknown_token_is_401(client: TestClient, alice: User, engine: Engine) -> None:
    token = new_token(engine, alice)
    with unit_of_work(engine) as session:
        auth_service.revoke_tokens(session=session, user=session.get_one(User, alice.id))
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer("sb_made_up")).status_code == 401


def test_the_session_cookie_answers_me(client: TestClient, alice: User) -> None:
    sign_in(client)
    assert client.get("/api/v1/me").json() == {"id": alice.id, **ME}


def test_the_openapi_description_is_served(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Switchboard"
    assert "/api/v1/me" in spec["paths"]
    assert set(spec["components"]["securitySchemes"]) == {"HTTPBearer", "APIKeyCookie"}
    assert not [path for path in spec["paths"] if not path.startswith("/api/v1/")]
