"""Improvement activities (Plan-Do-Review): the change, the KPI expected to move, who and which
queues it involves, and when it started. The review is computed from the data on demand."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import str_enum
from switchboard.kit.clock import utcnow


class Control(StrEnum):
    NONE = "none"
    REST_OF_TEAM = "rest_of_team"


class Improvement(Base):
    __tablename__ = "improvements"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    change: Mapped[str] = mapped_column(Text, comment="Plan: what will be done differently")
    kpi: Mapped[str] = mapped_column(String(40), comment="the KPI expected to move")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    started_on: Mapped[date]
    before_days: Mapped[int] = mapped_column(default=28, comment="days compared before the start")
    after_days: Mapped[int] = mapped_column(default=28, comment="days compared from the start")
    control: Mapped[Control] = mapped_column(
        str_enum(Control, "improvement_control"), default=Control.NONE
    )
    review_note: Mapped[str] = mapped_column(Text, default="")
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImprovementAgent(Base):
    __tablename__ = "improvement_agents"

    improvement_id: Mapped[int] = mapped_column(
        ForeignKey("improvements.id", ondelete="CASCADE"), primary_key=True
    )
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True
    )


class ImprovementQueue(Base):
    __tablename__ = "improvement_queues"

    improvement_id: Mapped[int] = mapped_column(
        ForeignKey("improvements.id", ondelete="CASCADE"), primary_key=True
    )
    queue_id: Mapped[int] = mapped_column(
        ForeignKey("queues.id", ondelete="CASCADE"), primary_key=True
    )
