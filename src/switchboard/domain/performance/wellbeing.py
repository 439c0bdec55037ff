"""Wellbeing signals for one agent: prompts for a team leader to ask how things are going.

The qualification units warn against "focusing only on productivity" and ask for a balance of
targets with "employee wellbeing". Three patterns in the data are worth a conversation:

- occupancy sustained at or above a threshold (:func:`sustained_occupancy`);
- long runs of work without a real break (:func:`long_runs_without_break`);
- a high share of difficult contacts: complaints, very low CSAT, escalations
  (:func:`difficult_contact_share`).

A signal is private to the agent and their team leader, and it is a prompt to talk, never a
ranking: every function takes one agent's data, a signal carries the facts behind it rather
than a score to sort people by, and its message suggests what to ask rather than a verdict. Signals keep their times
as UTC datetimes and their messages carry no clock times, so the caller shows times in the
centre's timezone.

Agent states are the data model's: ``available``, ``on_contact`` and ``wrap_up`` are working
and ready for contacts, ``logged_in`` is working but not ready, and ``break``, ``lunch``,
``training``, ``meeting``, ``coaching`` and ``offline`` are time away from contacts. An agent is
in one state at a time, so an agent's intervals are assumed not to overlap.

>>> from datetime import UTC, datetime, timedelta
>>> nine = datetime(2025, 6, 9, 9, tzinfo=UTC)
>>> def at(minutes): return nine + timedelta(minutes=minutes)
>>> day = [StateInterval("on_contact", at(0), at(150)), StateInterval("break", at(150), at(165))]
>>> (run,) = long_runs_without_break(day)
>>> run.figure, run.end - run.start
(9000.0, datetime.timedelta(seconds=9000))
>>> run.message[:58]
'Worked 2 h 30 min without a break of 5 min or more. Worth '
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

BUSY = frozenset({"on_contact", "wrap_up"})
READY = BUSY | {"available"}
"""Occupancy is busy time ÷ ready time, as in the KPI registry."""
WORKING = READY | {"logged_in"}
AWAY = frozenset({"break", "lunch", "training", "meeting", "coaching", "offline"})
STATES = WORKING | AWAY

OCCUPANCY_THRESHOLD = 0.9
OCCUPANCY_WINDOW = 7200
"""90% over 2 hours: at 90% an agent has six minutes in each hour between contacts, and centres
usually plan for 80–85% across a day, so two hours at 90% or more is sustained pressure rather
than a busy moment. Settings, not rules."""
OCCUPANCY_STEP = 300
MIN_READY_SHARE = 0.8
"""A window's occupancy counts only when at least 80% of it was ready time (96 of 120 minutes).
Occupancy ignores time away, so ten minutes of calls in a window that was mostly lunch would
read 100%: the window must be mostly work for its occupancy to say anything about pressure."""
MAX_RUN = 7200
"""The HSE's display-screen guidance favours short, frequent breaks (5–10 minutes an hour is
better than 15 every two hours). Two hours with no break of five minutes or more is therefore a
conservative prompt, well past what the guidance suggests. A setting, not a rule."""
MIN_BREAK = 300
DIFFICULT_THRESHOLD = 0.25
MIN_CONTACTS = 20
"""One in four contacts difficult is a hard shift. Below 20 contacts each one moves the share by
5 points or more, too much to read a pattern into."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Kind(StrEnum):
    SUSTAINED_OCCUPANCY = "sustained_occupancy"
    LONG_RUN = "long_run_without_break"
    DIFFICULT_CONTACTS = "difficult_contacts"


@dataclass(frozen=True)
class StateInterval:
    """One agent in one state from ``start`` to ``end`` (timezone-aware UTC)."""

    state: str
    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"state must be one of {sorted(STATES)}, got {self.state!r}")
        if self.start.utcoffset() is None or self.end.utcoffset() is None:
            raise ValueError("start and end must be timezone-aware (UTC)")
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")


@dataclass(frozen=True)
class HandledContact:
    """A contact the agent handled and how it went. ``csat_very_low`` says the customer's CSAT
    was in the bottom box (the caller applies the survey's scale); ``csat`` is kept to show."""

    complaint: bool = False
    escalated: bool = False
    csat: float | None = None
    csat_very_low: bool = False

    @property
    def difficult(self) -> bool:
        return self.complaint or self.escalated or self.csat_very_low


@dataclass(frozen=True)
class DifficultCounts:
    """A contact with several flags counts once in ``difficult`` and once in each kind."""

    handled: int
    difficult: int
    complaints: int
    escalations: int
    very_low_csat: int

    @property
    def share(self) -> float | None:
        return self.difficult / self.handled if self.handled else None


@dataclass(frozen=True)
class Signal:
    """A prompt to talk. ``figure`` is the occupancy over the stretch, the run's seconds or the
    share of difficult contacts, for ``kind`` to say which."""

    kind: Kind
    figure: float
    message: str
    start: datetime | None = None
    end: datetime | None = None
    counts: DifficultCounts | None = None


