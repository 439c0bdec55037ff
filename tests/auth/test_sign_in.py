"""Signing in, lockout after failed sign-ins, and the life of a session."""

from datetime import timedelta

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.audit.models import AuditEntry
from switchboard.auth import policy, service
from switchboard.auth.errors import AccountLockedError, InvalidCredentialsError
from switchboard.auth.models import UserSession
from switchboard.auth.service import SignedIn, SignInRefused
from switchboard.people.models import User
from tests.auth.conftest import CHEAP, PASSWORD, T0

WRONG = "not the password at all"


def attempt(
    db: Session, password: str, minutes: float = 0, username: str = "alice"
) -> SignedIn | SignInRefused:
    """One sign-in, committed as the web request would commit it."""
    outcome = service.sign_in(
        session=db, username=username, password=password,
        now=T0 + timedelta(minutes=minutes), hasher=CHEAP,
    )  # fmt: skip
    db.commit()
    return outcome


def signed_in(db: Session, minutes: float = 0) -> SignedIn:
    outcome = attempt(db, PASSWORD, minutes)
    assert isinstance(outcome, SignedIn), outcome
    return outcome


def test_the_right_password_signs_in(db: Session, alice: User) -> None:
    outcome = signed_in(db)
    assert outcome.user.id == alice.id
    assert outcome.expires_at == T0 + policy.SESSION_MAX_AGE


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(db: Session, alice: User) -> None:
    wrong, unknown = attempt(db, WRONG), attempt(db, PASSWORD, username="mallory")
    assert isinstance(wrong, SignInRefused)
    assert isinstance(unknown, SignInRefused)
    assert type(wrong.error) is type(unknown.error) is InvalidCredentialsError
    assert wrong.error.message == unknown.error.message == "wrong username or password"


class CountingHasher(PasswordHasher):
    verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # argon2's names
        self.verified += 1
        return super().verify(hash, password)


def test_an_unknown_user_still_costs_a_password_verification(db: Session) -> None:
    hasher = CountingHasher(time_cost=1, memory_cost=8, parallelism=1)
    service.sign_in(session=db, username="nobody", password=PASSWORD, now=T0, hasher=hasher)
    assert hasher.verified == 1


def test_an_inactive_user_cannot_sign_in(db: Session, alice: User) -> None:
    alice.active = False
    db.commit()
    assert isinstance(attempt(db, PASSWORD), SignInRefused)


def test_the_account_locks_at_exactly_the_tenth_failure(db: Session, alice: User) -> None:
    for _ in range(policy.LOCK_AFTER_FAILURES - 1):
        refused = attempt(db, WRONG)
        assert isinstance(refused, SignInRefused)
        assert isinstance(refused.error, InvalidCredentialsError)
    tenth = attempt(db, WRONG)
    assert isinstance(tenth, SignInRefused)
    assert isinstance(tenth.error, AccountLockedError)
    assert tenth.error.locked_until == T0 + policy.LOCK_DURATION
    assert "locked" in tenth.error.message
    assert "2026-11-26T09:30:00+00:00" in tenth.error.message


def test_a_locked_account_refuses_the_right_password_until_the_lock_ends(
    db: Session, alice: User
) -> None:
    for _ in range(policy.LOCK_AFTER_FAILURES):
        attempt(db, WRONG)
    during = attempt(db, PASSWORD, minutes=29.9)
    assert isinstance(during, SignInRefused)
    assert isinstance(during.error, AccountLockedError)
    signed_in(db, minutes=30)


def test_a_success_resets_the_failure_count(db: Session, alice: User) -> None:
    for _ in range(policy.LOCK_AFTER_FAILURES - 1):
        attempt(db, WRONG)
    signed_in(db)
    for _ in range(policy.LOCK_AFTER_FAILURES - 1):
        refused = attempt(db, WRONG)
        assert isinstance(refused, SignInRefused)
        assert isinstance(refused.error, InvalidCredentialsError)


def test_every_sign_in_gets_a_new_session_and_only_its_digest_is_stored(
    db: Session, alice: User
) -> None:
    first, second = signed_in(db), signed_in(db)
    assert first.session_token != second.session_token
    ids = set(db.scalars(select(UserSession.id)))
    assert len(ids) == 2
    assert first.session_token not in ids
    assert service.hashing.digest(first.session_token) in ids


