"""``switchboard users``: create, set-password, revoke-tokens and list, as a person types them."""

import json

import pytest
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from switchboard.auth import service
from switchboard.auth.models import UserCredential
from switchboard.auth.service import SignedIn
from switchboard.cli import app
from switchboard.db.engine import make_engine
from switchboard.people.models import Site

runner = CliRunner()
PASSWORD = "correct horse battery"


def users(database_url: str, *args: str, given: str | None = None) -> object:
    return runner.invoke(app, ["--database-url", database_url, "users", *args], input=given)


def signs_in(database_url: str, username: str, password: str) -> bool:
    engine = make_engine(database_url)
    try:
        with sessionmaker(engine)() as session:
            outcome = service.sign_in(session=session, username=username, password=password)
            return isinstance(outcome, SignedIn)
    finally:
        engine.dispose()


def add_site(database_url: str, name: str) -> None:
    engine = make_engine(database_url)
    with Session(engine) as session, session.begin():
        session.add(Site(name=name))
    engine.dispose()


def test_create_prompts_twice_with_hidden_input_and_the_user_can_sign_in(database_url: str) -> None:
    add_site(database_url, "Leeds")
    result = runner.invoke(
        app,
        ["--database-url", database_url, "users", "create", "alice", "--name", "Alice Example",
         "--role", "team_leader", "--site", "Leeds"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    assert "created user 'alice' (team_leader)" in result.stdout
    assert signs_in(database_url, "alice", PASSWORD)


def test_create_refuses_a_weak_password_naming_the_rule(database_url: str) -> None:
    result = runner.invoke(
        app,
        ["--database-url", database_url, "users", "create", "bob", "--name", "Bob",
         "--role", "agent", "--password-stdin"],
        input="qwerty123456\n",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the password is on the list of common passwords")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--site", "Atlantis"], "no site named 'Atlantis'"),
        ([], "already exists"),
    ],
)
def test_create_explains_what_is_wrong(database_url: str, extra: list[str], message: str) -> None:
    first = ["users", "create", "carol", "--name", "Carol", "--role", "agent", "--password-stdin"]
    runner.invoke(app, ["--database-url", database_url, *first], input=f"{PASSWORD}\n")
    again = runner.invoke(
        app, ["--database-url", database_url, *first, *extra], input=f"{PASSWORD}\n"
    )
    assert again.exit_code == 1
    assert message in again.stderr


def test_a_password_is_never_an_argument_and_a_bad_role_is_a_usage_error(database_url: str) -> None:
    base = ["--database-url", database_url, "users", "create", "dan", "--name", "Dan"]
    assert runner.invoke(app, [*base, "--role", "agent", "--password", "x" * 12]).exit_code == 2
    assert runner.invoke(app, [*base, "--role", "boss"], input=f"{PASSWORD}\n").exit_code == 2


def test_set_password_replaces_the_old_one(database_url: str) -> None:
    create = ["users", "create", "erin", "--name", "Erin", "--role", "agent", "--password-stdin"]
    runner.invoke(app, ["--database-url", database_url, *create], input=f"{PASSWORD}\n")
    new = "a different long secret"
    result = users(database_url, "set-password", "erin", "--password-stdin", given=f"{new}\n")
    assert result.exit_code == 0, result.output
    assert signs_in(database_url, "erin", new)
    assert not signs_in(database_url, "erin", PASSWORD)


def test_set_password_for_an_unknown_user_fails_cleanly(database_url: str) -> None:
    result = users(
        database_url, "set-password", "nobody", "--password-stdin", given=f"{PASSWORD}\n"
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: no user named 'nobody'")


def test_revoke_tokens_reports_how_many(database_url: str) -> None:
    create = ["users", "create", "fay", "--name", "Fay", "--role", "admin", "--password-stdin"]
    runner.invoke(app, ["--database-url", database_url, *create], input=f"{PASSWORD}\n")
    engine = make_engine(database_url)
    with Session(engine) as session, session.begin():
        fay = service.get_user(session=session, username="fay")
        token = service.create_api_token(session=session, user=fay, name="script").token
        fay_id = fay.id
    result = users(database_url, "revoke-tokens", "fay")
    assert result.exit_code == 0, result.output
    assert "revoked 1 API token of 'fay'" in result.stdout
    with Session(engine) as session:
        assert service.authenticate_token(session=session, token=token) is None
        assert session.get(UserCredential, fay_id) is not None
    engine.dispose()


def test_list_shows_users_as_json(database_url: str) -> None:
    create = ["users", "create", "gus", "--name", "Gus", "--role", "planner", "--password-stdin"]
    runner.invoke(app, ["--database-url", database_url, *create], input=f"{PASSWORD}\n")
    result = users(database_url, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    [gus] = json.loads(result.stdout)["users"]
    assert gus == {
        "username": "gus", "display_name": "Gus", "role": "planner", "site": None,
        "active": True, "has_password": True, "locked_until": None, "api_tokens": 0,
    }  # fmt: skip
    table = users(database_url, "list")
    assert "gus" in table.stdout