# Sustained occupancy ------------------------------------------------------------------------


def sustained_occupancy(
    intervals: Iterable[StateInterval], *, threshold: float = OCCUPANCY_THRESHOLD,
    window_seconds: float = OCCUPANCY_WINDOW, step_seconds: float = OCCUPANCY_STEP,
    min_ready_share: float = MIN_READY_SHARE,
) -> tuple[Signal, ...]:  # fmt: skip
    """Stretches in which every ``window_seconds`` window had occupancy ≥ ``threshold``.

    Windows start at the first interval's start and every ``step_seconds`` after it, and the
    last one ends at the last interval's end; a window counts when at least ``min_ready_share``
    of it was ready time. Busy and ready seconds in each window are exact (cumulative sums
    interpolated at the window's edges); only where windows may start is rounded to the step,
    so a stretch's edges are good to ``step_seconds``. Overlapping qualifying windows make one
    stretch, from the first ready moment in them to the last, even when a window between two
    runs of them dipped just under the threshold: one busy morning is one prompt, not two
    overlapping ones. Its ``figure`` is the occupancy over the whole stretch.
    """
    ordered = sorted(intervals, key=lambda i: i.start)
    if not ordered:
        return ()
    timeline = _Timeline.of(ordered)
    starts = _window_starts(timeline.times, window_seconds, step_seconds)
    busy, ready = timeline.busy_and_ready(starts, starts + window_seconds)
    tolerance = 1e-9 * window_seconds  # 0.9 × 7200 is 6480.000000000001 in floating point
    enough = (ready >= min_ready_share * window_seconds - tolerance) & (ready > 0)
    sustained = enough & (busy >= threshold * ready - tolerance)
    spans = [(starts[a], starts[b] + window_seconds) for a, b in _runs_of_true(sustained)]
    return tuple(
        _occupancy_signal(timeline, start, end, threshold) for start, end in _merged(spans)
    )


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Time-ordered spans with those that overlap or touch joined.

    >>> _merged([(0.0, 10.0), (5.0, 12.0), (20.0, 30.0)])
    [(0.0, 12.0), (20.0, 30.0)]
    """
    joined: list[tuple[float, float]] = []
    for start, end in spans:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


@dataclass(frozen=True)
class _Timeline:
    """An agent's intervals as seconds since the epoch, with the seconds spent busy and ready
    up to any moment: each rises across the intervals in its states and is flat between them."""

    times: NDArray[np.float64]
    """One row per interval, sorted: start, end."""
    ready_mask: NDArray[np.bool_]
    busy_spent: tuple[NDArray[np.float64], NDArray[np.float64]]
    ready_spent: tuple[NDArray[np.float64], NDArray[np.float64]]

    @classmethod
    def of(cls, ordered: Sequence[StateInterval]) -> "_Timeline":
        times = np.array([(_seconds(i.start), _seconds(i.end)) for i in ordered])
        busy = np.array([i.state in BUSY for i in ordered])
        ready = np.array([i.state in READY for i in ordered])
        return cls(times, ready, _spent(times[busy]), _spent(times[ready]))

    def busy_and_ready(
        self, start: NDArray[np.float64], end: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Seconds busy and seconds ready within each [start, end)."""
        return _between(self.busy_spent, start, end), _between(self.ready_spent, start, end)

    def ready_span(self, start: float, end: float) -> tuple[float, float]:
        """[start, end] narrowed to the ready time inside it: a stretch's last windows can reach
        into the lunch that followed it, and its first into the time before the agent started."""
        ready = self.times[self.ready_mask]
        inside = ready[(ready[:, 1] > start) & (ready[:, 0] < end)]
        return max(start, float(inside[:, 0].min())), min(end, float(inside[:, 1].max()))


