"""The KPI report use case: read measures, merge them into local intervals, apply the formulas."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from switchboard.domain.kpi import (
    REGISTRY,
    Family,
    KpiSettings,
    Measures,
    compute_all,
    empty,
    merge_into,
)
from switchboard.kit.clock import zone
from switchboard.kit.errors import SwitchboardError
from switchboard.kit.intervals import (
    BusinessHours,
    Interval,
    day_window,
    local_day,
    period_of_bucket,
    period_of_day,
    quarter_pieces,
    show,
)
from switchboard.kpis import plan, reads, repository
from switchboard.kpis.plan import Choice, Shape, Source
from switchboard.kpis.reads import AgentScope, Dim
from switchboard.kpis.targets import TargetBook

DIMENSIONS: tuple[str, ...] = ("interval", "queue", "channel", "agent", "team", "site")
GroupKey = tuple[Any, ...]


@dataclass(frozen=True)
class ReportRequest:
    by: tuple[str, ...] = ()
    interval: Interval = Interval.DAY
    start: datetime | None = None
    end: datetime | None = None
    kpis: tuple[str, ...] | None = None
    timezone: str = "Europe/London"
    business_hours: BusinessHours | None = None
    source: Source = "auto"
    agent_scope: AgentScope | None = None
    """None reads every contact; a scope reads only its agents' rows, so that every row and the
    totals cover nobody else (an access-scoped report: see ``switchboard.access``)."""

    @property
    def dims(self) -> tuple[Dim, ...]:
        return tuple(d for d in self.by if d != "interval")  # type: ignore[misc]


@dataclass
class Report:
    settings: dict[str, Any]
    dims: tuple[str, ...]
    kpis: tuple[str, ...]
    rows: list[dict[str, Any]]
    totals: dict[str, Any]
    measures: dict[GroupKey, Measures] = field(default_factory=dict, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"settings": self.settings, "rows": self.rows, "totals": self.totals}


def build_report(*, session: Session, request: ReportRequest, settings: KpiSettings) -> Report:
    _validate(request)
    tz = zone(request.timezone)
    start, end = _range(session, request, tz)
    names = request.kpis or tuple(REGISTRY)
    shape = _shape(session, request, tz, start, end)
    groups: dict[GroupKey, Measures] = defaultdict(empty)
    collect = _Collector(groups, request, tz)
    sources = _read_measures(session, collect, shape, settings, {REGISTRY[n].family for n in names})
    book = TargetBook.load(session)
    lookup = repository.names(session)
    built = [
        (key[-1], _row(key, measures, request, names, settings, tz, lookup, book))
        for key, measures in groups.items()
    ]
    built.sort(key=lambda item: _sort_key(item[0], item[1], request.dims))
    rows = [row for _, row in built]
    total = empty()
    for measures in groups.values():
        merge_into(total, measures)
    totals = _values(total, names, settings, book.rag_for(names, None, None))
    meta = _settings_block(request, settings, start, end, tz, sources, session)
    return Report(meta, request.by, names, rows, totals, dict(groups))


def _read_measures(
    session: Session, collect: "_Collector", shape: Shape, settings: KpiSettings,
    families: set[Family],
) -> set[str]:  # fmt: skip
    """Read what the requested KPIs need, each from the aggregates where they answer exactly;
    returns where from ("aggregates", "raw")."""
    sources: set[str] = set()
    if families & {Family.CONTACTS, Family.SURVEYS}:
        choice = plan.for_contacts(shape, settings)
        sources.add(_read_contacts(session, collect, choice, shape, settings, families))
    if Family.FCR in families:
        sources.add(_read_fcr(session, collect, plan.for_fcr(shape, settings), shape, settings))
    state_choice = plan.for_states(shape) if Family.STATES in families else None
    if state_choice is not None:
        sources.add(_read_states(session, collect, state_choice, shape))
    if Family.QUALITY in families:
        # Evaluations have no aggregates: they are few beside contacts, and read as they stand.
        # "source" keeps naming the contact stores.
        collect.add(reads.quality_from_evaluations(session, dims=shape.dims,
                                                   period=shape.raw_period, start=shape.start,
                                                   end=shape.end, scope=shape.scope))  # fmt: skip
    return sources


def _validate(request: ReportRequest) -> None:
    unknown = [d for d in request.by if d not in DIMENSIONS]
    if unknown:
        raise SwitchboardError(
            f"cannot group by {', '.join(unknown)}: choose from {', '.join(DIMENSIONS)}"
        )
    bad = [k for k in request.kpis or () if k not in REGISTRY]
    if bad:
        raise SwitchboardError(
            f"unknown KPI {', '.join(bad)}: `switchboard kpis list` names them all"
        )
    if request.start and request.end and request.start >= request.end:
        raise SwitchboardError("--from must be before --to")


def _range(session: Session, request: ReportRequest, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The request's range; an open end runs to the edge of history, rounded to local days."""
    first, last = repository.history_span(session)
    start = request.start or (day_window(local_day(first, tz), tz)[0] if first else None)
    end = request.end or (day_window(local_day(last, tz), tz)[1] if last else None)
    if start is None or end is None:
        today = day_window(date.today(), tz)
        start, end = start or today[0], end or today[1]
    if start >= end:
        end = start + timedelta(days=1)
    return start, end


