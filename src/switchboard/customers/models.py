"""Customers: behavioural data points at a pseudonymous key, never at a phone number or a name.

Identifying details live only in ``customer_identities``. Erasing a customer under UK GDPR
deletes those rows; the interactions keep their key, which no longer leads to a person.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import str_enum
from switchboard.kit.clock import utcnow


class IdentityKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    ACCOUNT = "account"
    HANDLE = "handle"


class Customer(Base):
    __tablename__ = "customers"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CustomerIdentity(Base):
    __tablename__ = "customer_identities"
    __table_args__ = (UniqueConstraint("customer_key", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: the unique constraint below starts with it.
    customer_key: Mapped[str] = mapped_column(ForeignKey("customers.key", ondelete="CASCADE"))
    kind: Mapped[IdentityKind] = mapped_column(str_enum(IdentityKind, "identity_kind"))
    value: Mapped[str] = mapped_column(String(320))
