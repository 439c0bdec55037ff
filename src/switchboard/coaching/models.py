"""Coaching sessions and one-to-ones with GROW notes, and the interactions they looked at."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import BigId, str_enum
from switchboard.kit.clock import utcnow


class SessionKind(StrEnum):
    COACHING = "coaching"
    ONE_TO_ONE = "one_to_one"


class CoachingSession(Base):
    __tablename__ = "coaching_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    coach_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[SessionKind] = mapped_column(str_enum(SessionKind, "coaching_kind"))
    held_at: Mapped[datetime]
    kpi: Mapped[str | None] = mapped_column(String(40), comment="the KPI the coaching aims at")
    goal: Mapped[str] = mapped_column(Text, default="", comment="GROW: what the agent wants")
    reality: Mapped[str] = mapped_column(Text, default="", comment="GROW: where things stand")
    options: Mapped[str] = mapped_column(Text, default="", comment="GROW: what could be done")
    way_forward: Mapped[str] = mapped_column(Text, default="", comment="GROW: what will be done")
    follow_up: Mapped[str] = mapped_column(
        Text, default="", comment="what came of the last session's actions"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CoachingInteraction(Base):
    __tablename__ = "coaching_interactions"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    interaction_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