def _shape(
    session: Session, request: ReportRequest, tz: ZoneInfo, start: datetime, end: datetime
) -> Shape:
    state = repository.aggregate_state(session)
    usable = request.source != "raw" and state is not None and state.timezone == request.timezone
    if request.source == "aggregates" and not usable:
        raise SwitchboardError(
            "the aggregates are missing or in another timezone: run `switchboard kpis rebuild`"
        )
    return Shape(request.dims, "interval" in request.by, request.interval, start, end, tz,
                 request.business_hours is not None, usable, request.agent_scope)  # fmt: skip


class _Collector:
    """Merges rows of measures into report groups: dimensions plus local interval start."""

    def __init__(
        self, groups: dict[GroupKey, Measures], request: ReportRequest, tz: ZoneInfo
    ) -> None:
        self.groups, self.request, self.tz = groups, request, tz
        self.by_interval = "interval" in request.by

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            period = self._period(row.pop("period", None))
            if period is False:
                continue
            key = (*(row.pop(d) for d in self.request.dims), period)
            merge_into(self.groups[key], row)

    def _period(self, value: Any) -> datetime | bool | None:
        """The interval start for a row's period; False when outside business hours."""
        hours = self.request.business_hours
        if isinstance(value, int):
            if hours is not None and not hours.is_open(
                datetime.fromtimestamp(value, ZoneInfo("UTC")), self.tz
            ):
                return False
            return (
                period_of_bucket(value, self.request.interval, self.tz)
                if self.by_interval
                else None
            )
        if isinstance(value, date):
            return (
                period_of_day(value, self.request.interval, self.tz) if self.by_interval else None
            )
        return None


def _read_contacts(session: Session, collect: _Collector, choice: Choice, shape: Shape,
                   settings: KpiSettings, families: set[Family]) -> str:  # fmt: skip
    if choice.table is not None:
        collect.add(
            reads.contacts_from_aggregates(
                session,
                choice.table,
                dims=shape.dims,
                period=choice.period,
                start=shape.start,
                end=shape.end,
                tz=shape.tz,
                settings=settings,
                scope=shape.scope,
            )
        )
        return "aggregates"
    # Survey KPIs need the answered count too (response rate), so contacts are always read.
    collect.add(
        reads.contacts_from_raw(
            session,
            dims=shape.dims,
            period=choice.period,
            start=shape.start,
            end=shape.end,
            settings=settings,
            scope=shape.scope,
        )
    )
    if Family.SURVEYS in families:
        collect.add(
            reads.surveys_from_raw(
                session,
                dims=shape.dims,
                period=choice.period,
                start=shape.start,
                end=shape.end,
                settings=settings,
                scope=shape.scope,
            )
        )
    return "raw"


