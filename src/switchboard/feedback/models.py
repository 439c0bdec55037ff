"""Feedback records (SBI or BOOST), from a team leader, a peer, a customer or the agent, with the
interactions they are about and the agent's acknowledgement and response."""

from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import BigId, str_enum
from switchboard.domain.performance.feedback import Model, Source, Tone
from switchboard.kit.clock import utcnow


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    giver_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), comment="none for a customer's survey verbatim"
    )
    source: Mapped[Source] = mapped_column(str_enum(Source, "feedback_source"))
    model: Mapped[Model] = mapped_column(str_enum(Model, "feedback_model"))
    tone: Mapped[Tone] = mapped_column(str_enum(Tone, "feedback_tone"))
    situation: Mapped[str] = mapped_column(Text, default="")
    behaviour: Mapped[str] = mapped_column(Text, default="")
    impact: Mapped[str] = mapped_column(Text, default="")
    went_well: Mapped[str] = mapped_column(Text, default="", comment="the balancing positive")
    even_better: Mapped[str] = mapped_column(Text, default="", comment="the developmental part")
    event: Mapped[str] = mapped_column(Text, default="", comment="an observed event, if no contact")
    observed_at: Mapped[datetime | None]
    private: Mapped[bool] = mapped_column(
        default=False, comment="seen only by the agent and their team leader"
    )
    survey_response_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("survey_responses.id", ondelete="CASCADE"), unique=True,
        comment="the survey verbatim this customer feedback came from",
    )  # fmt: skip
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[datetime | None]
    response: Mapped[str | None] = mapped_column(Text, comment="the agent's reply")


class FeedbackInteraction(Base):
    __tablename__ = "feedback_interactions"

    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), primary_key=True
    )
    interaction_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
