"""Sign-in use cases: users and passwords, sign-in and lockout, sessions, API tokens.

Every function takes the caller's session and never commits: the unit of work (a web request, a
CLI command) does. That is why :func:`sign_in` *returns* a refusal instead of raising it: the
failed-sign-in count and the lock must be committed even though the sign-in failed, so the caller
commits and then reports ``refusal.error``.

``now`` defaults to the real clock; tests pass their own to move time. ``hasher`` defaults to
argon2-cffi's current parameters; tests pass cheap ones to stay fast. ``actor_user_id`` is who
asked, for the audit trail: None for the command line (the system).

Every change and every sign-in attempt is audited, with ids only: a failed sign-in for an unknown
name records no name, since what people type there is often their password.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from switchboard.audit import service as audit_service
from switchboard.audit.models import AuditAction
from switchboard.auth import hashing, policy
from switchboard.auth import repository as repo
from switchboard.auth.errors import AccountLockedError, InvalidCredentialsError
from switchboard.auth.models import ApiToken, UserCredential, UserSession
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import ConflictError, NotFoundError, SwitchboardError
from switchboard.people.models import Role, User


@dataclass(frozen=True)
class SignedIn:
    """A new session. ``session_token`` goes to the browser (a cookie) and is never stored."""

    session_token: str
    user: User
    csrf_secret: str
    expires_at: datetime


@dataclass(frozen=True)
class SignInRefused:
    """Wrong credentials or a locked account; commit, then report ``error``."""

    error: InvalidCredentialsError | AccountLockedError


@dataclass(frozen=True)
class CurrentSession:
    """The user behind a live session, and its CSRF secret for the web layer's forms."""

    user: User
    csrf_secret: str


Found = TypeVar("Found")


@dataclass(frozen=True)
class NewApiToken:
    """A token just made. ``token`` is shown once; only its digest is kept."""

    token: str
    api_token: ApiToken


def get_user(*, session: Session, username: str) -> User:
    user = repo.user_by_username(session, username)
    if user is None:
        raise NotFoundError(f"no user named {username!r}")
    return user


def get_site_id(*, session: Session, name: str) -> int:
    site = repo.site_by_name(session, name)
    if site is None:
        raise NotFoundError(f"no site named {name!r}")
    return site.id


def create_user(
    *,
    session: Session,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    site_id: int | None = None,
    actor_user_id: int | None = None,
    now: datetime | None = None,
    hasher: PasswordHasher = hashing.PASSWORD_HASHER,
) -> User:
    """A user who can sign in. Checks the password before anything is written."""
    username = username.strip()
    if not username:
        raise SwitchboardError("the username must not be empty")
    if repo.user_by_username(session, username) is not None:
        raise ConflictError(f"a user named {username!r} already exists")
    policy.check_password(password, username=username)
    user = User(username=username, display_name=display_name, role=role, site_id=site_id)
    session.add(user)
    session.flush()  # the user's id, for the credential
    now = now or utcnow()
    _store_password(session, user, password, now, hasher)
    _audit(session, now, actor_user_id, AuditAction.PEOPLE_CHANGE, user.id,
           change="user_created", role=role.value)  # fmt: skip
    return user


def set_password(
    *,
    session: Session,
    user: User,
    password: str,
    actor_user_id: int | None = None,
    now: datetime | None = None,
    hasher: PasswordHasher = hashing.PASSWORD_HASHER,
) -> None:
    """Set (or reset) a password, unlock the account and end the user's sessions, which may
    belong to whoever knew the old password. API tokens stay: ``revoke_tokens`` ends those."""
    policy.check_password(password, username=user.username)
    now = now or utcnow()
    _store_password(session, user, password, now, hasher)
    ended = repo.revoke_sessions(session, user.id, now)
    _audit(session, now, actor_user_id, AuditAction.PASSWORD_CHANGED, user.id, sessions_ended=ended)


def _store_password(
    session: Session, user: User, password: str, now: datetime, hasher: PasswordHasher
) -> None:
    credential = session.get(UserCredential, user.id) or UserCredential(user_id=user.id)
    credential.password_hash = hashing.hash_password(hasher, password)
    credential.password_changed_at = now
    credential.failed_sign_ins = 0
    credential.locked_until = None
    session.add(credential)
    session.flush()


