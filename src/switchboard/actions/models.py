"""Actions: an agent's personal action list, and the actions agreed at coaching sessions."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.kit.clock import utcnow


class Action(Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(
        ForeignKey("agents.id", ondelete="CASCADE"), index=True,
        comment="whose development list the action is on",
    )  # fmt: skip
    owner_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id"), comment="who does it: the agent, or their team leader"
    )
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None]
    important: Mapped[bool] = mapped_column(default=False)
    urgent: Mapped[bool] = mapped_column(default=False, comment="marked urgent, whatever the date")
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="SET NULL"), index=True,
        comment="the coaching session that agreed it",
    )  # fmt: skip
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