def test_sign_out_ends_the_session_and_only_that_one(db: Session, alice: User) -> None:
    phone, laptop = signed_in(db), signed_in(db)
    service.sign_out(session=db, session_token=phone.session_token, now=T0)
    db.commit()
    assert (
        service.authenticate_session(session=db, session_token=phone.session_token, now=T0) is None
    )
    current = service.authenticate_session(session=db, session_token=laptop.session_token, now=T0)
    assert current is not None
    assert current.user.id == alice.id
    assert current.csrf_secret == laptop.csrf_secret


def test_a_session_expires_after_15_idle_minutes(db: Session, alice: User) -> None:
    token = signed_in(db).session_token
    just_in_time = T0 + policy.SESSION_IDLE_TIMEOUT - timedelta(seconds=1)
    assert service.authenticate_session(session=db, session_token=token, now=just_in_time)
    db.commit()
    too_late = just_in_time + policy.SESSION_IDLE_TIMEOUT
    assert service.authenticate_session(session=db, session_token=token, now=too_late) is None


def test_activity_keeps_a_session_alive_but_not_past_12_hours(db: Session, alice: User) -> None:
    token = signed_in(db).session_token
    step = timedelta(minutes=10)
    moment = T0
    while moment + step < T0 + policy.SESSION_MAX_AGE:
        moment += step
        assert service.authenticate_session(session=db, session_token=token, now=moment)
    db.commit()
    end = T0 + policy.SESSION_MAX_AGE
    assert service.authenticate_session(session=db, session_token=token, now=end) is None


def test_an_unknown_session_token_is_no_one(db: Session, alice: User) -> None:
    assert service.authenticate_session(session=db, session_token="forged", now=T0) is None


def test_sign_ins_and_lockout_are_audited_with_ids_only(db: Session, alice: User) -> None:
    for _ in range(policy.LOCK_AFTER_FAILURES):
        attempt(db, WRONG)
    attempt(db, PASSWORD, username="mallory")
    token = signed_in(db, minutes=31).session_token
    service.sign_out(session=db, session_token=token)
    db.commit()
    entries = db.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [entry.action for entry in entries]
    assert actions.count("sign_in_failed") == policy.LOCK_AFTER_FAILURES + 1
    assert actions[-4:] == ["account_locked", "sign_in_failed", "sign_in", "sign_out"]
    assert "mallory" not in str([(e.object_id, e.details) for e in entries])


def test_setting_the_password_ends_a_lock_at_once(db: Session, alice: User) -> None:
    for _ in range(policy.LOCK_AFTER_FAILURES):
        attempt(db, WRONG)
    service.set_password(
        session=db, user=alice, password="a fresh long secret", now=T0, hasher=CHEAP
    )
    db.commit()
    assert isinstance(attempt(db, "a fresh long secret", minutes=1), SignedIn)


def test_the_idle_clock_is_written_at_most_once_a_minute(db: Session, alice: User) -> None:
    token = signed_in(db).session_token
    row = db.scalars(select(UserSession)).one()
    soon = T0 + policy.SESSION_TOUCH_INTERVAL - timedelta(seconds=1)
    assert service.authenticate_session(session=db, session_token=token, now=soon)
    assert row.last_seen_at == T0  # no write for a request within the minute
    later = T0 + policy.SESSION_TOUCH_INTERVAL
    assert service.authenticate_session(session=db, session_token=token, now=later)
    assert row.last_seen_at == later


def test_signing_in_clears_the_users_ended_sessions(db: Session, alice: User) -> None:
    signed_out = signed_in(db).session_token
    service.sign_out(session=db, session_token=signed_out, now=T0)
    signed_in(db)  # left idle
    db.commit()
    later = signed_in(db, minutes=16)  # the idle one has been idle for 16 minutes
    db.commit()
    assert [row.created_at for row in db.scalars(select(UserSession))] == [
        T0 + timedelta(minutes=16)
    ]
    assert service.authenticate_session(
        session=db, session_token=later.session_token, now=T0 + timedelta(minutes=16)
    )
