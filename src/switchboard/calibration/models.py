"""Calibration sessions: who scores, which contacts, on which scorecard version. The scores
themselves are evaluations of kind ``calibration`` pointing at their session."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import BigId, str_enum
from switchboard.domain.quality.lifecycle import SessionStatus
from switchboard.kit.clock import utcnow


class CalibrationSession(Base):
    __tablename__ = "calibration_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version_id: Mapped[int] = mapped_column(ForeignKey("scorecard_versions.id"))
    facilitator_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    expert_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), comment="deviation is measured from this evaluator, if named"
    )
    status: Mapped[SessionStatus] = mapped_column(
        str_enum(SessionStatus, "calibration_status"), default=SessionStatus.OPEN
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]


class CalibrationInteraction(Base):
    __tablename__ = "calibration_interactions"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    interaction_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )


class CalibrationParticipant(Base):
    __tablename__ = "calibration_participants"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
