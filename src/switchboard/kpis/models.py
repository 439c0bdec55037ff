"""Aggregate tables that make reports read far fewer rows than history, and KPI targets.

Contacts are kept at two grains chosen so that the common reports stay small:

* ``kpi_queue_quarters``: UTC quarter hour × queue × channel (interval reports), rolled up into
  ``kpi_queue_days``: local day × queue × channel (daily, weekly and monthly queue reports);
* ``kpi_agent_days``: local day × agent × queue × channel (people reports). An agent handles two
  or three contacts a quarter hour, so a per-agent quarter-hour grain would be nearly as large as
  history itself.

Agent states are kept per quarter hour for the whole centre and per agent per local day.
Rows are not unique per key: contact and survey measures arrive as separate rows and reports
always sum. Each row holds counts and sums, so any grouping adds them up exactly, plus cumulative
wait histograms on :data:`~switchboard.domain.kpi.WAIT_EDGES` so that any standard threshold is
exact. They are rebuilt per local day from the raw rows, so re-ingesting never double-counts.
"""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from switchboard.db.base import Base
from switchboard.db.types import str_enum
from switchboard.domain.kpi import WAIT_EDGES
from switchboard.domain.kpi.measures import STATE_MEASURES
from switchboard.domain.kpi.settings import DAY_SECONDS, FCR_WINDOWS, MAX_CSAT_TOP_BOXES
from switchboard.people.models import Channel

COUNT_COLUMNS = (
    "offered", "answered", "abandoned_all", "answered_within_sl", "abandoned_within_sl",
    "transferred", "escalated",
    *(f"answered_within_{edge}" for edge in WAIT_EDGES),
    *(f"abandoned_within_{edge}" for edge in WAIT_EDGES),
    "surveyed", "csat_responses", *(f"csat_top_{n}" for n in range(1, MAX_CSAT_TOP_BOXES + 1)),
    "nps_responses", "nps_promoters", "nps_detractors", "ces_responses",
)  # fmt: skip
SUM_COLUMNS = (
    "answered_wait_sum", "abandon_wait_all", "talk_sum", "hold_sum", "wrap_sum", "ces_sum",
    *(f"abandon_wait_within_{edge}" for edge in WAIT_EDGES),
)  # fmt: skip
MAX_COLUMNS = ("wait_max",)
CONTACT_COLUMNS = COUNT_COLUMNS + SUM_COLUMNS + MAX_COLUMNS
STATE_COLUMNS = STATE_MEASURES


def fcr_column(window: int) -> str:
    """``resolved_7d``: handled contacts with no repeat within the window."""
    return f"resolved_{window // DAY_SECONDS}d"


def _contact_measures() -> list[Column[object]]:
    columns: list[Column[object]] = [
        Column(name, Integer, nullable=False, server_default="0") for name in COUNT_COLUMNS
    ]
    columns += [Column(name, Float, nullable=False, server_default="0") for name in SUM_COLUMNS]
    columns += [Column(name, Float) for name in MAX_COLUMNS]
    return columns


def _state_measures() -> list[Column[object]]:
    return [Column(name, Float, nullable=False, server_default="0") for name in STATE_COLUMNS]


def _queue_keys() -> list[Column[object]]:
    return [
        Column("queue_id", Integer, ForeignKey("queues.id", ondelete="CASCADE")),
        Column("channel", str_enum(Channel, "channel"), nullable=False),
        Column("sl_seconds", Integer, comment="the queue's threshold T when this row was built"),
    ]


metadata = Base.metadata

queue_quarters = Table(
    "kpi_queue_quarters", metadata,
    Column("bucket_epoch", BigInteger, nullable=False, comment="UTC start, seconds since 1970"),
    Column("local_date", Date, nullable=False),
    *_queue_keys(), *_contact_measures(),
    Index(None, "local_date"), Index(None, "bucket_epoch"),
)  # fmt: skip

queue_days = Table(
    "kpi_queue_days", metadata,
    Column("local_date", Date, nullable=False),
    *_queue_keys(), *_contact_measures(),
    Index(None, "local_date"),
)  # fmt: skip

agent_days = Table(
    "kpi_agent_days", metadata,
    Column("local_date", Date, nullable=False),
    Column("agent_id", Integer, ForeignKey("agents.id", ondelete="CASCADE")),
    *_queue_keys(), *_contact_measures(),
    Index(None, "local_date"),
)  # fmt: skip

state_quarters = Table(
    "kpi_state_quarters", metadata,
    Column("bucket_epoch", BigInteger, nullable=False),
    Column("local_date", Date, nullable=False),
    *_state_measures(),
    Index(None, "local_date"), Index(None, "bucket_epoch"),
)  # fmt: skip

agent_state_days = Table(
    "kpi_agent_state_days", metadata,
    Column("local_date", Date, nullable=False),
    Column("agent_id", Integer, ForeignKey("agents.id", ondelete="CASCADE"), nullable=False),
    *_state_measures(),
    Index(None, "local_date"),
)  # fmt: skip

fcr_days = Table(
    "kpi_fcr_days", metadata,
    Column("local_date", Date, nullable=False),
    Column("agent_id", Integer, ForeignKey("agents.id", ondelete="CASCADE")),
    *_queue_keys(),
    Column("handled", Integer, nullable=False, comment="answered contacts with a known customer"),
    *(Column(fcr_column(window), Integer, nullable=False) for window in FCR_WINDOWS),
    Index(None, "local_date"),
)  # fmt: skip
"""First contact resolution per local day × agent × queue × channel, one row per key, so that a
contact whose repeat arrives days later can be moved from resolved to not resolved in place."""

CONTACT_TABLES = (queue_quarters, queue_days, agent_days, fcr_days)
STATE_TABLES = (state_quarters, agent_state_days)


class AggregateState(Base):
    """What the aggregates were built with; reports fall back to raw rows when it differs."""

    __tablename__ = "kpi_aggregate_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    timezone: Mapped[str] = mapped_column(String(64))
    longest_state_seconds: Mapped[float] = mapped_column(
        default=0.0, comment="how far back a day's refresh must look for states reaching into it"
    )
    built_at: Mapped[datetime]


class KpiTarget(Base):
    """A KPI's target for the centre (no queue, no team), one queue or one team."""

    __tablename__ = "kpi_targets"
    __table_args__ = (UniqueConstraint("kpi", "queue_id", "team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kpi: Mapped[str] = mapped_column(String(40))
    queue_id: Mapped[int | None] = mapped_column(ForeignKey("queues.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    green: Mapped[float] = mapped_column(comment="green at this value or better")
    amber: Mapped[float] = mapped_column(comment="amber at this value or better; red beyond")
    updated_at: Mapped[datetime]
