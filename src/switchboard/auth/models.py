"""Credentials, sessions and API tokens.

Secrets live apart from people data (``users``), so a query for people never reads a password hash
and an erasure of someone's personal data can drop their credentials in one place. Sessions and
tokens are stored only as SHA-256 digests: a copy of the database lets nobody sign in.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base

DIGEST_LENGTH = 64  # hex SHA-256


class UserCredential(Base):
    """A user's password and the failed sign-ins that lock the account."""

    __tablename__ = "user_credentials"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    password_hash: Mapped[str] = mapped_column(String(255), comment="argon2id, PHC string format")
    password_changed_at: Mapped[datetime]
    failed_sign_ins: Mapped[int] = mapped_column(
        default=0, server_default="0", comment="failures since the last success or lock"
    )
    locked_until: Mapped[datetime | None]


class UserSession(Base):
    """A signed-in browser. The id is the digest of the token the browser holds."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(
        String(DIGEST_LENGTH), primary_key=True, comment="SHA-256 of the session token"
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime] = mapped_column(
        comment="slides forward; idle expiry counts from it"
    )
    expires_at: Mapped[datetime] = mapped_column(comment="absolute end, however active")
    revoked_at: Mapped[datetime | None] = mapped_column(comment="signed out or password changed")
    csrf_secret: Mapped[str] = mapped_column(String(64), comment="for the web layer's form tokens")


class ApiToken(Base):
    """A per-user bearer token for the API. Only its digest and a display prefix are kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    prefix: Mapped[str] = mapped_column(
        String(16), comment="the token's first characters, to tell tokens apart"
    )
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