def _spent(times: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The corners of the seconds spent in non-overlapping, sorted ``times`` up to any moment."""
    if not len(times):
        return np.zeros(1), np.zeros(1)
    before = np.concatenate(([0.0], np.cumsum(times[:, 1] - times[:, 0])))
    return times.ravel(), np.column_stack((before[:-1], before[1:])).ravel()


def _between(
    spent: tuple[NDArray[np.float64], NDArray[np.float64]],
    start: NDArray[np.float64],
    end: NDArray[np.float64],
) -> NDArray[np.float64]:
    edges, corners = spent
    return np.asarray(np.interp(end, edges, corners) - np.interp(start, edges, corners))


def _window_starts(times: NDArray[np.float64], window: float, step: float) -> NDArray[np.float64]:
    first, last = float(times[0, 0]), float(times[:, 1].max())
    if last - first < window:
        return np.empty(0)
    return np.unique(np.append(np.arange(first, last - window, step), last - window))


def _runs_of_true(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """First and last index of each run of consecutive True values.

    >>> _runs_of_true(np.array([False, True, True, False, True]))
    [(1, 2), (4, 4)]
    """
    padded = np.concatenate(([False], mask, [False])).astype(np.int8)
    changes = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b) - 1) for a, b in zip(changes[0::2], changes[1::2], strict=True)]


def _occupancy_signal(timeline: _Timeline, start: float, end: float, threshold: float) -> Signal:
    start, end = timeline.ready_span(start, end)
    busy, ready = (float(s[0]) for s in timeline.busy_and_ready(np.array([start]), np.array([end])))
    message = (
        f"Occupancy stayed at {threshold:.0%} or more for {_duration(end - start)} "
        f"({busy / ready:.0%} overall). Worth asking how the day felt."
    )
    return Signal(Kind.SUSTAINED_OCCUPANCY, busy / ready, message, _datetime(start), _datetime(end))


# Runs without a break -----------------------------------------------------------------------


def long_runs_without_break(
    intervals: Iterable[StateInterval], *, max_seconds: float = MAX_RUN,
    min_break_seconds: float = MIN_BREAK,
) -> tuple[Signal, ...]:  # fmt: skip
    """Runs of work longer than ``max_seconds`` with no break of ``min_break_seconds`` or more.

    Work is time available, on a contact, in wrap-up or logged in. A break is any time between
    two stretches of work, whatever fills it: a break, lunch, training, a meeting, coaching,
    being offline, or no record at all, and a break state followed by a meeting counts as one
    pause. A pause shorter than ``min_break_seconds`` does not end a run and is counted in its
    length (the run's elapsed time), since it gave little rest.
    """
    work = sorted((i for i in intervals if i.state in WORKING), key=lambda i: i.start)
    runs: list[tuple[datetime, datetime]] = []
    for interval in work:
        if runs and (interval.start - runs[-1][1]).total_seconds() < min_break_seconds:
            runs[-1] = (runs[-1][0], max(runs[-1][1], interval.end))
        else:
            runs.append((interval.start, interval.end))
    return tuple(
        _run_signal(start, end, min_break_seconds)
        for start, end in runs
        if (end - start).total_seconds() > max_seconds
    )


def _run_signal(start: datetime, end: datetime, min_break: float) -> Signal:
    length = (end - start).total_seconds()
    message = (
        f"Worked {_duration(length)} without a break of {_duration(min_break)} or more. Worth "
        "asking whether breaks are getting squeezed, and what would help."
    )
    return Signal(Kind.LONG_RUN, length, message, start, end)


# Difficult contacts -------------------------------------------------------------------------


def difficult_counts(contacts: Iterable[HandledContact]) -> DifficultCounts:
    """How many contacts were handled, how many were difficult, and of which kinds.

    >>> difficult_counts([HandledContact(complaint=True, escalated=True), HandledContact()])
    DifficultCounts(handled=2, difficult=1, complaints=1, escalations=1, very_low_csat=0)
    """
    handled = list(contacts)
    return DifficultCounts(
        handled=len(handled),
        difficult=sum(c.difficult for c in handled),
        complaints=sum(c.complaint for c in handled),
        escalations=sum(c.escalated for c in handled),
        very_low_csat=sum(c.csat_very_low for c in handled),
    )


def difficult_contact_share(
    contacts: Iterable[HandledContact], *, threshold: float = DIFFICULT_THRESHOLD,
    min_contacts: int = MIN_CONTACTS,
) -> Signal | None:  # fmt: skip
    """A signal when at least ``threshold`` of the handled contacts were difficult (a complaint,
    an escalation or a very low CSAT, each contact counted once) and at least ``min_contacts``
    were handled; None otherwise."""
    counts = difficult_counts(contacts)
    share = counts.difficult / max(counts.handled, 1)
    if not counts.difficult or counts.handled < min_contacts or share < threshold - 1e-12:
        return None
    kinds = [
        _count(counts.complaints, "complaint"),
        _count(counts.escalations, "escalation"),
        _count(counts.very_low_csat, "very low CSAT score"),
    ]
    message = (
        f"{counts.difficult} of {counts.handled} contacts ({share:.0%}) were difficult: "
        f"{', '.join(k for k in kinds if k)}. Worth asking how these contacts felt and whether "
        "support would help."
    )
    return Signal(Kind.DIFFICULT_CONTACTS, share, message, counts=counts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}" if n else ""


# Time ---------------------------------------------------------------------------------------


def _seconds(moment: datetime) -> float:
    return (moment - _EPOCH).total_seconds()


def _datetime(seconds: float) -> datetime:
    return _EPOCH + timedelta(seconds=seconds)


def _duration(seconds: float) -> str:
    """A length of time as people say it, to the minute.

    >>> _duration(9000), _duration(7200), _duration(300), _duration(3660)
    ('2 h 30 min', '2 h', '5 min', '1 h 1 min')
    """
    hours, minutes = divmod(round(seconds / 60), 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else ""]
    return " ".join(p for p in parts if p) or "0 min"
