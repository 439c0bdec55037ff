"""The naive baseline: load the raw rows of the report's range into pandas and group them.

This is what an analyst would write first: one SQL query for the columns needed, then boolean
columns summed by ``groupby``. It computes the core KPIs the way the registry defines them
(service level with abandons counted against, short abandons of 5 s or less left out), so its
figures double as a check on the report's.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine, text

from _kpi_centre import TZ

SHORT_ABANDON = 5.0
CORE_KPIS = ("offered", "answered", "abandoned", "service_level", "asa", "aht", "abandonment_rate")
Values = dict[tuple[Any, ...], dict[str, float | None]]


def _bound(engine: Engine, instant: datetime) -> Any:
    """SQLite compares stored naive UTC text; PostgreSQL takes the instant itself."""
    if engine.dialect.name == "sqlite":
        return instant.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    return instant


def _load(engine: Engine, sql: str, start: datetime, end: datetime) -> pd.DataFrame:
    params = {"start": _bound(engine, start), "end": _bound(engine, end)}
    with engine.connect() as connection:
        return pd.read_sql(text(sql), connection, params=params)


def _utc(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column, utc=True, format="ISO8601")


def load_contacts(engine: Engine, start: datetime, end: datetime) -> pd.DataFrame:
    sql = (
        "SELECT queue_id, agent_id, arrived_at, outcome, wait_seconds, talk_seconds, "
        "hold_seconds, wrap_seconds FROM interactions WHERE direction = 'inbound' "
        "AND arrived_at >= :start AND arrived_at < :end"
    )
    frame = _load(engine, sql, start, end)
    frame["arrived_at"] = _utc(frame["arrived_at"])
    return frame


class Grouping:
    """Report keys: a local day or a UTC quarter hour, a queue or an agent. Rows are grouped on
    the raw values, which is fast; only the groups are turned into the report's text."""

    def __init__(self, by: Sequence[str], names: dict[str, dict[int, str]]) -> None:
        self.by, self.names = tuple(by), names

    def keys(self, frame: pd.DataFrame) -> list[pd.Series]:
        keys = []
        for dim in self.by:
            if dim == "day":
                keys.append(frame["arrived_at"].dt.tz_convert(TZ).dt.normalize().rename(dim))
            elif dim == "quarter":
                keys.append(frame["arrived_at"].dt.floor("15min").dt.tz_convert(TZ).rename(dim))
            else:
                keys.append(frame[f"{dim}_id"].rename(dim))
        return keys

    def shown(self, key: Any) -> tuple[Any, ...]:
        values = key if isinstance(key, tuple) else (key,)
        return tuple(self._show(dim, value) for dim, value in zip(self.by, values, strict=True))

    def _show(self, dim: str, value: Any) -> Any:
        if pd.isna(value):
            return None
        if dim in ("day", "quarter"):
            return value.tz_convert(TZ).isoformat()
        return self.names[dim][int(value)]


def core_kpis(frame: pd.DataFrame, grouping: Grouping, thresholds: dict[int, int]) -> Values:
    outcome, wait = frame["outcome"], frame["wait_seconds"]
    offered = frame["queue_id"].notna() & ~outcome.isin(["overflowed", "phantom"])
    answered = offered & outcome.isin(["answered", "transferred"])
    abandoned_all = offered & (outcome == "abandoned")
    short = abandoned_all & (wait <= SHORT_ABANDON)
    handle = frame["talk_seconds"] + frame["hold_seconds"] + frame["wrap_seconds"]
    measures = pd.DataFrame({
        "offered": offered, "answered": answered, "abandoned": abandoned_all & ~short,
        "short": short, "in_sl": answered & (wait <= frame["queue_id"].map(thresholds)),
        "wait": wait.where(answered, 0.0), "handle": handle.where(answered, 0.0),
    })  # fmt: skip
    sums = measures.groupby(grouping.keys(frame), dropna=False).sum()
    return {grouping.shown(key): _formulas(row) for key, row in sums.iterrows()}


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def _formulas(row: pd.Series) -> dict[str, float | None]:
    answered, abandoned = row["answered"], row["abandoned"]
    return {
        "offered": float(row["offered"]),
        "answered": float(answered),
        "abandoned": float(abandoned),
        "service_level": _ratio(row["in_sl"], answered + abandoned),
        "asa": _ratio(row["wait"], answered),
        "aht": _ratio(row["handle"], answered),
        "abandonment_rate": _ratio(abandoned, row["offered"] - row["short"]),
    }


