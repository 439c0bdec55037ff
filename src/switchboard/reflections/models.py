"""The reflective log: STAR entries (Situation, Task, Action, Result) and their evidence."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import BigId, str_enum
from switchboard.kit.clock import utcnow


class EvidenceKind(StrEnum):
    INTERACTION = "interaction"
    GOAL = "goal"
    FEEDBACK = "feedback"
    IMPROVEMENT = "improvement"
    COACHING = "coaching"


class Reflection(Base):
    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    situation: Mapped[str] = mapped_column(Text, default="")
    task: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReflectionEvidence(Base):
    __tablename__ = "reflection_evidence"
    __table_args__ = (UniqueConstraint("reflection_id", "kind", "ref_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(
        ForeignKey("reflections.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[EvidenceKind] = mapped_column(str_enum(EvidenceKind, "evidence_kind"))
    ref_id: Mapped[int] = mapped_column(BigId, comment="the id of the record of that kind")
