"""Wellbeing check-ins an agent records: private to the agent and their team leader."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.kit.clock import utcnow


class WellbeingCheckIn(Base):
    __tablename__ = "wellbeing_checkins"
    __table_args__ = (
        CheckConstraint("mood BETWEEN 1 AND 5", name="mood_1_to_5"),
        CheckConstraint("workload BETWEEN 1 AND 5", name="workload_1_to_5"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    mood: Mapped[int] = mapped_column(comment="1 (low) to 5 (good)")
    workload: Mapped[int] = mapped_column(comment="1 (too little) to 5 (too much); 3 is right")
    note: Mapped[str] = mapped_column(Text, default="")
