"""Password hashing (argon2id, rehashed when the parameters change) and the password policy."""

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from switchboard.auth import policy, service
from switchboard.auth.errors import WeakPasswordError
from switchboard.auth.models import UserCredential
from switchboard.auth.service import SignedIn
from switchboard.kit.errors import ConflictError
from switchboard.people.models import User
from tests.auth.conftest import CHEAP, PASSWORD, T0, make_user


def stored_hash(db: Session, user: User) -> str:
    db.expire_all()
    return db.get_one(UserCredential, user.id).password_hash


def test_it_hashes_with_argon2id_at_owasps_profile(db: Session) -> None:
    user = make_user(db, hasher=service.hashing.PASSWORD_HASHER)  # the real parameters
    hashed = stored_hash(db, user)
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert PASSWORD not in hashed
    outcome = service.sign_in(session=db, username="alice", password=PASSWORD, now=T0)
    assert isinstance(outcome, SignedIn)
    assert stored_hash(db, user) == hashed  # current parameters: no rehash


def test_it_rehashes_at_sign_in_when_the_parameters_have_changed(db: Session) -> None:
    user = make_user(db, hasher=CHEAP)
    weak = stored_hash(db, user)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    outcome = service.sign_in(
        session=db, username="alice", password=PASSWORD, now=T0, hasher=stronger
    )
    assert isinstance(outcome, SignedIn)
    db.commit()
    rehashed = stored_hash(db, user)
    assert rehashed != weak
    assert "$m=16,t=2,p=1$" in rehashed
    assert not stronger.check_needs_rehash(rehashed)


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("short-pw-11", "at least 12 characters"),
        ("qwerty123456", "common passwords"),
        ("QWERTY123456", "common passwords"),  # the list is matched without regard to case
        ("Alice.Example", "must not be the username"),
    ],
)
def test_it_rejects_a_password_that_breaks_a_rule_and_names_the_rule(
    password: str, rule: str
) -> None:
    with pytest.raises(WeakPasswordError, match=rule):
        policy.check_password(password, username="alice.example")


def test_it_accepts_a_long_uncommon_password() -> None:
    policy.check_password("staple battery horse", username="alice")


def test_length_counts_characters_after_unicode_normalisation() -> None:
    # Twelve characters, whichever way the accent is typed.
    composed, decomposed = "caf\u00e9-au-lait", "cafe\u0301-au-lait"
    policy.check_password(composed, username="x")
    policy.check_password(decomposed, username="x")


def test_create_user_refuses_a_weak_password_and_writes_nothing(db: Session) -> None:
    with pytest.raises(WeakPasswordError, match="at least 12"):
        make_user(db, password="too-short")
    db.rollback()
    assert db.query(User).count() == 0


def test_create_user_refuses_a_taken_username(db: Session, alice: User) -> None:
    with pytest.raises(ConflictError, match="already exists"):
        make_user(db)


def test_a_new_password_works_the_old_one_does_not_and_sessions_end(
    db: Session, alice: User
) -> None:
    signed_in = service.sign_in(
        session=db, username="alice", password=PASSWORD, now=T0, hasher=CHEAP
    )
    assert isinstance(signed_in, SignedIn)
    service.set_password(
        session=db, user=alice, password="a brand new secret", now=T0, hasher=CHEAP
    )
    db.commit()
    assert (
        service.authenticate_session(session=db, session_token=signed_in.session_token, now=T0)
        is None
    )
    old = service.sign_in(session=db, username="alice", password=PASSWORD, now=T0, hasher=CHEAP)
    new = service.sign_in(
        session=db, username="alice", password="a brand new secret", now=T0, hasher=CHEAP
    )
    assert not isinstance(old, SignedIn)
    assert isinstance(new, SignedIn)
