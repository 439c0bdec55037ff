"""The records every KPI stands on: interactions and agent state intervals."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import BigId, str_enum
from switchboard.people.models import Channel


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Outcome(StrEnum):
    ANSWERED = "answered"
    ABANDONED = "abandoned"
    TIMED_OUT = "timed_out"
    """Left the queue when its maximum wait ran out (Asterisk EXITWITHTIMEOUT)."""
    TRANSFERRED = "transferred"
    CALLBACK = "callback"
    """The caller chose to leave the queue for a callback or another option (EXITWITHKEY)."""
    OVERFLOWED = "overflowed"
    """Never joined the queue: full, empty, closed or diverted; the disposition says which."""
    PHANTOM = "phantom"
    """A record the source marks as not a real contact; kept for completeness, never offered."""


class AgentState(StrEnum):
    LOGGED_IN = "logged_in"
    AVAILABLE = "available"
    ON_CONTACT = "on_contact"
    WRAP_UP = "wrap_up"
    BREAK = "break"
    LUNCH = "lunch"
    TRAINING = "training"
    MEETING = "meeting"
    COACHING = "coaching"
    OFFLINE = "offline"


class Interaction(Base):
    """One visit of a contact to a queue (or one outbound contact).

    A transfer or re-queue is a further segment: it shares ``contact_ref`` with the earlier
    segments and points at the one before it through ``previous_id``.
    """

    __tablename__ = "interactions"
    __table_args__ = (
        UniqueConstraint("source_system", "source_id"),
        Index(None, "source_system", "contact_ref"),
        Index(None, "queue_id", "arrived_at"),
        Index(None, "agent_id", "arrived_at"),
        Index(None, "customer_key", "arrived_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_system: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[str] = mapped_column(String(200))
    batch_id: Mapped[int] = mapped_column(ForeignKey("ingest_batches.id"), index=True)
    contact_ref: Mapped[str] = mapped_column(
        String(200), comment="the contact this segment is part of"
    )
    segment: Mapped[int] = mapped_column(default=1)
    previous_source_id: Mapped[str | None] = mapped_column(String(200))
    previous_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("interactions.id"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))
    direction: Mapped[Direction] = mapped_column(str_enum(Direction, "direction"))
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queues.id"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    customer_key: Mapped[str | None] = mapped_column(ForeignKey("customers.key"))
    arrived_at: Mapped[datetime] = mapped_column(index=True)
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    wrap_ended_at: Mapped[datetime | None]
    wait_seconds: Mapped[float] = mapped_column(default=0.0)
    talk_seconds: Mapped[float] = mapped_column(default=0.0)
    hold_seconds: Mapped[float] = mapped_column(default=0.0)
    wrap_seconds: Mapped[float] = mapped_column(default=0.0)
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, "outcome"))
    disposition: Mapped[str | None] = mapped_column(String(200))
    transferred: Mapped[bool] = mapped_column(default=False)
    escalated: Mapped[bool] = mapped_column(default=False)
    source_updated_at: Mapped[datetime | None] = mapped_column(
        comment="the source's own last-update time; a newer record replaces an older one"
    )
    repeat_after_seconds: Mapped[float | None] = mapped_column(
        comment="answered, known customer: seconds until their next contact on the same reason, "
        "if within 30 days (FCR); kept up to date by the KPI refresh"
    )


class AgentStateInterval(Base):
    """An agent was in one state from ``started_at`` to ``ended_at``; intervals do not overlap."""

    __tablename__ = "agent_state_intervals"
    __table_args__ = (
        UniqueConstraint("source_system", "source_id"),
        Index(None, "agent_id", "started_at"),
        Index(None, "started_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_system: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[str] = mapped_column(String(200))
    batch_id: Mapped[int] = mapped_column(ForeignKey("ingest_batches.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    state: Mapped[AgentState] = mapped_column(str_enum(AgentState, "agent_state"))
    reason: Mapped[str | None] = mapped_column(
        String(200), comment="pause reason as the source gave it"
    )
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queues.id"))
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]


class TextKind(StrEnum):
    TRANSCRIPT = "transcript"
    NOTES = "notes"


class InteractionText(Base):
    """What was said or written on a contact, when a source provides it: a chat or email
    transcript, or the agent's notes. Evaluators read it beside the contact's details."""

    __tablename__ = "interaction_texts"

    interaction_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[TextKind] = mapped_column(str_enum(TextKind, "text_kind"), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
