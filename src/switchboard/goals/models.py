"""Goals at three levels (organisational objectives, team goals, personal goals) and their
review dates. A personal goal is a KPI goal or a behaviour goal
(:mod:`switchboard.domain.performance.goals`)."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import str_enum
from switchboard.kit.clock import utcnow


class Level(StrEnum):
    OBJECTIVE = "objective"
    TEAM = "team"
    PERSONAL = "personal"


class GoalKind(StrEnum):
    KPI = "kpi"
    BEHAVIOUR = "behaviour"


class GoalState(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class Goal(Base):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[Level] = mapped_column(str_enum(Level, "goal_level"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="SET NULL"), index=True,
        comment="the goal one level up that this one supports",
    )  # fmt: skip
    title: Mapped[str] = mapped_column(String(300))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[GoalKind] = mapped_column(str_enum(GoalKind, "goal_kind"))
    kpi: Mapped[str | None] = mapped_column(String(40))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    baseline_from: Mapped[date | None]
    baseline_to: Mapped[date | None] = mapped_column(comment="inclusive")
    baseline_sample: Mapped[int | None]
    target: Mapped[float | None] = mapped_column(Float, comment="in the KPI's unit")
    behaviour: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text, comment="how the behaviour will be shown")
    deadline: Mapped[date | None]
    development_area: Mapped[str | None] = mapped_column(
        String(40), comment="the self-audit development area (a KPI) this goal answers"
    )
    state: Mapped[GoalState] = mapped_column(
        str_enum(GoalState, "goal_state"), default=GoalState.ACTIVE
    )
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class GoalReview(Base):
    __tablename__ = "goal_reviews"
    __table_args__ = (UniqueConstraint("goal_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None]
