"""The audit trail's table: one row per security-relevant event, hash-chained, append-only.

A row holds ids, never personal data (no names, usernames, e-mail addresses or free text), so
erasing a person never has to touch the log, and the log never has to change.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import BigId


class AuditAction(StrEnum):
    """What happened. The value is what the row stores and what the hash covers."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    ACCOUNT_LOCKED = "account_locked"
    PASSWORD_CHANGED = "password_changed"
    TOKEN_CREATED = "token_created"
    TOKEN_REVOKED = "token_revoked"
    PERMISSION_DENIED = "permission_denied"
    EXPORT = "export"
    PEOPLE_CHANGE = "people_change"


class AuditEntry(Base):
    """One event. Rows are only ever inserted: triggers in the database refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    # No foreign key: erasing a user must never cascade into, or be blocked by, the log.
    actor_user_id: Mapped[int | None] = mapped_column(
        comment="the signed-in user; empty for the system or an anonymous request"
    )
    # Plain text rather than a CHECK-constrained enum: a new action must not need a migration,
    # because rebuilding this table (SQLite batch mode) would drop its append-only triggers.
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any] | None] = mapped_column(
        JSON, comment="ids, counts and flags only; never personal data"
    )
    prev_hash: Mapped[str] = mapped_column(
        String(64), comment="row_hash of the row before; SHA-256, hex"
    )
    row_hash: Mapped[str] = mapped_column(
        String(64), comment="SHA-256, hex, of prev_hash and this row"
    )
