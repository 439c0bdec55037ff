"""The three timed reports, each against the pandas baseline, whose figures must agree with them."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from sqlalchemy import Engine, select

import _kpi_baseline as baseline
from _kpi_centre import FIRST_DAY, TZ
from switchboard.db.engine import unit_of_work
from switchboard.domain.kpi import REGISTRY, KpiSettings
from switchboard.kit.intervals import Interval
from switchboard.kpis import repository
from switchboard.kpis.service import Report, ReportRequest, build_report
from switchboard.people.models import Queue

NOT_FCR = tuple(name for name in REGISTRY if name != "fcr")
SETTINGS = KpiSettings()
SLOW_RUN = 60.0
"""After a run this long, one more would not tell us anything new: stop repeating."""


@dataclass(frozen=True)
class Spec:
    title: str
    by: tuple[str, ...]
    interval: Interval
    start: datetime
    end: datetime
    groups: tuple[str, ...]
    """The baseline's grouping: day or quarter, then queue or agent."""

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple("interval_start" if g in ("day", "quarter") else g for g in self.groups)


@dataclass
class Timing:
    spec: Spec
    kpis: str
    runs: list[float]
    source: str
    rows: int
    baseline: float | None = None
    checked: int = 0
    differ: list[str] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, clock(), TZ)


def specs(days: int) -> list[Spec]:
    """The whole range by day and queue; its last full calendar month by agent; its last full
    week (Monday to Monday) by quarter hour. Shorter ranges fall back to their start."""
    last = FIRST_DAY + timedelta(days=days)
    month_end = last.replace(day=1)
    month_start = (month_end - timedelta(days=1)).replace(day=1)
    if month_start < FIRST_DAY:
        month_start, month_end = FIRST_DAY, min(last, FIRST_DAY + timedelta(days=31))
    week_end = last - timedelta(days=last.weekday())
    week_start = week_end - timedelta(days=7)
    if week_start < FIRST_DAY:
        week_start, week_end = FIRST_DAY, min(last, FIRST_DAY + timedelta(days=7))
    return [
        Spec(f"{days} days by day × queue", ("interval", "queue"), Interval.DAY,
             _midnight(FIRST_DAY), _midnight(last), ("day", "queue")),
        Spec(f"month {month_start:%Y-%m-%d} by agent", ("agent",), Interval.DAY,
             _midnight(month_start), _midnight(month_end), ("agent",)),
        Spec(f"week {week_start:%Y-%m-%d} by 15 min", ("interval",), Interval.MIN15,
             _midnight(week_start), _midnight(week_end), ("quarter",)),
    ]  # fmt: skip


def run_report(engine: Engine, spec: Spec, kpis: tuple[str, ...]) -> Report:
    request = ReportRequest(by=spec.by, interval=spec.interval, start=spec.start, end=spec.end,
                            kpis=kpis, timezone="Europe/London")  # fmt: skip
    with unit_of_work(engine) as session:
        return build_report(session=session, request=request, settings=SETTINGS)


def time_report(
    engine: Engine, spec: Spec, kpis: tuple[str, ...], runs: int
) -> tuple[list[float], Report]:
    times, report = [], None
    for _ in range(runs):
        started = time.perf_counter()
        report = run_report(engine, spec, kpis)
        times.append(time.perf_counter() - started)
        if times[-1] > SLOW_RUN:
            break
    assert report is not None
    return times, report


def lookups(engine: Engine) -> tuple[dict[str, dict[int, str]], dict[int, int]]:
    with unit_of_work(engine) as session:
        names = repository.names(session)
        rows = session.execute(select(Queue.id, Queue.service_level_seconds))
        thresholds = {queue_id: seconds for queue_id, seconds in rows}
    return names, thresholds


def _core(engine: Engine, spec: Spec, names: dict[str, dict[int, str]],
          thresholds: dict[int, int]) -> baseline.Values:  # fmt: skip
    frame = baseline.load_contacts(engine, spec.start, spec.end)
    values = baseline.core_kpis(frame, baseline.Grouping(spec.groups, names), thresholds)
    if spec.groups == ("agent",):
        for key, occupancy in baseline.occupancy(
            engine, spec.start, spec.end, names["agent"]
        ).items():
            values.setdefault(key, {}).update(occupancy)
    return values


def _fcr(engine: Engine, spec: Spec, names: dict[str, dict[int, str]]) -> baseline.Values:
    grouping = baseline.Grouping(spec.groups, names)
    return baseline.fcr(engine, spec.start, spec.end, SETTINGS.fcr_window_seconds, grouping)


def measure(engine: Engine, spec: Spec, runs: int, with_baseline: bool) -> list[Timing]:
    """Time the report for every KPI but FCR, then for FCR alone, each against its baseline."""
    names, thresholds = lookups(engine)
    kinds: list[tuple[str, tuple[str, ...], Callable[[], baseline.Values]]] = [
        ("all but fcr", NOT_FCR, lambda: _core(engine, spec, names, thresholds)),
        ("fcr only", ("fcr",), lambda: _fcr(engine, spec, names)),
    ]
    timings = []
    for label, kpis, naive in kinds:
        times, report = time_report(engine, spec, kpis, runs)
        timing = Timing(spec, label, times, str(report.settings["source"]), len(report.rows))
        if with_baseline:
            started = time.perf_counter()
            expected = naive()
            timing.baseline = time.perf_counter() - started
            timing.checked, timing.differ = baseline.compare(report.rows, expected, spec.row_keys)
        timings.append(timing)
        print(f"    {spec.title:<32} {label:<12} best {timing.best:8.3f} s  median {timing.median:8.3f} s"
              f"  ({len(times)} runs, {timing.source}, {timing.rows} rows)"
              + (f"  baseline {timing.baseline:7.2f} s" if timing.baseline else ""), flush=True)  # fmt: skip
    return timings
