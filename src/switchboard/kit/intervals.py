"""Reporting intervals in the centre's local time, DST days included.

Stored times are UTC. A report's day is a local day, so it lasts 23 or 25 hours when the clocks
change, and a local hour can happen twice. Interval starts are therefore kept as UTC instants
(which never repeat) and shown in local time with their offset.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from switchboard.kit.errors import SwitchboardError

BUCKET_SECONDS = 900
"""The finest grain. Every timezone's UTC offset is a whole number of quarter hours, so a UTC
quarter hour is also a local one."""


class Interval(StrEnum):
    MIN15 = "15m"
    MIN30 = "30m"
    MIN60 = "60m"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def minutes(self) -> int | None:
        """Length of a sub-day interval; None for calendar intervals."""
        return {"15m": 15, "30m": 30, "60m": 60}.get(self.value)


def day_window(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants at which local ``day`` starts and the next one starts."""
    start = datetime.combine(day, time(), tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tz).astimezone(UTC)
    return start, end


def local_day(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def local_days(start: datetime, end: datetime, tz: ZoneInfo) -> list[date]:
    """Every local day that overlaps ``start``..``end`` (end exclusive)."""
    first, last = local_day(start, tz), local_day(end - timedelta(microseconds=1), tz)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def period_of_day(day: date, interval: Interval, tz: ZoneInfo) -> datetime:
    """UTC start of the day, week (from Monday) or month that contains local ``day``."""
    if interval is Interval.WEEK:
        day = day - timedelta(days=day.weekday())
    elif interval is Interval.MONTH:
        day = day.replace(day=1)
    return datetime.combine(day, time(), tz).astimezone(UTC)


@lru_cache(maxsize=65536)
def period_of_bucket(bucket_epoch: int, interval: Interval, tz: ZoneInfo) -> datetime:
    """UTC start of the local interval that contains the quarter hour starting at ``bucket_epoch``."""
    instant = datetime.fromtimestamp(bucket_epoch, UTC)
    minutes = interval.minutes
    if minutes is None:
        return period_of_day(local_day(instant, tz), interval, tz)
    local = instant.astimezone(tz)
    floored = local.replace(minute=local.minute - local.minute % minutes, second=0, microsecond=0)
    # Converting back through UTC keeps the right one of a repeated hour (fold).
    return floored.astimezone(UTC)


def show(instant: datetime, tz: ZoneInfo) -> str:
    """ISO-8601 in local time with its offset."""
    return instant.astimezone(tz).isoformat()


def is_day_boundary(instant: datetime, tz: ZoneInfo) -> bool:
    local = instant.astimezone(tz)
    return local.time() == time() and local.astimezone(UTC) == instant.astimezone(UTC)


def is_bucket_boundary(instant: datetime) -> bool:
    return instant.timestamp() % BUCKET_SECONDS == 0


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class BusinessHours:
    """Opening hours per weekday (0 = Monday), local wall-clock time, end exclusive."""

    hours: tuple[tuple[time, time] | None, ...]

    @classmethod
    def parse(cls, text: str) -> "BusinessHours":
        """Read ``"mon-fri 08:00-20:00; sat 09:00-17:00"``; days not named are closed."""
        hours: list[tuple[time, time] | None] = [None] * 7
        for part in filter(None, (p.strip() for p in text.split(";"))):
            try:
                days, span = part.split()
                opens, closes = (time.fromisoformat(t) for t in span.split("-"))
                for day in _day_range(days):
                    hours[day] = (opens, closes)
            except ValueError as exc:
                raise SwitchboardError(
                    f"business hours {part!r}: expected e.g. 'mon-fri 08:00-20:00'"
                ) from exc
        return cls(tuple(hours))

    def is_open(self, instant: datetime, tz: ZoneInfo) -> bool:
        local = instant.astimezone(tz)
        span = self.hours[local.weekday()]
        return span is not None and span[0] <= local.time() < (
            span[1] if span[1] != time() else time.max
        )


def _day_range(text: str) -> list[int]:
    first, _, last = text.lower().partition("-")
    start, end = _DAYS.index(first), _DAYS.index(last or first)
    if end < start:
        raise ValueError(text)
    return list(range(start, end + 1))


def quarter_pieces(start: float, end: float) -> list[tuple[int, float]]:
    """Split ``start``..``end`` (seconds since 1970) at UTC quarter hours: (bucket, seconds) pairs.

    >>> quarter_pieces(850.0, 1900.0)
    [(0, 50.0), (900, 900.0), (1800, 100.0)]
    """
    pieces = []
    bucket = int(start // BUCKET_SECONDS) * BUCKET_SECONDS
    while bucket < end:
        piece = min(end, bucket + BUCKET_SECONDS) - max(start, bucket)
        if piece > 0:
            pieces.append((bucket, float(piece)))
        bucket += BUCKET_SECONDS
    return pieces
