"""Plotly figures for the dashboards, handed to the page as JSON.

The CSP allows no inline script, so a figure travels in a ``data-figure`` attribute and the
static ``charts.js`` draws it; a bar's ``customdata`` is its drill-down address, which a click
follows. Every chart sits beside a table with the same figures and links, its text alternative.

Figures are written as plotly.js's own JSON (``{"data": [...], "layout": {...}}``), not built
with ``plotly.graph_objects``: the Python objects validate every property and copy the whole
theme into each figure, which made a page of eight small charts cost half a second of CPU and
carry the theme eight times. The few theme settings the charts need are in :func:`chart`.
"""

import json
from dataclasses import dataclass
from typing import Any

Figure = dict[str, Any]
"""A plotly.js figure: ``data`` (the traces) and ``layout``."""

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
RAG_COLOURS = {"green": "#2f7a4f", "amber": "#9a6700", "red": "#b42318", None: "#0b4f8a"}
LINE = "#0b4f8a"
VOLUME = "#5b84ad"  # 3.9:1 on white: graphics need 3:1 (WCAG 1.4.11)
GRID = "#ebf0f8"
TEXT = "#2a3f5f"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    figure_json: str


def chart(chart_id: str, title: str, figure: Figure, *, height: int = 260) -> Chart:
    """The figure with the dashboards' look: white, light grid, the page's font; a legend only
    when traces share the chart."""
    legend = len(figure["data"]) > 1
    layout = figure["layout"]
    layout.update(
        height=height, paper_bgcolor="#fff", plot_bgcolor="#fff",
        font={"family": FONT, "size": 13, "color": TEXT},
        margin={"l": 56, "r": 56 if legend else 16, "t": 32 if legend else 16, "b": 48},
        showlegend=legend, legend={"orientation": "h", "y": 1.12, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )  # fmt: skip
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")):
            axis.setdefault("gridcolor", GRID)
            axis.setdefault("zerolinecolor", GRID)
            axis.setdefault("automargin", True)
    return Chart(chart_id, title, json.dumps(figure, separators=(",", ":")))


def _value_format(percent: bool, fallback: str = "") -> str:
    return ":.1%" if percent else fallback


def bars(
    labels: list[str], values: list[float | None], *, rags: list[str | None],
    links: list[str | None], axis_title: str, percent: bool,
) -> Figure:  # fmt: skip
    """One bar per label, coloured by status, each opening its drill-down list when clicked."""
    bar = {
        "type": "bar", "x": labels, "y": values, "customdata": links,
        "marker": {"color": [RAG_COLOURS[r] for r in rags]},
        "hovertemplate": "%{x}: %{y" + _value_format(percent) + "}<extra></extra>",
    }  # fmt: skip
    y_axis: dict[str, Any] = {"title": {"text": axis_title}, "rangemode": "tozero"}
    if percent:
        y_axis |= {"tickformat": ".0%", "range": [0, 1.04]}
    return {"data": [bar], "layout": {"xaxis": {}, "yaxis": y_axis}}


def trend(days: list[str], values: list[float | None], *, percent: bool, title: str) -> Figure:
    """One KPI's daily values as a line; days without contacts are gaps."""
    line = {
        "type": "scatter", "x": days, "y": values, "mode": "lines+markers", "name": title,
        "line": {"color": LINE, "width": 2}, "connectgaps": False,
        "hovertemplate": "%{x}: %{y" + _value_format(percent, ":.1f") + "}<extra></extra>",
    }  # fmt: skip
    y_axis: dict[str, Any] = {"rangemode": "tozero"}
    if percent:
        y_axis["tickformat"] = ".0%"
    return {
        "data": [line],
        "layout": {"xaxis": {"type": "date", "tickformat": "%d %b"}, "yaxis": y_axis},
    }


def volume_and_service_level(
    starts: list[str], offered: list[float | None], service_level: list[float | None], *,
    links: list[str | None],
) -> Figure:  # fmt: skip
    """Contacts offered per interval as bars (each opening its contacts) and service level as a
    line on a second axis, with a legend because the two share the chart."""
    volume = {
        "type": "bar", "x": starts, "y": offered, "customdata": links, "name": "Offered",
        "marker": {"color": VOLUME}, "hovertemplate": "%{x}: %{y} offered<extra></extra>",
    }  # fmt: skip
    level = {
        "type": "scatter", "x": starts, "y": service_level, "name": "Service level",
        "yaxis": "y2", "mode": "lines+markers", "line": {"color": LINE, "width": 2},
        "connectgaps": False, "hovertemplate": "%{x}: %{y:.1%} in service level<extra></extra>",
    }  # fmt: skip
    layout = {
        "xaxis": {"title": {"text": "Half hour starting"}},
        "yaxis": {"title": {"text": "Offered"}, "rangemode": "tozero"},
        "yaxis2": {"title": {"text": "Service level"}, "overlaying": "y", "side": "right",
                   "tickformat": ".0%", "range": [0, 1.04], "showgrid": False},
    }  # fmt: skip
    return {"data": [volume, level], "layout": layout}
