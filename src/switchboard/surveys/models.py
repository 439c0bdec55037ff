"""Survey responses, each tied to the interaction it rates."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import BigId, str_enum


class SurveyKind(StrEnum):
    CSAT = "csat"
    NPS = "nps"
    CES = "ces"


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("source_system", "source_id"),
        Index(None, "interaction_source_system", "interaction_source_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source_system: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[str] = mapped_column(String(200))
    batch_id: Mapped[int] = mapped_column(ForeignKey("ingest_batches.id"), index=True)
    interaction_source_system: Mapped[str] = mapped_column(String(40))
    interaction_source_id: Mapped[str] = mapped_column(String(200))
    interaction_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("interactions.id"), index=True
    )
    kind: Mapped[SurveyKind] = mapped_column(str_enum(SurveyKind, "survey_kind"))
    score: Mapped[float]
    scale_min: Mapped[float]
    scale_max: Mapped[float]
    responded_at: Mapped[datetime]
    comment: Mapped[str | None] = mapped_column(Text, comment="verbatim; may hold personal data")
