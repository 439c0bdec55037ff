"""The KPI report as one self-contained HTML page, for a manager's inbox.

The page holds the settings the report used, the KPI table with red, amber and green cells, and
Plotly charts: volume and service level by interval, AHT by agent and the abandon curve. plotly.js
is inlined from the installed ``plotly`` package, so the page opens with no network at all.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

# plotly ships no type hints; its figures are Any here.
import plotly.graph_objects as go  # type: ignore[import-untyped]
from jinja2 import Environment, PackageLoader, StrictUndefined, Template
from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]
from sqlalchemy.orm import Session

from switchboard.domain.kpi import REGISTRY, WAIT_EDGES, KpiSettings
from switchboard.kit.clock import zone
from switchboard.kit.intervals import (
    BUCKET_SECONDS,
    Interval,
    is_bucket_boundary,
    local_days,
    period_of_bucket,
    period_of_day,
    show,
)
from switchboard.kpis import reads, repository
from switchboard.kpis.models import queue_quarters
from switchboard.kpis.output import TRANSPOSE_UP_TO, clock, show_value
from switchboard.kpis.service import Report, ReportRequest, build_report

VOLUME_KPIS = ("offered", "answered", "abandoned", "service_level")
AGENT_KPIS = ("aht", "answered")
MOST_BARS = {True: 1500, False: 100}
"""The volume chart's most intervals: as asked (True), or chosen from the range (False), after
which it moves to a coarser interval, so that a long range stays a readable, light page."""
COLOURS = {"offered": "#a0aec0", "answered": "#2b6cb0", "abandoned": "#dd6b20", "line": "#1a202c",
           "green": "#2f855a", "amber": "#d69e2e", "red": "#c53030", "none": "#4a5568"}  # fmt: skip
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
SETTING_LABELS = {
    "abandon_treatment": "Abandons in service level", "short_abandon_seconds": "Short abandon up to",
    "service_level_seconds": "Service-level threshold T", "fcr_window_seconds": "FCR window",
    "csat_top_boxes": "CSAT top boxes", "queue_service_level_seconds": "Each queue's own T",
    "timezone": "Timezone", "from": "From", "to": "To", "by": "Grouped by",
    "interval": "Interval", "business_hours": "Business hours only", "source": "Read from",
    "kpis": "KPIs",
}  # fmt: skip
TREATMENTS = {
    "exclude": "excluded (answered within T ÷ answered; Asterisk SL)",
    "against": "counted against (answered within T ÷ (answered + abandoned); Genesys default)",
    "in_favour": "counted in favour when within T (Asterisk SL2)",
}


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    caption: str
    html: str


@dataclass(frozen=True)
class Cell:
    text: str
    rag: str | None = None
    hint: str | None = None


def render_html(*, session: Session, request: ReportRequest, settings: KpiSettings) -> str:
    """The whole page: settings first, then the table, then the charts, all in one string."""
    report = build_report(session=session, request=request, settings=settings)
    start = datetime.fromisoformat(report.settings["from"])
    end = datetime.fromisoformat(report.settings["to"])
    charts = [
        _volume_chart(session, request, settings, start, end),
        _aht_chart(session, request, settings, start, end),
        _abandon_chart(session, request, start, end),
    ]
    head, rows = _table(report)
    return _template().render(
        period=f"{_when(start)} to {_when(end)} ({request.timezone})",
        settings=_settings(report.settings),
        head=head,
        rows=rows,
        charts=charts,
        plotly_js=get_plotlyjs(),
    )


@cache
def _template() -> Template:
    env = Environment(
        loader=PackageLoader("switchboard.kpis", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("report.html.j2")


def _when(instant: datetime) -> str:
    return instant.strftime("%a %d %b %Y %H:%M")


# --- settings and table -----------------------------------------------------------------------


def _settings(meta: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, key, value) for every setting the report used, in the report's order."""
    return [(SETTING_LABELS.get(key, key.replace("_", " ")), key, _setting(key, value))
            for key, value in meta.items()]  # fmt: skip


def _setting(key: str, value: Any) -> str:
    if key == "service_level_seconds" and value is None:
        return "each queue's own (below)"
    if key == "abandon_treatment":
        return f"{value}: {TREATMENTS.get(value, value)}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{name} {_setting(key, v)}" for name, v in sorted(value.items())) or "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none (the whole centre)"
    if key.endswith("_seconds") and isinstance(value, int | float):
        return f"{value:g} s" + _duration(value)
    if key in ("from", "to"):
        return _when(datetime.fromisoformat(value))
    return "—" if value is None else str(value)


def _duration(seconds: float) -> str:
    if seconds >= 86400:
        return f" ({seconds / 86400:g} days)"
    return f" ({seconds / 3600:g} h)" if seconds >= 3600 else ""


