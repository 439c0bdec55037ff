"""Drill-down addresses: every figure links to the interactions behind it.

``from`` and ``to`` are local dates in the centre's timezone, both included. ``outcome`` names
the set of contacts a KPI counts (see :mod:`switchboard.web.dashboards.repository`). ``agent``
narrows to one agent's contacts, and ``at`` with ``minutes`` to one interval of a single day
(contacts that arrived from ``at`` for ``minutes``), as an interval chart's bar needs.
"""

from datetime import date
from urllib.parse import urlencode

INTERACTIONS_PATH = "/interactions"

KPI_ROWS = {
    "offered": "offered",
    "answered": "answered",
    "abandoned": "abandoned",
    "service_level": "offered",
    "abandonment_rate": "offered",
    "asa": "answered",
    "aht": "answered",
    "talk_time": "answered",
    "hold_time": "answered",
    "wrap_time": "answered",
    "transfer_rate": "answered",
    "escalation_rate": "answered",
    "fcr": "answered",
    "csat": "answered",
    "longest_wait": "offered",
}
"""The contacts behind each KPI that a list can show; state KPIs (occupancy) have none."""


def interactions_link(
    *, start: date, end: date, kpi: str = "offered", queue: str | None = None,
    agent: int | None = None, at: str | None = None, minutes: int | None = None,
) -> str | None:  # fmt: skip
    """The filtered list behind ``kpi`` from ``start`` to ``end`` (local days, inclusive)."""
    outcome = KPI_ROWS.get(kpi)
    if outcome is None:
        return None
    params = {"from": start.isoformat(), "to": end.isoformat(), "outcome": outcome}
    optional = {"queue": queue, "agent": agent, "at": at, "minutes": minutes}
    params.update({name: str(value) for name, value in optional.items() if value is not None})
    return f"{INTERACTIONS_PATH}?{urlencode(params)}"
