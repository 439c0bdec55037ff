"""Review periods named the way people name them: a month, an ISO week, or a range of days.

A period is a run of whole local days. Its previous period is the one people compare it with:
the month before a month, the week before a week, and for a range the same number of days just
before it.

>>> parse_period("2026-06", today=date(2026, 7, 3))
Period(first=datetime.date(2026, 6, 1), last=datetime.date(2026, 6, 30), kind='month')
>>> parse_period("2026-06", today=date(2026, 7, 3)).previous().label
'May 2026'
>>> parse_period("2026-W23", today=date(2026, 7, 3)).label
'week 23 of 2026 (1 Jun to 7 Jun 2026)'
>>> parse_period(None, today=date(2026, 7, 3)).label  # the last full month
'June 2026'
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from switchboard.kit.errors import SwitchboardError

Kind = Literal["month", "week", "days"]
FORMS = "YYYY-MM (a month), YYYY-Www (an ISO week) or YYYY-MM-DD..YYYY-MM-DD (days, inclusive)"


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    """Inclusive: the period's last local day."""
    kind: Kind = "days"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.first.strftime("%B %Y")
        span = f"{self.first.day} {self.first:%b} to {self.last.day} {self.last:%b %Y}"
        if self.kind == "week":
            year, week, _ = self.first.isocalendar()
            return f"week {week} of {year} ({span})"
        return span

    def previous(self) -> "Period":
        if self.kind == "month":
            return month_of(self.first - timedelta(days=1))
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1),
                      self.kind)  # fmt: skip

    def window(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The UTC instants at which the first local day starts and the day after the last."""
        start = datetime.combine(self.first, time(), tz).astimezone(UTC)
        end = datetime.combine(self.last + timedelta(days=1), time(), tz).astimezone(UTC)
        return start, end

    def as_dict(self) -> dict[str, str]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "label": self.label}


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period(first, following - timedelta(days=1), "month")


def parse_period(text: str | None, *, today: date) -> Period:
    """``text`` in one of :data:`FORMS`; None means the last full month before ``today``."""
    if text is None:
        return month_of(today.replace(day=1) - timedelta(days=1))
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return month_of(date.fromisoformat(f"{text}-01"))
        if re.fullmatch(r"\d{4}-W\d{2}", text):
            monday = date.fromisocalendar(int(text[:4]), int(text[6:]), 1)
            return Period(monday, monday + timedelta(days=6), "week")
        first, sep, last = text.partition("..")
        if sep:
            return _days(date.fromisoformat(first), date.fromisoformat(last))
    except ValueError as exc:
        raise SwitchboardError(f"period {text!r}: {exc}") from exc
    raise SwitchboardError(f"period {text!r}: write it as {FORMS}")


def _days(first: date, last: date) -> Period:
    if last < first:
        raise SwitchboardError(f"period {first}..{last}: the last day is before the first")
    return Period(first, last)