def _table(report: Report) -> tuple[list[Cell], list[list[Cell]]]:
    groups = [(_label(report, row), row) for row in report.rows]
    if len(groups) != 1:
        groups.append(("Total", report.totals))
    if len(report.rows) <= TRANSPOSE_UP_TO:
        head = [Cell("KPI"), *(Cell(label) for label, _ in groups)]
        rows = [[_kpi_cell(name), *(_cell(name, row) for _, row in groups)]
                for name in report.kpis]  # fmt: skip
        return head, rows
    head = [Cell("Group"), *(_kpi_cell(name) for name in report.kpis)]
    return head, [[Cell(label), *(_cell(name, row) for name in report.kpis)]
                  for label, row in groups]  # fmt: skip


def _kpi_cell(name: str) -> Cell:
    return Cell(REGISTRY[name].title, hint=REGISTRY[name].formula)


def _cell(name: str, row: dict[str, Any]) -> Cell:
    status = row.get("rag", {}).get(name)
    hint = f"{status} against target" if status else None
    return Cell(show_value(name, row.get(name)), status, hint)


def _label(report: Report, row: dict[str, Any]) -> str:
    parts = [str(row[d]) if row.get(d) is not None else "(none)" for d in report.dims
             if d != "interval"]  # fmt: skip
    if row.get("interval_start"):
        parts.insert(0, row["interval_start"][:16].replace("T", " "))
    return " · ".join(parts) or "All contacts"


# --- charts -----------------------------------------------------------------------------------


def _volume_chart(session: Session, request: ReportRequest, settings: KpiSettings,
                  start: datetime, end: datetime) -> Chart:  # fmt: skip
    interval = _chart_interval(request, start, end)
    sub = replace(request, by=("interval",), interval=interval, kpis=VOLUME_KPIS,
                  start=start, end=end)  # fmt: skip
    found = build_report(session=session, request=sub, settings=settings).rows
    rows = _every_interval(found, _interval_starts(start, end, interval, request.timezone))
    caption = f"Contacts offered, answered and abandoned per {_interval_words(interval)}, with service level on the right-hand axis."
    fig = _volume_figure(rows, interval, request.timezone)
    return _chart("volume", "Volume and service level by interval", caption, fig, bool(found))


def _volume_figure(rows: list[dict[str, Any]], interval: Interval, timezone: str) -> Any:
    x = [_axis_time(row["interval_start"], interval) for row in rows]
    bars = [go.Bar(name=REGISTRY[k].title, x=x, y=[row[k] for row in rows], marker_color=COLOURS[k])
            for k in ("offered", "answered", "abandoned")]  # fmt: skip
    fig = go.Figure(bars)
    fig.add_trace(go.Scatter(name="Service level", x=x, y=[row["service_level"] for row in rows],
                             yaxis="y2", mode="lines+markers", line={"color": COLOURS["line"]},
                             hovertemplate="%{y:.1%}"))  # fmt: skip
    fig.update_layout(barmode="group", hovermode="x unified",
                      xaxis_title=f"Interval start ({timezone})",
                      yaxis={"title": "Contacts", "rangemode": "tozero"},
                      yaxis2={"title": "Service level", "overlaying": "y", "side": "right",
                              "range": [0, 1.04], "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1],
                              "tickformat": ".0%", "showgrid": False})  # fmt: skip
    return fig


def _chart_interval(request: ReportRequest, start: datetime, end: datetime) -> Interval:
    """The report's own interval, or the finest from 30 minutes up that fits the range."""
    asked = "interval" in request.by
    order = list(Interval)
    finest = order.index(request.interval if asked else Interval.MIN30)
    days = (end - start).total_seconds() / 86400
    fits = (i for i in order[finest:] if days * _per_day(i) <= MOST_BARS[asked])
    return next(fits, Interval.MONTH)


def _per_day(interval: Interval) -> float:
    if interval.minutes:
        return 1440 / interval.minutes
    return {Interval.DAY: 1.0, Interval.WEEK: 1 / 7}.get(interval, 12 / 365.25)


def _interval_starts(
    start: datetime, end: datetime, interval: Interval, timezone: str
) -> list[str]:
    """Every local interval from ``start`` to ``end``, shown as the report shows them."""
    tz = zone(timezone)
    if interval.minutes:
        first = int(start.timestamp()) // BUCKET_SECONDS * BUCKET_SECONDS
        buckets = range(first, int(end.timestamp()), BUCKET_SECONDS)
        periods = {period_of_bucket(bucket, interval, tz) for bucket in buckets}
    else:
        periods = {period_of_day(day, interval, tz) for day in local_days(start, end, tz)}
    return [show(period, tz) for period in sorted(periods)]


def _every_interval(rows: list[dict[str, Any]], starts: list[str]) -> list[dict[str, Any]]:
    """The report's rows with the empty intervals filled in, so bars keep one interval's width."""
    found = {row["interval_start"]: row for row in rows}
    empty = dict.fromkeys(VOLUME_KPIS, 0) | {"service_level": None}
    keys = sorted(set(starts) | set(found), key=datetime.fromisoformat)
    return [found.get(key, {**empty, "interval_start": key}) for key in keys]


def _axis_time(interval_start: str, interval: Interval) -> str:
    """Local wall-clock time without the offset: plotly.js has no timezones."""
    return interval_start[:16].replace("T", " ") if interval.minutes else interval_start[:10]


