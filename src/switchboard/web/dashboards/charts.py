"""Plotly figures for the dashboards, handed to the page as JSON.

The CSP allows no inline script, so a figure travels in a ``data-figure`` attribute and the
static ``charts.js`` draws it; a bar's ``customdata`` is its drill-down address, which a click
follows. Every chart sits beside a table with the same figures and links, its text alternative.
"""

from dataclasses import dataclass
from typing import Any

# plotly ships no type hints; its figures are Any here.
import plotly.graph_objects as go  # type: ignore[import-untyped]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
RAG_COLOURS = {"green": "#2f7a4f", "amber": "#9a6700", "red": "#b42318", None: "#0b4f8a"}
LINE = "#0b4f8a"
MEDIAN = "#4a4a4a"
VOLUME = "#9cb9d6"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    figure_json: str


def chart(chart_id: str, title: str, figure: Any, *, height: int = 260) -> Chart:
    legend = len(figure.data) > 1
    figure.update_layout(
        template="plotly_white", font={"family": FONT, "size": 13}, height=height,
        margin={"l": 56, "r": 56 if legend else 16, "t": 32 if legend else 16, "b": 48},
        showlegend=legend, legend={"orientation": "h", "y": 1.12, "x": 0},
    )  # fmt: skip
    return Chart(chart_id, title, figure.to_json())


def bars(
    labels: list[str], values: list[float | None], *, rags: list[str | None],
    links: list[str | None], axis_title: str, percent: bool,
) -> Any:  # fmt: skip
    """One bar per label, coloured by status, each opening its drill-down list when clicked."""
    figure = go.Figure(go.Bar(
        x=labels, y=values, customdata=links, marker_color=[RAG_COLOURS[r] for r in rags],
        hovertemplate="%{x}: %{y" + (":.1%" if percent else "") + "}<extra></extra>",
    ))  # fmt: skip
    figure.update_layout(
        yaxis={"title": axis_title, "rangemode": "tozero",
               **({"tickformat": ".0%", "range": [0, 1.04]} if percent else {})},
    )  # fmt: skip
    return figure


def trend(days: list[str], values: list[float | None], *, percent: bool, title: str) -> Any:
    """One KPI's daily values as a line; days without contacts are gaps."""
    figure = go.Figure(go.Scatter(
        x=days, y=values, mode="lines+markers", line={"color": LINE, "width": 2},
        connectgaps=False, name=title,
        hovertemplate="%{x}: %{y" + (":.1%" if percent else ":.1f") + "}<extra></extra>",
    ))  # fmt: skip
    figure.update_layout(
        xaxis={"type": "date", "tickformat": "%d %b"},
        yaxis={"rangemode": "tozero", **({"tickformat": ".0%"} if percent else {})},
    )  # fmt: skip
    return figure


def volume_and_service_level(
    starts: list[str], offered: list[float | None], service_level: list[float | None], *,
    links: list[str | None],
) -> Any:  # fmt: skip
    """Contacts offered per interval as bars (each opening its contacts) and service level as a
    line on a second axis, with a legend because the two share the chart."""
    figure = go.Figure([
        go.Bar(x=starts, y=offered, customdata=links, name="Offered", marker_color=VOLUME,
               hovertemplate="%{x}: %{y} offered<extra></extra>"),
        go.Scatter(x=starts, y=service_level, name="Service level", yaxis="y2",
                   mode="lines+markers", line={"color": LINE, "width": 2}, connectgaps=False,
                   hovertemplate="%{x}: %{y:.1%} in service level<extra></extra>"),
    ])  # fmt: skip
    figure.update_layout(
        yaxis={"title": "Offered", "rangemode": "tozero"},
        yaxis2={"title": "Service level", "overlaying": "y", "side": "right",
                "tickformat": ".0%", "range": [0, 1.04], "showgrid": False},
        xaxis={"title": "Half hour starting"},
    )  # fmt: skip
    return figure