def sign_in(
    *,
    session: Session,
    username: str,
    password: str,
    now: datetime | None = None,
    hasher: PasswordHasher = hashing.PASSWORD_HASHER,
) -> SignedIn | SignInRefused:
    """Check a password and open a session with a new id. Refusals count towards the lock."""
    now = now or utcnow()
    user = repo.user_by_username(session, username)
    credential = session.get(UserCredential, user.id) if user is not None else None
    if user is None or credential is None or not user.active:
        return _refuse_unknown(session, user, password, now, hasher)
    if credential.locked_until is not None and credential.locked_until > now:
        _audit(session, now, None, AuditAction.SIGN_IN_FAILED, user.id, reason="locked")
        return SignInRefused(AccountLockedError(credential.locked_until))
    if not hashing.password_matches(hasher, credential.password_hash, password):
        return _count_failure(session, credential, now)
    credential.failed_sign_ins = 0
    credential.locked_until = None
    rehash = hasher.check_needs_rehash(credential.password_hash)
    if rehash:
        credential.password_hash = hashing.hash_password(hasher, password)
    signed_in = _open_session(session, user, now)
    _audit(session, now, user.id, AuditAction.SIGN_IN, user.id, rehashed=rehash)
    return signed_in


def _refuse_unknown(
    session: Session, user: User | None, password: str, now: datetime, hasher: PasswordHasher
) -> SignInRefused:
    """No such user, an inactive one, or one without a password: the same answer, in the same
    time, as a wrong password, so neither tells an attacker which usernames exist."""
    hashing.spend_verification_time(hasher, password)
    if user is None:
        _audit(session, now, None, AuditAction.SIGN_IN_FAILED, None, reason="unknown_user")
    else:
        reason = "inactive" if not user.active else "no_password"
        _audit(session, now, None, AuditAction.SIGN_IN_FAILED, user.id, reason=reason)
    return SignInRefused(InvalidCredentialsError())


