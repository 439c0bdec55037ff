"""An evaluation scores one contact, or a thread of them, against a scorecard version.

The scores are kept on the row as the domain computed them at the last change (overall,
compliance, auto-fail), and each answer keeps its earned and possible points, so reports
read them with plain SQL. ``score_changes`` keeps every change of score with who and why.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import BigId, str_enum
from switchboard.domain.quality.lifecycle import DisputeOutcome, EvaluationKind, Status
from switchboard.kit.clock import utcnow


def _once_per(name: str, scope: str, kind: EvaluationKind) -> Index:
    """An evaluator scores a contact once per ``scope``, for evaluations of ``kind``: what the
    service checks before it adds one, kept by the store against a concurrent request."""
    where = text(f"kind = '{kind.value}'")
    return Index(name, scope, "evaluator_user_id", "interaction_id", unique=True,
                 sqlite_where=where, postgresql_where=where)  # fmt: skip


class Evaluation(Base):
    __tablename__ = "evaluations"
    __table_args__ = (
        _once_per("uq_evaluations_regular_once", "version_id", EvaluationKind.REGULAR),
        _once_per("uq_evaluations_calibration_once", "calibration_session_id",
                  EvaluationKind.CALIBRATION),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("scorecard_versions.id"), index=True)
    interaction_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("interactions.id", ondelete="CASCADE"), index=True,
        comment="the contact scored; its queue, channel and time place the QA score",
    )  # fmt: skip
    contact_at: Mapped[datetime] = mapped_column(
        index=True, comment="the scored contact's arrival, copied so trends read no join"
    )
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    evaluator_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[EvaluationKind] = mapped_column(str_enum(EvaluationKind, "evaluation_kind"))
    calibration_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("calibration_sessions.id", ondelete="CASCADE"), index=True
    )
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("evaluation_assignments.id", ondelete="SET NULL"), unique=True
    )
    status: Mapped[Status] = mapped_column(str_enum(Status, "evaluation_status"), index=True)
    score: Mapped[float | None] = mapped_column(comment="0–100; null when every answer is N/A")
    compliance_score: Mapped[float | None] = mapped_column(comment="0–100 over compliance items")
    compliance_passed: Mapped[bool | None] = mapped_column(
        comment="every applicable compliance item passed; null when none applied"
    )
    auto_failed: Mapped[bool] = mapped_column(default=False)
    summary: Mapped[str] = mapped_column(Text, default="", comment="the evaluator's overall note")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    acknowledged_at: Mapped[datetime | None]
    agent_response: Mapped[str | None] = mapped_column(Text)


class EvaluationInteraction(Base):
    """Further contacts of a thread scored together (chat, email); the scored contact itself
    is ``evaluations.interaction_id``."""

    __tablename__ = "evaluation_interactions"

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), primary_key=True
    )
    interaction_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )


class EvaluationAnswer(Base):
    __tablename__ = "evaluation_answers"

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), primary_key=True
    )
    question_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str | None] = mapped_column(
        String(200), comment="yes/no, the scale point or the choice's label; null for N/A"
    )
    comment: Mapped[str] = mapped_column(Text, default="")
    earned: Mapped[float | None] = mapped_column(comment="null for N/A")
    possible: Mapped[float | None] = mapped_column(comment="0 for a bonus; null for N/A")
    failed: Mapped[bool] = mapped_column(
        default=False, comment="a failing answer: No, a failing choice, or no points at all"
    )


class ScoreChange(Base):
    __tablename__ = "evaluation_score_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    changed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    event: Mapped[str] = mapped_column(String(40), comment="submitted, rescored, dispute_resolved")
    from_score: Mapped[float | None]
    to_score: Mapped[float | None]
    reason: Mapped[str] = mapped_column(Text, default="")


class Dispute(Base):
    __tablename__ = "evaluation_disputes"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("evaluations.id", ondelete="CASCADE"), unique=True
    )
    raised_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    question_keys: Mapped[str] = mapped_column(
        Text, default="", comment="the disputed questions, comma-separated; empty for the whole"
    )
    arbitrator_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]
    outcome: Mapped[DisputeOutcome | None] = mapped_column(
        str_enum(DisputeOutcome, "dispute_outcome")
    )
    resolution: Mapped[str | None] = mapped_column(Text, comment="the arbitrator's reason")
