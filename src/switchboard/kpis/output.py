"""How report values look to people (tables) and to programs (CSV)."""

import csv
import io
from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from switchboard.domain.kpi import REGISTRY, Unit
from switchboard.kpis.service import Report

RAG_STYLES = {"green": "green", "amber": "yellow", "red": "bold red"}
TRANSPOSE_UP_TO = 8
"""With this many groups or fewer, a table lists KPIs down the side: 23 columns do not fit."""


def show_value(name: str, value: Any) -> str:
    """``0.812`` → ``81.2%``, ``95.0`` s → ``1:35``, ``None`` → ``—``.

    >>> show_value("service_level", 0.8125), show_value("aht", 3725.4), show_value("offered", 1234)
    ('81.2%', '1:02:05', '1,234')
    """
    if value is None:
        return "—"
    unit = REGISTRY[name].unit
    if unit is Unit.RATIO:
        return f"{100 * value:.1f}%"
    if unit is Unit.SECONDS:
        return clock(value)
    if unit is Unit.CONTACTS:
        return f"{int(value):,}"
    return f"{value:.1f}"


def clock(seconds: float) -> str:
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _cell(name: str, row: dict[str, Any]) -> Text:
    status = row.get("rag", {}).get(name)
    return Text(show_value(name, row.get(name)), style=RAG_STYLES.get(status, ""))


def _label(report: Report, row: dict[str, Any]) -> str:
    parts = [str(row.get(dim) if row.get(dim) is not None else "(none)") for dim in report.dims
             if dim != "interval"]  # fmt: skip
    if "interval_start" in row:
        parts.insert(0, str(row["interval_start"]).replace("T", " ")[:16])
    return " · ".join(parts) or "all"


def table(report: Report, title: str) -> Table:
    groups = [*report.rows, {**report.totals, "__total": True}] if report.rows else []
    if len(report.rows) <= TRANSPOSE_UP_TO:
        return _kpis_down(report, groups, title)
    return _kpis_across(report, groups, title)


def _kpis_down(report: Report, groups: list[dict[str, Any]], title: str) -> Table:
    shown = [g for g in groups if not g.get("__total")] if len(groups) == 2 else groups
    out = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    out.add_column("KPI", no_wrap=True)
    for group in shown:
        label = "total" if group.get("__total") else _label(report, group)
        out.add_column(label, justify="right", no_wrap=True)
    for name in report.kpis:
        out.add_row(REGISTRY[name].title, *(_cell(name, g) for g in shown))
    return out


def _kpis_across(report: Report, groups: list[dict[str, Any]], title: str) -> Table:
    out = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    out.add_column("group")
    for name in report.kpis:
        out.add_column(name, justify="right")
    for group in groups:
        label = "total" if group.get("__total") else _label(report, group)
        out.add_row(label, *(_cell(name, group) for name in report.kpis),
                    end_section=bool(group.get("__total")))  # fmt: skip
    return out


def to_csv(report: Report) -> str:
    """One line per group plus a ``total`` line; numbers unformatted, empty when null."""
    buffer = io.StringIO()
    keys = (["interval_start"] if "interval" in report.dims else []) + [
        d for d in report.dims if d != "interval"
    ]
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*keys, *report.kpis])
    for row in report.rows:
        writer.writerow([*(row.get(k) for k in keys), *(_plain(row.get(n)) for n in report.kpis)])
    first = ["total", *([""] * (len(keys) - 1))] if keys else []
    writer.writerow([*first, *(_plain(report.totals.get(n)) for n in report.kpis)])
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    return "" if value is None else value
