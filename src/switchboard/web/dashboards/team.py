"""The team leader's dashboard: each member's KPIs against targets with outliers flagged, and
service level and volume by half hour on the queues the team works.

Members are read through the viewer's ``agent_kpis`` scope, so a team leader sees the teams
they lead and a manager the teams at their sites. Queue figures name no one, so they cover
everyone who worked those queues, as the floor's wallboard would.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.config import Settings
from switchboard.domain.kpi import REGISTRY
from switchboard.domain.kpi.outliers import Fences, side, tukey_fences
from switchboard.kit.clock import zone
from switchboard.kit.errors import NotFoundError
from switchboard.kit.intervals import Interval, day_window
from switchboard.kpis.output import show_value
from switchboard.kpis.params import kpi_settings
from switchboard.kpis.service import Report, ReportRequest, build_report
from switchboard.web.dashboards import charts, figures
from switchboard.web.dashboards.links import interactions_link
from switchboard.web.dashboards.periods import WeekChoice, choose_week, day_shown
from switchboard.web.dashboards.repository import TeamRef, team_members, teams_in_reach

MEMBER_KPIS = ("answered", "aht", "hold_time", "wrap_time", "fcr", "transfer_rate", "csat",
               "occupancy")  # fmt: skip
QUEUE_KPIS = ("offered", "answered", "service_level")
MIN_CONTACTS = 20
"""A member with fewer answered contacts in the week is shown but never flagged: a handful of
contacts says more about luck than about the person."""
QUEUE_SHARE = 0.05
"""A queue is the team's when it took at least this share of the team's answered contacts."""
HALF_HOUR = Interval.MIN30


@dataclass(frozen=True)
class Member:
    name: str
    contacts: int
    figures: list[figures.Figure]
    flags: list[str]
    """Each KPI on which the member stands out, in words."""

    @property
    def few_contacts(self) -> bool:
        return self.contacts < MIN_CONTACTS


@dataclass(frozen=True)
class Spread:
    """The team's usual range of one KPI: values outside it are flagged."""

    title: str
    words: str


@dataclass(frozen=True)
class IntervalRow:
    start: str
    offered: figures.Figure
    answered: figures.Figure
    service_level: figures.Figure


@dataclass(frozen=True)
class QueueDay:
    queue: str
    chart: charts.Chart
    rows: list[IntervalRow]


@dataclass(frozen=True)
class TeamPage:
    team: TeamRef
    teams: list[TeamRef]
    weeks: WeekChoice
    day: date
    titles: list[str]
    members: list[Member]
    team_line: list[figures.Figure]
    spreads: list[Spread]
    queues: list[QueueDay]

    @property
    def flagged(self) -> list[Member]:
        return [member for member in self.members if member.flags]


def build(*, session: Session, settings: Settings, viewer: Viewer, team_id: int | None,
          week: date | None) -> TeamPage:  # fmt: skip
    """The page for ``team_id`` (the viewer's first team when None); NotFoundError when the
    team is not one the viewer may see, so another team's existence is not confirmed."""
    teams = teams_in_reach(session, viewer)
    team = _choose(teams, team_id)
    choice = choose_week(session, settings.timezone, week)
    members = team_members(session, viewer, team.id)
    report = _member_report(session, settings, viewer, choice, [agent for agent, _ in members])
    by_name = {row["agent"]: row for row in report.rows}
    monday, sunday = choice.chosen.monday, choice.chosen.sunday
    rows = [(agent, name, by_name.get(name, {})) for agent, name in members]
    fences = {kpi: _fences(kpi, [row for _, _, row in rows]) for kpi in MEMBER_KPIS}
    day = day_shown(choice)
    return TeamPage(
        team=team, teams=teams, weeks=choice, day=day,
        titles=[figures.title(kpi) for kpi in MEMBER_KPIS],
        members=[_member(agent, name, row, fences, monday, sunday) for agent, name, row in rows],
        team_line=[_figure(kpi, report.totals, None) for kpi in MEMBER_KPIS],
        spreads=[_spread(kpi, fence) for kpi, fence in fences.items() if fence is not None],
        queues=_queue_days(session, settings, _team_queues(session, settings, viewer, choice,
                           [agent for agent, _ in members]), day),
    )  # fmt: skip


def _choose(teams: list[TeamRef], team_id: int | None) -> TeamRef:
    if not teams:
        raise NotFoundError("you have no team to show: no team's members are in your reach")
    if team_id is None:
        return teams[0]
    found = next((team for team in teams if team.id == team_id), None)
    if found is None:
        raise NotFoundError("no such team")
    return found


def _scope(viewer: Viewer, agent_ids: list[int]) -> Any:
    """The viewer's own scope, narrowed to this team's members."""

    def scope(column: Any) -> ColumnElement[bool]:
        return and_(agent_filter(viewer, Kind.AGENT_KPIS, column), column.in_(agent_ids))

    return scope


