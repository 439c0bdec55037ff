"""A self-audit the agent kept: the period, what it found, and the agent's written reflection.

The figures themselves are computed again from the data whenever the audit is shown; the row
keeps what the agent wrote and the strengths and development areas they wrote it about, so a
goal can stay linked to the development area it was set for even after the data is refreshed.
"""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.kit.clock import utcnow


class SelfAuditRecord(Base):
    __tablename__ = "self_audits"
    __table_args__ = (UniqueConstraint("agent_id", "period_from", "period_to"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), index=True)
    period_from: Mapped[date]
    period_to: Mapped[date] = mapped_column(comment="inclusive: the period's last local day")
    strengths: Mapped[list[str]] = mapped_column(JSON, default=list, comment="KPI names")
    development_areas: Mapped[list[str]] = mapped_column(JSON, default=list, comment="KPI names")
    reflection: Mapped[str] = mapped_column(Text, default="")
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
