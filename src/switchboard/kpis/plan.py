"""Which store a report reads: the aggregates when they answer it exactly, raw rows otherwise."""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Table

from switchboard.domain.kpi import WAIT_EDGES, KpiSettings
from switchboard.domain.kpi.settings import FCR_WINDOWS, MAX_CSAT_TOP_BOXES
from switchboard.kit.intervals import Interval, is_bucket_boundary, is_day_boundary
from switchboard.kpis.models import (
    agent_days,
    agent_state_days,
    fcr_days,
    queue_days,
    queue_quarters,
    state_quarters,
)
from switchboard.kpis.reads import AgentScope, Dim, Period

Source = Literal["auto", "aggregates", "raw"]
PEOPLE: frozenset[Dim] = frozenset({"agent", "team", "site"})


@dataclass(frozen=True)
class Shape:
    """What a report asks for, as far as choosing a store goes."""

    dims: tuple[Dim, ...]
    by_interval: bool
    interval: Interval
    start: datetime
    end: datetime
    tz: ZoneInfo
    business_hours: bool
    aggregates_usable: bool
    """The aggregates exist, were built in the report's timezone, and raw was not forced."""
    scope: AgentScope | None = None
    """Only these agents' rows (see :data:`AgentScope`). A scoped report reads per-agent tables
    or raw rows only, never the queue-level ones, which would count everyone's contacts."""

    @property
    def per_agent(self) -> bool:
        """Whether the report must read tables kept per agent."""
        return bool(PEOPLE & set(self.dims)) or self.scope is not None

    @property
    def needs_quarters(self) -> bool:
        sub_day = self.by_interval and self.interval.minutes is not None
        aligned = is_day_boundary(self.start, self.tz) and is_day_boundary(self.end, self.tz)
        return sub_day or self.business_hours or not aligned

    @property
    def quarter_aligned(self) -> bool:
        return is_bucket_boundary(self.start) and is_bucket_boundary(self.end)

    @property
    def raw_period(self) -> Period:
        return "bucket" if self.by_interval or self.business_hours else None


@dataclass(frozen=True)
class Choice:
    table: Table | None
    """None means raw rows."""
    period: Period


def settings_standard(settings: KpiSettings) -> bool:
    """True when every threshold sits on a stored histogram edge."""
    t, s = settings.service_level_seconds, settings.short_abandon_seconds
    return (
        (t is None or t in WAIT_EDGES)
        and (s == 0 or s in WAIT_EDGES)
        and settings.csat_top_boxes <= MAX_CSAT_TOP_BOXES
    )


def for_contacts(shape: Shape, settings: KpiSettings) -> Choice:
    raw = Choice(None, shape.raw_period)
    if not shape.aggregates_usable or not settings_standard(settings):
        return raw
    day_period: Period = "day" if shape.by_interval else None
    if shape.per_agent:
        return raw if shape.needs_quarters else Choice(agent_days, day_period)
    if shape.needs_quarters:
        return Choice(queue_quarters, shape.raw_period) if shape.quarter_aligned else raw
    return Choice(queue_days, day_period)


def for_states(shape: Shape) -> Choice | None:
    """None when the report is split by queue or channel, which states cannot be."""
    if {"queue", "channel"} & set(shape.dims):
        return None
    raw = Choice(None, shape.raw_period)
    if not shape.aggregates_usable:
        return raw
    day_period: Period = "day" if shape.by_interval else None
    if shape.dims or shape.scope is not None:
        return raw if shape.needs_quarters else Choice(agent_state_days, day_period)
    if shape.needs_quarters:
        return Choice(state_quarters, shape.raw_period) if shape.quarter_aligned else raw
    return Choice(state_quarters, day_period)


def for_fcr(shape: Shape, settings: KpiSettings) -> Choice:
    """FCR per local day from the aggregates for a kept window; else from raw contacts."""
    if (
        shape.aggregates_usable
        and settings.fcr_window_seconds in FCR_WINDOWS
        and not shape.needs_quarters
    ):
        return Choice(fcr_days, "day" if shape.by_interval else None)
    return Choice(None, shape.raw_period)