def _report(session: Session, settings: Settings, start: datetime, end: datetime,
            **asked: Any) -> Report:  # fmt: skip
    request = ReportRequest(start=start, end=end, timezone=settings.timezone, **asked)
    return build_report(session=session, request=request, settings=kpi_settings(settings))


def _member_report(session: Session, settings: Settings, viewer: Viewer, choice: WeekChoice,
                   agent_ids: list[int]) -> Report:  # fmt: skip
    start, end = choice.chosen.window(zone(settings.timezone))
    return _report(session, settings, start, end, by=("agent",), kpis=MEMBER_KPIS,
                   agent_scope=_scope(viewer, agent_ids))  # fmt: skip


def _fences(kpi: str, rows: list[dict[str, Any]]) -> Fences | None:
    values = [row[kpi] for row in rows
              if row.get(kpi) is not None and (row.get("answered") or 0) >= MIN_CONTACTS]  # fmt: skip
    return tukey_fences(values)


def _spread(kpi: str, fences: Fences) -> Spread:
    """The fences as words, within what the KPI can be (no negative times, no ratio over 1)."""
    high = min(fences.high, 1.0) if figures.is_ratio(kpi) else fences.high
    low = show_value(kpi, max(fences.low, 0.0))
    return Spread(figures.title(kpi), f"{low} to {show_value(kpi, high)}")


def _member(agent_id: int, name: str, row: dict[str, Any], fences: dict[str, Fences | None],
            monday: date, sunday: date) -> Member:  # fmt: skip
    contacts = int(row.get("answered") or 0)
    shown = [
        _figure(kpi, row, interactions_link(start=monday, end=sunday, kpi=kpi, agent=agent_id))
        for kpi in MEMBER_KPIS
    ]
    flags = [] if contacts < MIN_CONTACTS else _flags(row, fences)
    return Member(name, contacts, shown, flags)


def _flags(row: dict[str, Any], fences: dict[str, Fences | None]) -> list[str]:
    found = []
    for kpi, fence in fences.items():
        beyond = side(row.get(kpi), fence)
        if beyond is None:
            continue
        better = REGISTRY[kpi].better.value
        verdict = "" if better == "neutral" else (
            " (better)" if (beyond == "high") == (better == "higher") else " (worse)")  # fmt: skip
        found.append(f"{figures.title(kpi)} unusually {beyond}{verdict}: "
                     f"{show_value(kpi, row[kpi])}")  # fmt: skip
    return found


def _figure(kpi: str, row: dict[str, Any], link: str | None) -> figures.Figure:
    value = row.get(kpi)
    return figures.Figure(kpi, show_value(kpi, value), row.get("rag", {}).get(kpi), link, value)


def _team_queues(session: Session, settings: Settings, viewer: Viewer, choice: WeekChoice,
                 agent_ids: list[int]) -> list[str]:  # fmt: skip
    """The queues that took a real share of the team's answered contacts in the week."""
    start, end = choice.chosen.window(zone(settings.timezone))
    report = _report(session, settings, start, end, by=("queue",), kpis=("answered",),
                     agent_scope=_scope(viewer, agent_ids))  # fmt: skip
    total = sum(row["answered"] or 0 for row in report.rows)
    return sorted(row["queue"] for row in report.rows
                  if row["queue"] and total and (row["answered"] or 0) >= QUEUE_SHARE * total)  # fmt: skip


def _queue_days(
    session: Session, settings: Settings, queues: list[str], day: date
) -> list[QueueDay]:
    if not queues:
        return []
    start, end = day_window(day, zone(settings.timezone))
    report = _report(session, settings, start, end, by=("interval", "queue"), interval=HALF_HOUR,
                     kpis=QUEUE_KPIS)  # fmt: skip
    return [_queue_day(queue, [r for r in report.rows if r["queue"] == queue], day)
            for queue in queues]  # fmt: skip


def _queue_day(queue: str, rows: list[dict[str, Any]], day: date) -> QueueDay:
    shown = [r for r in rows if r.get("offered")]
    lines = []
    for row in shown:
        at = row["interval_start"][11:16]
        link = {"start": day, "end": day, "queue": queue, "at": at, "minutes": 30}
        lines.append(IntervalRow(
            at,
            _figure("offered", row, interactions_link(kpi="offered", **link)),
            _figure("answered", row, interactions_link(kpi="answered", **link)),
            _figure("service_level", row, interactions_link(kpi="service_level", **link)),
        ))  # fmt: skip
    figure = charts.volume_and_service_level(
        [line.start for line in lines], [line.offered.value for line in lines],
        [line.service_level.value for line in lines], links=[line.offered.link for line in lines],
    )  # fmt: skip
    chart_id = "queue-" + "".join(c if c.isalnum() else "-" for c in queue.lower())
    return QueueDay(queue, charts.chart(chart_id, queue, figure, height=280), lines)