def _read_fcr(
    session: Session, collect: _Collector, choice: Choice, shape: Shape, settings: KpiSettings
) -> str:
    dims, period, start, end = shape.dims, choice.period, shape.start, shape.end
    if choice.table is not None:
        collect.add(reads.fcr_from_aggregates(session, dims=dims, period=period, start=start,
                                              end=end, tz=shape.tz, settings=settings,
                                              scope=shape.scope))  # fmt: skip
        return "aggregates"
    # Usable aggregates mean the refresh has kept each contact's time to its repeat.
    collect.add(reads.fcr_from_raw(session, dims=dims, period=period, start=start, end=end,
                                   settings=settings, stored_repeats=shape.aggregates_usable,
                                   scope=shape.scope))  # fmt: skip
    return "raw"


def _read_states(session: Session, collect: _Collector, choice: Choice, shape: Shape) -> str:
    if choice.table is not None:
        collect.add(reads.states_from_aggregates(session, choice.table, dims=shape.dims,
                                                 period=choice.period, start=shape.start,
                                                 end=shape.end, tz=shape.tz,
                                                 scope=shape.scope))  # fmt: skip
        return "aggregates"
    look_back = repository.state_look_back(session)
    states = reads.raw_states(session, shape.start, shape.end, look_back, shape.scope)
    collect.add(_split_states(states, shape))
    return "raw"


def _split_states(rows: Iterable[Any], shape: Shape) -> Iterable[dict[str, Any]]:
    low, high = shape.start.timestamp(), shape.end.timestamp()
    for agent_id, team_id, site_id, state, began, ended in rows:
        ids: dict[str, Any] = {"agent": agent_id, "team": team_id, "site": site_id}
        dims: dict[str, Any] = {d: ids[d] for d in shape.dims}
        pieces = quarter_pieces(max(low, began), min(high, ended))
        if shape.raw_period is None:
            yield {**dims, state: sum(seconds for _, seconds in pieces)}
            continue
        for bucket, seconds in pieces:
            yield {**dims, "period": bucket, state: seconds}


def _sort_key(
    period: datetime | None, row: dict[str, Any], dims: tuple[str, ...]
) -> tuple[Any, ...]:
    """Intervals in time order (a repeated local hour too), then names, the unnamed last."""
    return ((period is None, period.timestamp() if period else 0.0),
            *((row[d] is None, str(row[d])) for d in dims))  # fmt: skip


def _row(key: GroupKey, measures: Measures, request: ReportRequest, names: tuple[str, ...],
         settings: KpiSettings, tz: ZoneInfo, lookup: dict[str, dict[int, str]], book: TargetBook) -> dict[str, Any]:  # fmt: skip
    ids = dict(zip(request.dims, key[:-1], strict=True))
    row: dict[str, Any] = {}
    if "interval" in request.by:
        row["interval_start"] = show(key[-1], tz) if key[-1] is not None else None
    for dim, value in ids.items():
        row[dim] = _name(dim, value, lookup)
    team = ids.get("team") or (book.team_of(ids["agent"]) if ids.get("agent") else None)
    row.update(_values(measures, names, settings, book.rag_for(names, ids.get("queue"), team)))
    return row


def _name(dim: str, value: Any, lookup: dict[str, dict[int, str]]) -> Any:
    if value is None:
        return None
    if dim == "channel":
        return str(value.value if hasattr(value, "value") else value)
    return lookup[dim].get(value, str(value))


def _values(measures: Measures, names: tuple[str, ...], settings: KpiSettings,
            rag: Any) -> dict[str, Any]:  # fmt: skip
    values: dict[str, Any] = compute_all(measures, settings, names)
    status = rag(values)
    if status:
        values["rag"] = status
    return values


def _settings_block(request: ReportRequest, settings: KpiSettings, start: datetime, end: datetime,
                    tz: ZoneInfo, sources: set[str], session: Session) -> dict[str, Any]:  # fmt: skip
    return {
        **settings.as_dict(),
        "queue_service_level_seconds": repository.queue_thresholds(session),
        "timezone": request.timezone,
        "from": show(start, tz),
        "to": show(end, tz),
        "by": list(request.by),
        "interval": request.interval.value,
        "business_hours": request.business_hours is not None,
        "source": "+".join(sorted(sources)) or "none",
        "kpis": list(request.kpis or REGISTRY),
    }
