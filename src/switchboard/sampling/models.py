"""Sampling rules and the evaluation assignments they make."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import BigId, str_enum
from switchboard.domain.quality.lifecycle import AssignmentStatus, Reason
from switchboard.kit.clock import utcnow


class SamplingRule(Base):
    __tablename__ = "sampling_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    reason: Mapped[Reason] = mapped_column(str_enum(Reason, "sampling_reason"))
    per_agent: Mapped[int] = mapped_column(default=1, comment="contacts per agent per week")
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    queue_id: Mapped[int | None] = mapped_column(
        ForeignKey("queues.id"), comment="only this queue's contacts; null for every queue"
    )
    threshold: Mapped[float | None] = mapped_column(
        comment="low CSAT: the score at or below which; new starter: days since starting"
    )
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assignment(Base):
    __tablename__ = "evaluation_assignments"
    __table_args__ = (UniqueConstraint("interaction_id", "scorecard_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("sampling_rules.id", ondelete="SET NULL")
    )
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    interaction_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("interactions.id", ondelete="CASCADE")
    )
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    evaluator_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    week_start: Mapped[date] = mapped_column(index=True, comment="the Monday of the sampled week")
    reason: Mapped[Reason] = mapped_column(str_enum(Reason, "sampling_reason"))
    status: Mapped[AssignmentStatus] = mapped_column(
        str_enum(AssignmentStatus, "assignment_status"), default=AssignmentStatus.OPEN
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime | None]
