"""The agent's "My performance": their own KPIs for a day and a week against targets, a trend
for each KPI, and where they stand against their team's median.

Only the viewer's own agent record is ever asked for; the team median is an aggregate, so no
other agent's name reaches the page.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from switchboard.config import Settings
from switchboard.kit.clock import zone
from switchboard.kit.intervals import Interval, day_window
from switchboard.kpis.agent import agent_report
from switchboard.kpis.output import show_value
from switchboard.kpis.params import kpi_settings
from switchboard.kpis.service import ReportRequest, build_report
from switchboard.web.dashboards import charts, figures
from switchboard.web.dashboards.links import interactions_link
from switchboard.web.dashboards.periods import WeekChoice, choose_week, day_shown

AGENT_KPIS = (
    "answered", "aht", "hold_time", "wrap_time", "fcr", "transfer_rate", "csat", "occupancy",
)  # fmt: skip
TREND_WEEKS = 4


@dataclass(frozen=True)
class KpiLine:
    kpi: str
    title: str
    day: figures.Figure
    week: figures.Figure
    target: str
    team_median: str
    standing: str


@dataclass(frozen=True)
class MyPerformance:
    agent: str
    team: str | None
    team_agents: int
    weeks: WeekChoice
    day: date
    lines: list[KpiLine]
    trends: list[tuple[charts.Chart, list[tuple[str, str]]]]
    """Each KPI's chart, and its daily values as (day, value) for the table beside it."""


def build(
    *, session: Session, settings: Settings, agent_id: int, week: date | None
) -> MyPerformance:
    choice = choose_week(session, settings.timezone, week)
    day = day_shown(choice)
    tz = zone(settings.timezone)
    week_report = _report(session, settings, agent_id, *choice.chosen.window(tz))
    day_report = _report(session, settings, agent_id, *day_window(day, tz))
    days = {line["kpi"]: line for line in day_report["kpis"]}
    lines = [
        _line(line, days[line["kpi"]], choice.chosen.monday, choice.chosen.sunday, day)
        for line in week_report["kpis"]
    ]
    trends = _trends(session, settings, agent_id, choice)
    return MyPerformance(week_report["agent"], week_report["team"], week_report["team_agents"],
                         choice, day, lines, trends)  # fmt: skip


def _report(session: Session, settings: Settings, agent_id: int, start: Any, end: Any) -> Any:
    request = ReportRequest(start=start, end=end, kpis=AGENT_KPIS, timezone=settings.timezone)
    return agent_report(
        session=session, agent=str(agent_id), request=request, settings=kpi_settings(settings)
    )


def _line(week: dict[str, Any], day: dict[str, Any], monday: date, sunday: date,
          shown: date) -> KpiLine:  # fmt: skip
    kpi = week["kpi"]
    return KpiLine(
        kpi=kpi,
        title=week["title"],
        day=_figure(kpi, day, interactions_link(start=shown, end=shown, kpi=kpi)),
        week=_figure(kpi, week, interactions_link(start=monday, end=sunday, kpi=kpi)),
        target=figures.target_words(kpi, week["target"]),
        team_median=show_value(kpi, week["team_median"]),
        standing=figures.standing(kpi, week["value"], week["team_median"]),
    )


def _figure(kpi: str, line: dict[str, Any], link: str | None) -> figures.Figure:
    return figures.Figure(kpi, show_value(kpi, line["value"]), line["rag"], link, line["value"])


def _trends(
    session: Session, settings: Settings, agent_id: int, choice: WeekChoice
) -> list[tuple[charts.Chart, list[tuple[str, str]]]]:
    """Daily values over the last few weeks, read for this agent alone."""
    tz = zone(settings.timezone)
    start = choice.chosen.window(tz)[0] - timedelta(weeks=TREND_WEEKS - 1)
    request = ReportRequest(by=("interval",), interval=Interval.DAY, start=start,
                            end=choice.chosen.window(tz)[1], kpis=AGENT_KPIS,
                            timezone=settings.timezone,
                            agent_scope=lambda column: column == agent_id)  # fmt: skip
    report = build_report(session=session, request=request, settings=kpi_settings(settings))
    mine = report.rows
    days = [row["interval_start"][:10] for row in mine]
    found = []
    for kpi in AGENT_KPIS:
        values = [row.get(kpi) for row in mine]
        figure = charts.trend(days, values, percent=figures.is_ratio(kpi), title=figures.title(kpi))
        chart = charts.chart(f"trend-{kpi}", figures.title(kpi), figure, height=220)
        found.append((chart, [(d, show_value(kpi, v)) for d, v in zip(days, values, strict=True)]))
    return found
