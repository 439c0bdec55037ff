"""The manager's centre overview: the week's KPIs, queues side by side and week on week.

Queue-level and centre-wide figures name no one, so no agent scoping applies. Queues have no
site yet, so every manager sees every queue (docs/web.md says so).
"""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from switchboard.config import Settings
from switchboard.kit.clock import zone
from switchboard.kpis.output import show_value
from switchboard.kpis.params import kpi_settings
from switchboard.kpis.service import Report, ReportRequest, build_report
from switchboard.web.dashboards import charts, figures
from switchboard.web.dashboards.links import interactions_link
from switchboard.web.dashboards.periods import Week, WeekChoice, choose_week

CENTRE_KPIS = ("offered", "answered", "abandoned", "service_level", "asa", "aht",
               "abandonment_rate", "fcr", "csat")  # fmt: skip
QUEUE_KPIS = ("offered", "answered", "abandoned", "service_level", "asa", "aht",
              "abandonment_rate")  # fmt: skip

NO_EARLIER_WEEK = figures.Change("", "No contacts the week before", "same")


@dataclass(frozen=True)
class CentreLine:
    kpi: str
    title: str
    week: figures.Figure
    before: figures.Figure
    change: figures.Change


@dataclass(frozen=True)
class QueueRow:
    queue: str
    figures: list[figures.Figure]


@dataclass(frozen=True)
class Overview:
    weeks: WeekChoice
    previous: Week
    centre: list[CentreLine]
    queue_titles: list[str]
    queues: list[QueueRow]
    service_level_chart: charts.Chart


def build(
    *, session: Session, settings: Settings, week: date | None, drill_down: bool = True
) -> Overview:
    """The overview; without ``drill_down`` the chart carries no links to contacts (the
    template drops the table's links too)."""
    choice = choose_week(session, settings.timezone, week)
    chosen, previous = choice.chosen, choice.chosen.previous()
    now = _report(session, settings, chosen, by=())
    before = _report(session, settings, previous, by=())
    centre = [_centre_line(kpi, now.totals, before.totals, chosen, previous)
              for kpi in CENTRE_KPIS]  # fmt: skip
    if not before.totals.get("offered"):  # a week before the data began: nothing to compare
        centre = [replace(line, change=NO_EARLIER_WEEK) for line in centre]
    by_queue = _report(session, settings, chosen, by=("queue",), kpis=QUEUE_KPIS)
    queues = [_queue_row(row, chosen) for row in by_queue.rows if row["queue"] is not None]
    titles = [figures.title(kpi) for kpi in QUEUE_KPIS]
    chart = _service_level_chart(queues, drill_down)
    return Overview(choice, previous, centre, titles, queues, chart)


def _report(session: Session, settings: Settings, week: Week, *, by: tuple[str, ...],
            kpis: tuple[str, ...] = CENTRE_KPIS) -> Report:  # fmt: skip
    start, end = week.window(zone(settings.timezone))
    request = ReportRequest(by=by, start=start, end=end, kpis=kpis, timezone=settings.timezone)
    return build_report(session=session, request=request, settings=kpi_settings(settings))


def _figure(kpi: str, row: dict[str, Any], week: Week, queue: str | None = None) -> figures.Figure:
    link = interactions_link(start=week.monday, end=week.sunday, kpi=kpi, queue=queue)
    value = row.get(kpi)
    return figures.Figure(kpi, show_value(kpi, value), row.get("rag", {}).get(kpi), link, value)


def _centre_line(kpi: str, now: dict[str, Any], before: dict[str, Any], week: Week,
                 previous: Week) -> CentreLine:  # fmt: skip
    return CentreLine(kpi, figures.title(kpi), _figure(kpi, now, week),
                      _figure(kpi, before, previous),
                      figures.change(kpi, now.get(kpi), before.get(kpi)))  # fmt: skip


def _queue_row(row: dict[str, Any], week: Week) -> QueueRow:
    queue = row["queue"]
    return QueueRow(queue, [_figure(kpi, row, week, queue) for kpi in QUEUE_KPIS])


def _service_level_chart(queues: list[QueueRow], drill_down: bool) -> charts.Chart:
    level = [next(f for f in q.figures if f.kpi == "service_level") for q in queues]
    values = [f.value for f in level]
    figure = charts.bars(
        [q.queue for q in queues], values, rags=[f.rag for f in level],
        links=[f.link if drill_down else None for f in level], axis_title="Service level",
        percent=True,
    )  # fmt: skip
    return charts.chart("service-level-by-queue", "Service level by queue", figure, height=300)