def _count_failure(session: Session, credential: UserCredential, now: datetime) -> SignInRefused:
    user_id = credential.user_id
    failures = repo.count_failed_sign_in(session, user_id)
    _audit(session, now, None, AuditAction.SIGN_IN_FAILED, user_id,
           reason="wrong_password", failed_sign_ins=failures)  # fmt: skip
    if failures < policy.LOCK_AFTER_FAILURES:
        return SignInRefused(InvalidCredentialsError())
    # Restart the count, so the account gets a fresh ten tries once the lock ends.
    locked = session.get_one(UserCredential, user_id)
    locked.locked_until = now + policy.LOCK_DURATION
    locked.failed_sign_ins = 0
    session.flush()
    _audit(session, now, None, AuditAction.ACCOUNT_LOCKED, user_id,
           minutes=int(policy.LOCK_DURATION.total_seconds() // 60))  # fmt: skip
    return SignInRefused(AccountLockedError(locked.locked_until))


def _open_session(session: Session, user: User, now: datetime) -> SignedIn:
    """A new session, after clearing the user's ended ones so the table holds live sessions
    only (the audit log keeps the sign-ins and sign-outs)."""
    repo.delete_ended_sessions(session, user.id, now, idle_since=now - policy.SESSION_IDLE_TIMEOUT)
    token = hashing.new_token()
    row = UserSession(
        id=hashing.digest(token),
        user_id=user.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + policy.SESSION_MAX_AGE,
        csrf_secret=hashing.new_token(),
    )
    session.add(row)
    session.flush()
    return SignedIn(token, user, row.csrf_secret, row.expires_at)


@dataclass(frozen=True)
class Authenticated(Generic[Found]):
    """Who a live session or token belongs to, read without writing anything. ``touch`` is its
    last-used write when that is due (once a minute at most): the caller runs it in whichever
    unit of work suits, so a request's own transaction can stay read-only."""

    found: Found
    touch: Callable[[Session], None] | None


def check_session(
    *, session: Session, session_token: str, now: datetime | None = None
) -> Authenticated[CurrentSession] | None:
    """The user behind a session token, or None if it is unknown, signed out or expired (idle
    too long, or past its absolute end), or its user inactive."""
    now = now or utcnow()
    found = repo.session_with_user(session, hashing.digest(session_token))
    if found is None:
        return None
    row, user = found
    if row.revoked_at is not None or now >= row.expires_at or not user.active:
        return None
    idle = now - row.last_seen_at
    if idle >= policy.SESSION_IDLE_TIMEOUT:
        return None
    session_id = row.id
    due = idle >= policy.SESSION_TOUCH_INTERVAL
    touch = (lambda into: repo.touch_session(into, session_id, now)) if due else None
    return Authenticated(CurrentSession(user, row.csrf_secret), touch)


def authenticate_session(
    *, session: Session, session_token: str, now: datetime | None = None
) -> CurrentSession | None:
    """:func:`check_session`, restarting a live session's idle clock in ``session``."""
    return _touched(session, check_session(session=session, session_token=session_token, now=now))


def sign_out(*, session: Session, session_token: str, now: datetime | None = None) -> None:
    """End the session for good. Signing out twice, or with an unknown token, does nothing."""
    row = repo.session_by_digest(session, hashing.digest(session_token))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now = now or utcnow()
        _audit(session, now, row.user_id, AuditAction.SIGN_OUT, row.user_id)


def create_api_token(
    *,
    session: Session,
    user: User,
    name: str,
    actor_user_id: int | None = None,
    now: datetime | None = None,
) -> NewApiToken:
    """A bearer token for ``user``'s API calls. The plain token is in the result only."""
    now = now or utcnow()
    token = hashing.new_api_token()
    row = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=hashing.digest(token),
        prefix=hashing.display_prefix(token),
        created_at=now,
    )
    session.add(row)
    session.flush()
    _audit(session, now, actor_user_id, AuditAction.TOKEN_CREATED, user.id, token_id=row.id)
    return NewApiToken(token, row)


def check_token(
    *, session: Session, token: str, now: datetime | None = None
) -> Authenticated[User] | None:
    """The user behind a bearer token, or None if it is unknown, revoked or its user inactive.
    Its last-used time is kept to the minute, as a session's idle clock: no write per call."""
    found = repo.api_token_with_user(session, hashing.digest(token))
    if found is None:
        return None
    row, user = found
    if row.revoked_at is not None or not user.active:
        return None
    now = now or utcnow()
    token_id = row.id
    due = row.last_used_at is None or now - row.last_used_at >= policy.SESSION_TOUCH_INTERVAL
    touch = (lambda into: repo.touch_api_token(into, token_id, now)) if due else None
    return Authenticated(user, touch)


def authenticate_token(*, session: Session, token: str, now: datetime | None = None) -> User | None:
    """:func:`check_token`, recording the token's use in ``session``."""
    return _touched(session, check_token(session=session, token=token, now=now))


def _touched(session: Session, checked: Authenticated[Found] | None) -> Found | None:
    if checked is None:
        return None
    if checked.touch is not None:
        checked.touch(session)
    return checked.found


def revoke_tokens(
    *,
    session: Session,
    user: User,
    actor_user_id: int | None = None,
    now: datetime | None = None,
) -> list[int]:
    """Revoke every API token of ``user``; returns the ids of those revoked."""
    now = now or utcnow()
    revoked = repo.revoke_api_tokens(session, user.id, now)
    _audit(session, now, actor_user_id, AuditAction.TOKEN_REVOKED, user.id, tokens=len(revoked))
    return revoked


def _audit(
    session: Session,
    now: datetime,
    actor_user_id: int | None,
    action: AuditAction,
    user_id: int | None,
    **details: str | int | bool,
) -> None:
    """One audit row about a user (the object), with ids, counts and flags only."""
    audit_service.record(
        session,
        actor_user_id=actor_user_id,
        action=action,
        object_type="user" if user_id is not None else None,
        object_id=user_id,
        details=details or None,
        occurred_at=now,
    )
