"""The demo's clock: whole local weeks, cut into the simulator's quarter hours.

The simulator counts seconds from clock 0, the first Monday's local midnight. Local wall times
(a shift at 08:00, the lunch dip) are turned into those seconds through the centre's timezone,
so a week that crosses a change of the clocks still opens at 08:00 local.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

INTERVAL_SECONDS = 900.0


def last_full_weeks_start(today: date, weeks: int) -> date:
    """The Monday that starts ``weeks`` whole weeks ending at the start of this week."""
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(weeks=weeks)


@dataclass(frozen=True)
class Calendar:
    first_monday: date
    weeks: int
    tz: ZoneInfo

    @property
    def days(self) -> int:
        return self.weeks * 7

    @property
    def start(self) -> datetime:
        """Clock 0, in UTC."""
        return self.at(self.first_monday, 0.0)

    @property
    def horizon_seconds(self) -> float:
        return self.seconds(self.first_monday + timedelta(days=self.days), 0.0)

    @property
    def intervals(self) -> int:
        return int(np.ceil(self.horizon_seconds / INTERVAL_SECONDS))

    def day(self, index: int) -> date:
        return self.first_monday + timedelta(days=index)

    def at(self, day: date, hour: float) -> datetime:
        """A local wall time (decimal hours, 24.0 allowed) as a UTC moment."""
        local = datetime.combine(day, time(), tzinfo=self.tz) + timedelta(hours=hour)
        # Adding a timedelta keeps the wall-clock offset; re-localise so the change of clocks counts.
        return local.replace(tzinfo=None).replace(tzinfo=self.tz).astimezone(UTC)

    def seconds(self, day: date, hour: float) -> float:
        """A local wall time as seconds from clock 0."""
        return (self.at(day, hour) - self.at(self.first_monday, 0.0)).total_seconds()

    @cached_property
    def interval_local(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """For each interval, the day (0 is the first Monday) and local decimal hour of its midpoint."""
        days = np.empty(self.intervals, dtype=np.int64)
        hours = np.empty(self.intervals, dtype=np.float64)
        for i in range(self.intervals):
            moment = self.start + timedelta(seconds=(i + 0.5) * INTERVAL_SECONDS)
            local = moment.astimezone(self.tz)
            days[i] = (local.date() - self.first_monday).days
            hours[i] = local.hour + local.minute / 60 + local.second / 3600
        return days, hours
