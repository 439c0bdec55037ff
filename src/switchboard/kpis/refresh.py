"""Keeping the aggregates in step with the raw rows.

After each ingest run the local days it touched are rebuilt from the raw rows: cleared, then
summed again. A day's aggregates are thus always a pure function of what is stored, so loading
the same file twice, or loading files out of order, can never double-count.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from switchboard.domain.kpi.settings import FCR_WINDOWS
from switchboard.kit.clock import utcnow, zone
from switchboard.kit.errors import NotFoundError, SwitchboardError
from switchboard.kit.intervals import day_window, local_day, local_days, quarter_pieces
from switchboard.kpis import reads, repository
from switchboard.kpis.models import (
    STATE_COLUMNS,
    AggregateState,
    agent_state_days,
    fcr_column,
    state_quarters,
)

Progress = Callable[[int, int], None]


@dataclass
class RefreshSummary:
    days: int
    timezone: str


def refresh_batches(*, session: Session, batch_ids: Sequence[int], timezone: str) -> RefreshSummary:
    """Rebuild every local day that rows of these ingest batches fall in."""
    state = _state(session, timezone, repository.longest_state_seconds(session, batch_ids))
    tz = zone(state.timezone)
    changed = _update_repeats(session, batch_ids)
    days: set[date] = set()
    for iso in repository.touched_utc_dates(session, batch_ids):
        utc_day = date.fromisoformat(iso)
        start, end = day_window(utc_day, ZoneInfo("UTC"))
        days.update(local_days(start, end, tz))
    days |= _shift_fcr(session, [c for c in changed if local_day(c.arrived, tz) not in days], tz)
    refresh_days(session=session, days=days, tz=tz, look_back=state.longest_state_seconds)
    return RefreshSummary(days=len(days), timezone=state.timezone)


@dataclass(frozen=True)
class _Repeat:
    """An answered contact whose time to its repeat contact changed."""

    arrived: datetime
    key: tuple[Any, ...]
    """(agent, queue, channel), as its FCR aggregate row is keyed."""
    old: float | None
    new: float | None


def _update_repeats(session: Session, batch_ids: Sequence[int] | None) -> list[_Repeat]:
    """Store each affected contact's time to its repeat. Returns the changed ones that these
    batches did not bring (their days are rebuilt anyway)."""
    changed = repository.changed_repeats(session, batch_ids)
    repository.store_repeats(session, [(row_id, new) for row_id, _batch, _old, new in changed])
    ours = set(batch_ids or ())
    elsewhere = {row_id: (old, new) for row_id, batch, old, new in changed if batch not in ours}
    if batch_ids is None or not elsewhere:
        return []
    return [
        _Repeat(arrived, (agent, queue, channel), *elsewhere[row_id])
        for row_id, arrived, agent, queue, channel in repository.fcr_keys(session, list(elsewhere))
    ]


def _shift_fcr(session: Session, changed: list[_Repeat], tz: ZoneInfo) -> set[date]:
    """Move contacts of days this import did not touch between resolved and not, in place.

    A repeat arriving today can turn last Tuesday's contact into an unresolved one; rebuilding
    every such day would cost a month of work per import, so only their FCR counts are moved.
    Returns days that had no row to adjust, which must then be rebuilt.
    """
    deltas: dict[tuple[date, tuple[Any, ...]], dict[str, int]] = defaultdict(
        lambda: defaultdict(int)
    )
    for repeat in changed:
        row = deltas[(local_day(repeat.arrived, tz), repeat.key)]
        for window in FCR_WINDOWS:
            row[fcr_column(window)] += _resolved(repeat.new, window) - _resolved(repeat.old, window)
    missing: set[date] = set()
    for (day, key), shifts in deltas.items():
        shifts = {name: delta for name, delta in shifts.items() if delta}
        if shifts and not repository.shift_fcr(session, day, key, shifts):
            missing.add(day)
    return missing


def _resolved(gap: float | None, window: float) -> int:
    return 1 if gap is None or gap > window else 0


def rebuild(
    *, session: Session, timezone: str, on_progress: Progress | None = None
) -> RefreshSummary:
    """Rebuild every aggregate from history, in ``timezone`` (which the aggregates then use)."""
    repository.clear_all(session)
    _update_repeats(session, None)
    existing = repository.aggregate_state(session)
    if existing is not None:
        existing.timezone = timezone
    state = _state(session, timezone, repository.longest_state_seconds(session, None))
    first, last = repository.history_span(session, state_ends=True)
    tz = zone(timezone)
    days = local_days(first, last + timedelta(microseconds=1), tz) if first and last else []
    refresh_days(session=session, days=days, tz=tz, look_back=state.longest_state_seconds,
                 on_progress=on_progress, cleared=True)  # fmt: skip
    return RefreshSummary(days=len(days), timezone=timezone)


def _state(session: Session, timezone: str, longest: float) -> AggregateState:
    state = repository.aggregate_state(session)
    if state is None:
        state = AggregateState(id=1, timezone=timezone, longest_state_seconds=0.0)
    state.longest_state_seconds = max(state.longest_state_seconds, longest)
    state.built_at = utcnow()
    repository.save_aggregate_state(session, state)
    return state


def refresh_days(
    *, session: Session, days: Iterable[date], tz: ZoneInfo, look_back: float,
    on_progress: Progress | None = None, cleared: bool = False,
) -> None:  # fmt: skip
    chosen = sorted(days)
    if not cleared:
        repository.clear_days(session, chosen)
    for done, day in enumerate(chosen, 1):
        start, end = day_window(day, tz)
        repository.build_contact_day(session, day, start, end)
        repository.build_fcr_day(session, day, start, end)
        _build_state_day(session, day, start, end, look_back)
        if on_progress is not None:
            on_progress(done, len(chosen))


def _build_state_day(session: Session, day: date, start: Any, end: Any, look_back: float) -> None:
    """Split the day's agent states at quarter hours (whole centre) and per agent."""
    quarters: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    agents: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    low, high = start.timestamp(), end.timestamp()
    for agent_id, _team, _site, state, began, ended in reads.raw_states(
        session, start, end, look_back
    ):
        pieces = quarter_pieces(max(low, began), min(high, ended))
        for bucket, seconds in pieces:
            quarters[bucket][state] += seconds
            agents[agent_id][state] += seconds
    repository.insert_rows(session, state_quarters, [
        {"bucket_epoch": bucket, "local_date": day, **_full(seconds)} for bucket, seconds in quarters.items()
    ])  # fmt: skip
    repository.insert_rows(session, agent_state_days, [
        {"local_date": day, "agent_id": agent, **_full(seconds)} for agent, seconds in agents.items()
    ])  # fmt: skip


def _full(seconds: dict[str, float]) -> dict[str, float]:
    """Every state column, so that all rows of one insert carry the same keys."""
    return {name: seconds.get(name, 0.0) for name in STATE_COLUMNS}


def set_threshold(
    *, session: Session, queue: str, seconds: int, on_progress: Progress | None = None
) -> RefreshSummary | None:
    """Change a queue's service-level threshold T; the aggregates are rebuilt to match."""
    found = repository.queue_by_name(session, queue)
    if found is None:
        raise NotFoundError(f"no queue named {queue!r}")
    if seconds <= 0:
        raise SwitchboardError("a service-level threshold is a number of seconds above 0")
    found.service_level_seconds = seconds
    session.flush()
    state = repository.aggregate_state(session)
    if state is None:
        return None
    return rebuild(session=session, timezone=state.timezone, on_progress=on_progress)