def _interval_words(interval: Interval) -> str:
    return f"{interval.minutes} minutes" if interval.minutes else interval.value


def _aht_chart(session: Session, request: ReportRequest, settings: KpiSettings,
               start: datetime, end: datetime) -> Chart:  # fmt: skip
    sub = replace(request, by=("agent",), kpis=AGENT_KPIS, start=start, end=end)
    rows = build_report(session=session, request=sub, settings=settings).rows
    rows = [row for row in rows if row["agent"] is not None and row["aht"] is not None]
    rows.sort(key=lambda row: row["aht"])  # the first bar is drawn at the bottom: longest on top
    caption = "(Talk + hold + wrap-up) ÷ answered, per agent; bars are green, amber or red against the AHT target when one is set."
    return _chart("aht", "Average handle time by agent", caption, _aht_figure(rows), bool(rows))


def _aht_figure(rows: list[dict[str, Any]]) -> Any:
    fig = go.Figure(go.Bar(
        x=[row["aht"] for row in rows], y=[_short(row["agent"]) for row in rows], orientation="h",
        marker_color=[COLOURS[row.get("rag", {}).get("aht") or "none"] for row in rows],
        text=[clock(row["aht"]) for row in rows], textposition="outside", cliponaxis=False,
        customdata=[(row["agent"], row["answered"]) for row in rows],
        hovertemplate="%{customdata[0]}: %{text} over %{customdata[1]:,} answered<extra></extra>",
    ))  # fmt: skip
    longest = max((row["aht"] for row in rows), default=0)
    fig.update_layout(height=140 + 20 * len(rows), showlegend=False,
                      xaxis={"title": "Average handle time (seconds)",
                             "range": [0, longest * 1.12] if rows else None},
                      yaxis={"title": "Agent", "type": "category", "automargin": True})  # fmt: skip
    return fig


def _short(name: str, most: int = 28) -> str:
    """A long agent name (an Amazon Connect ARN, say) cut to its telling end."""
    return name if len(name) <= most else "…" + name[1 - most :]


def _abandon_chart(
    session: Session, request: ReportRequest, start: datetime, end: datetime
) -> Chart:
    counts = _wait_counts(session, request, start, end)
    offered = counts["offered"]
    caption = f"Of {int(offered):,} offered contacts, the share that had abandoned by each wait (short abandons included)."
    return _chart("abandon", "Abandon curve", caption, _abandon_figure(counts), bool(offered))


def _abandon_figure(counts: dict[str, float]) -> Any:
    offered = counts["offered"] or 1  # with nothing offered every share is 0
    fig = go.Figure(go.Scatter(
        x=list(WAIT_EDGES), y=[counts[f"abandoned_within_{e}"] / offered for e in WAIT_EDGES],
        customdata=[counts[f"answered_within_{e}"] / offered for e in WAIT_EDGES],
        mode="lines+markers", name="Abandoned", line={"color": COLOURS["abandoned"], "width": 3},
        hovertemplate="within %{x} s: %{y:.1%} abandoned, %{customdata:.1%} answered<extra></extra>",
    ))  # fmt: skip
    fig.update_layout(showlegend=False,
                      xaxis={"title": "Waited up to (seconds, log scale)", "type": "log",
                             "tickvals": list(WAIT_EDGES)},
                      yaxis={"title": "Share of offered contacts abandoned", "tickformat": ".1%",
                             "rangemode": "tozero"})  # fmt: skip
    return fig


def _wait_counts(
    session: Session, request: ReportRequest, start: datetime, end: datetime
) -> dict[str, float]:
    """The wait curve's counts summed over the range, business hours only when asked."""
    state = repository.aggregate_state(session)
    usable = (request.source != "raw" and state is not None and state.timezone == request.timezone
              and is_bucket_boundary(start) and is_bucket_boundary(end))  # fmt: skip
    rows = reads.wait_curve(session, start=start, end=end, table=queue_quarters if usable else None)
    hours, tz = request.business_hours, zone(request.timezone)
    total: dict[str, float] = defaultdict(float)
    for row in rows:
        period = row.pop("period")
        if hours is not None and not hours.is_open(datetime.fromtimestamp(period, UTC), tz):
            continue
        for name, value in row.items():
            total[name] += value or 0
    return total


def _chart(chart_id: str, title: str, caption: str, fig: go.Figure, has_data: bool) -> Chart:
    fig.update_layout(template="plotly_white", font={"family": FONT, "size": 13},
                      margin={"l": 60, "r": 60, "t": 40, "b": 60},
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})  # fmt: skip
    if fig.layout.height is None:
        fig.update_layout(height=400)
    if not has_data:
        fig.add_annotation(text="No contacts in this range", showarrow=False,
                           xref="paper", yref="paper", x=0.5, y=0.5, font={"size": 16})  # fmt: skip
    html = fig.to_html(full_html=False, include_plotlyjs=False, div_id=f"chart-{chart_id}",
                       config={"displaylogo": False, "responsive": True})  # fmt: skip
    return Chart(chart_id, title, caption, html)
