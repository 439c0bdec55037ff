"""A scorecard is a named family of versions. A version holds its whole definition (the
JSON shape of ``domain.quality.scorecard``) and is immutable once published, so every
evaluation can always be re-read against exactly the questions it was scored on."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import str_enum
from switchboard.domain.quality.lifecycle import VersionStatus
from switchboard.kit.clock import utcnow


class Scorecard(Base):
    __tablename__ = "scorecards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ScorecardVersion(Base):
    __tablename__ = "scorecard_versions"
    __table_args__ = (UniqueConstraint("scorecard_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(comment="1, 2, 3 … within its scorecard")
    status: Mapped[VersionStatus] = mapped_column(str_enum(VersionStatus, "version_status"))
    definition: Mapped[dict[str, Any]] = mapped_column(
        JSON, comment="the scorecard's JSON shape (docs/quality.md)"
    )
    change_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None]
