"""The weeks and days a dashboard shows: local to the centre, Monday to Sunday.

Ingestion is batch, so "this week" may hold nothing yet; a dashboard offers this week, last
week and the weeks that hold data, and opens on the most recent week with data.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from switchboard.kit.clock import utcnow, zone
from switchboard.kit.intervals import day_window, local_day
from switchboard.kpis import repository as kpi_repository

WEEKS_OFFERED = 6


@dataclass(frozen=True)
class Week:
    monday: date
    label: str

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def window(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        return day_window(self.monday, tz)[0], day_window(self.monday + timedelta(days=7), tz)[0]

    def previous(self) -> "Week":
        return Week(self.monday - timedelta(days=7), "the week before")


@dataclass(frozen=True)
class WeekChoice:
    chosen: Week
    options: list[Week]
    today: date
    last_data_day: date | None


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def choose_week(session: Session, timezone: str, asked: date | None) -> WeekChoice:
    """The asked week (any day in it), else the most recent week with data, else this week."""
    tz = zone(timezone)
    today = local_day(utcnow(), tz)
    _, last = kpi_repository.history_span(session)
    last_day = local_day(last, tz) if last else None
    this_monday = monday_of(today)
    options = {this_monday: "This week", this_monday - timedelta(days=7): "Last week"}
    if last_day is not None:
        latest = monday_of(last_day)
        for back in range(WEEKS_OFFERED):
            options.setdefault(latest - timedelta(days=7 * back), "")
    weeks = [Week(m, _label(m, options[m])) for m in sorted(options, reverse=True)]
    default = monday_of(last_day) if last_day else this_monday
    wanted = monday_of(asked) if asked else default
    chosen = next((w for w in weeks if w.monday == wanted), Week(wanted, _label(wanted, "")))
    return WeekChoice(chosen, weeks, today, last_day)


def _label(monday: date, name: str) -> str:
    span = f"{monday:%a %d %b} to {monday + timedelta(days=6):%a %d %b %Y}"
    return f"{name}: {span}" if name else f"Week of {span}"


def day_shown(choice: WeekChoice) -> date:
    """Today when it is in the chosen week; otherwise the week's last day with data."""
    week = choice.chosen
    if week.monday <= choice.today <= week.sunday:
        return choice.today
    if choice.last_data_day and week.monday <= choice.last_data_day <= week.sunday:
        return choice.last_data_day
    return week.sunday