def occupancy(engine: Engine, start: datetime, end: datetime, names: dict[int, str]) -> Values:
    """Per agent: (on contact + wrap-up) ÷ (on contact + wrap-up + available), states clipped to
    the range."""
    sql = (
        "SELECT agent_id, state, started_at, ended_at FROM agent_state_intervals "
        "WHERE started_at < :end AND ended_at > :start"
    )
    frame = _load(engine, sql, start, end)
    began = _utc(frame["started_at"]).clip(lower=pd.Timestamp(start))
    ended = _utc(frame["ended_at"]).clip(upper=pd.Timestamp(end))
    frame["seconds"] = (ended - began).dt.total_seconds()
    table = frame.pivot_table("seconds", "agent_id", "state", aggfunc="sum", fill_value=0.0)
    busy = table.get("on_contact", 0.0) + table.get("wrap_up", 0.0)
    share = busy / (busy + table.get("available", 0.0))
    return {(names[int(agent)],): {"occupancy": float(value)} for agent, value in share.items()}


def fcr(engine: Engine, start: datetime, end: datetime, window: float,
        grouping: Grouping) -> Values:  # fmt: skip
    """Answered contacts with a known customer and no later contact from that customer on the
    same reason within ``window`` (a transfer's next segment is the same contact, not a repeat)."""
    sql = (
        "SELECT queue_id, agent_id, customer_key, disposition, contact_ref, arrived_at, outcome "
        "FROM interactions WHERE direction = 'inbound' AND customer_key IS NOT NULL "
        "AND outcome <> 'phantom' AND arrived_at >= :start AND arrived_at < :end"
    )
    frame = _load(engine, sql, start, end + timedelta(seconds=window))
    frame["arrived_at"] = _utc(frame["arrived_at"])
    frame = frame.sort_values(["customer_key", "disposition", "arrived_at"])
    same = frame.groupby(["customer_key", "disposition"], dropna=False, sort=False)
    after, ref_after, second = (same["arrived_at"].shift(-1), same["contact_ref"].shift(-1),
                                same["arrived_at"].shift(-2))  # fmt: skip
    repeat_at = after.where(ref_after != frame["contact_ref"], second)
    repeat = (repeat_at - frame["arrived_at"]).dt.total_seconds() <= window
    in_range = frame["arrived_at"] < pd.Timestamp(end)
    handled = (
        in_range & frame["queue_id"].notna() & frame["outcome"].isin(["answered", "transferred"])
    )
    measures = pd.DataFrame({"handled": handled, "resolved": handled & ~repeat})[in_range]
    sums = measures.groupby(grouping.keys(frame[in_range]), dropna=False).sum()
    return {
        grouping.shown(k): {"fcr": _ratio(r["resolved"], r["handled"])} for k, r in sums.iterrows()
    }


def compare(
    rows: list[dict[str, Any]], expected: Values, dims: Sequence[str]
) -> tuple[int, list[str]]:
    """How many (group, KPI) values were checked against the baseline, and the ones that differ.

    A group only one side has is a difference when it holds contacts: the report also lists
    quarter hours with agent states but no contacts, the baseline groups with nothing handled.
    """
    checked, differ, seen = 0, [], set()
    for row in rows:
        key = tuple(row.get(d) for d in dims)
        seen.add(key)
        if key not in expected:
            if row.get("offered") or row.get("fcr") is not None:
                differ.append(f"{list(key)}: only in the report")
            continue
        for name, value in expected[key].items():
            checked += 1
            if not _close(row.get(name), value):
                differ.append(f"{list(key)} {name}: report {row.get(name)}, baseline {value}")
    differ += [f"{list(key)}: only in the baseline" for key, values in expected.items()
               if key not in seen and any(values.values())]  # fmt: skip
    return checked, differ


def _close(got: Any, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and (want is None or want == 0)
    return abs(float(got) - want) <= 1e-6 * max(1.0, abs(want))
