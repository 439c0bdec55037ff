"""Every query of sign-in: users by name, credentials, sessions and API tokens."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from switchboard.auth.models import ApiToken, UserCredential, UserSession
from switchboard.people.models import Site, User


def user_by_username(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def site_by_name(session: Session, name: str) -> Site | None:
    # people/ has no repository yet; this is the one site query sign-in needs (users create --site).
    return session.scalars(select(Site).where(Site.name == name)).one_or_none()


def users_with_credentials(
    session: Session,
) -> Sequence[tuple[User, UserCredential | None, Site | None]]:
    query = (
        select(User, UserCredential, Site)
        .outerjoin(UserCredential, UserCredential.user_id == User.id)
        .outerjoin(Site, Site.id == User.site_id)
        .order_by(User.username)
    )
    return [(user, credential, site) for user, credential, site in session.execute(query)]


def count_failed_sign_in(session: Session, user_id: int) -> int:
    """Add one failure and return the new count, in one statement: concurrent guesses cannot
    both read the old count and so get past the lockout threshold."""
    count = session.execute(
        update(UserCredential)
        .where(UserCredential.user_id == user_id)
        .values(failed_sign_ins=UserCredential.failed_sign_ins + 1)
        .returning(UserCredential.failed_sign_ins)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    session.expire_all()  # the ORM's copy of the row is stale after a bulk UPDATE
    return int(count)


def session_by_digest(session: Session, token_digest: str) -> UserSession | None:
    return session.get(UserSession, token_digest)


def session_with_user(session: Session, token_digest: str) -> tuple[UserSession, User] | None:
    """The session and its user in one statement: every signed-in request reads both."""
    query = select(UserSession, User).join(User, User.id == UserSession.user_id)
    found = session.execute(query.where(UserSession.id == token_digest)).one_or_none()
    return None if found is None else (found[0], found[1])


def touch_session(session: Session, session_id: str, now: datetime) -> None:
    session.execute(
        update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now)
    )  # the default synchronisation updates a copy of the row this session holds


def delete_ended_sessions(
    session: Session, user_id: int, now: datetime, *, idle_since: datetime
) -> int:
    """Remove the user's sessions that can never be used again: signed out, past their end, or
    idle since before ``idle_since``."""
    ended = or_(
        UserSession.revoked_at.is_not(None),
        UserSession.expires_at <= now,
        UserSession.last_seen_at <= idle_since,
    )
    result = session.execute(
        delete(UserSession)
        .where(UserSession.user_id == user_id, ended)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]  # a DML result has a rowcount


def revoke_sessions(session: Session, user_id: int, now: datetime) -> int:
    result = session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]  # a DML result has a rowcount


def api_token_with_user(session: Session, token_digest: str) -> tuple[ApiToken, User] | None:
    """The token and its user in one statement: every API call reads both."""
    query = select(ApiToken, User).join(User, User.id == ApiToken.user_id)
    found = session.execute(query.where(ApiToken.token_hash == token_digest)).one_or_none()
    return None if found is None else (found[0], found[1])


def touch_api_token(session: Session, token_id: int, now: datetime) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def revoke_api_tokens(session: Session, user_id: int, now: datetime) -> list[int]:
    """Revoke every live token of the user; returns the ids revoked."""
    revoked = session.scalars(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .returning(ApiToken.id)
        .execution_options(synchronize_session=False)
    ).all()
    return sorted(revoked)


def live_api_token_counts(session: Session) -> dict[int, int]:
    query = (
        select(ApiToken.user_id, func.count())
        .where(ApiToken.revoked_at.is_(None))
        .group_by(ApiToken.user_id)
    )
    return {user_id: count for user_id, count in session.execute(query)}
