"""The simulated centre: queues, agents and their schedules, as frozen values checked on creation.

Every time is in seconds from the start of the simulation (clock 0); every rate is per second.
A mistake raises ``ValueError`` naming the field, for example ``agents[3].skills: unknown queue
'sales'``.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from switchboard.domain.queueing.simulation.distributions import Patience, ServiceTime

ABSENCE_STATES = ("break", "lunch", "training", "meeting", "coaching")
CHANNELS = ("voice", "email", "chat", "sms", "social", "task")


def _finite(name: str, value: float, *, positive: bool = False) -> None:
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        kind = "positive" if positive else "a non-negative number"
        raise ValueError(f"{name}: must be {kind}, not {value!r}")


def _share(name: str, value: float) -> None:
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name}: must be a share from 0 to 1, not {value!r}")


@dataclass(frozen=True, slots=True)
class CallbackOffer:
    """Offer a callback to a contact still waiting ``after_seconds`` after it arrived.

    It accepts with ``accept_probability``: it then leaves the queue with outcome callback, and a
    new outbound contact with infinite patience joins ``queue`` at that moment.
    """

    after_seconds: float
    accept_probability: float
    queue: str

    def __post_init__(self) -> None:
        _finite("callback.after_seconds", self.after_seconds)
        _share("callback.accept_probability", self.accept_probability)


@dataclass(frozen=True, slots=True)
class Queue:
    """One queue: its arrival rate per interval (per second), handle times and patience.

    ``wrap_share`` is the share of each handle time spent in after-call work;
    ``ivr_self_service_share`` the share of arrivals that finish in the IVR and never queue.
    """

    name: str
    channel: str = "voice"
    arrival_rates: tuple[float, ...] = ()
    service: ServiceTime = field(default_factory=lambda: ServiceTime.exponential(180.0))
    patience: Patience = field(default_factory=Patience.none)
    wrap_share: float = 0.0
    ivr_self_service_share: float = 0.0
    callback: CallbackOffer | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("queue.name: must not be empty")
        if self.channel not in CHANNELS:
            raise ValueError(f"queue.channel: {self.channel!r} is not one of {', '.join(CHANNELS)}")
        object.__setattr__(self, "arrival_rates", tuple(float(r) for r in self.arrival_rates))
        for i, rate in enumerate(self.arrival_rates):
            _finite(f"queue {self.name!r}.arrival_rates[{i}]", rate)
        _share(f"queue {self.name!r}.wrap_share", self.wrap_share)
        _share(f"queue {self.name!r}.ivr_self_service_share", self.ivr_self_service_share)


@dataclass(frozen=True, slots=True)
class Absence:
    """Time away from the phones inside a shift: ``state`` is break, lunch, training, ..."""

    start: float
    end: float
    state: str

    def __post_init__(self) -> None:
        if self.state not in ABSENCE_STATES:
            allowed = ", ".join(ABSENCE_STATES)
            raise ValueError(f"absence.state: {self.state!r} is not one of {allowed}")
        _finite("absence.start", self.start)
        if not (math.isfinite(self.end) and self.end > self.start):
            raise ValueError(f"absence.end: {self.end!r} must be after its start {self.start!r}")


@dataclass(frozen=True, slots=True)
class Shift:
    """A period on duty, ``[start, end)``, with the absences that fall inside it."""

    start: float
    end: float
    absences: tuple[Absence, ...] = ()

    def __post_init__(self) -> None:
        _finite("shift.start", self.start)
        if not (math.isfinite(self.end) and self.end > self.start):
            raise ValueError(f"shift.end: {self.end!r} must be after its start {self.start!r}")
        absences = tuple(sorted(self.absences, key=lambda a: a.start))
        object.__setattr__(self, "absences", absences)
        for i, absence in enumerate(absences):
            if absence.start < self.start or absence.end > self.end:
                raise ValueError(
                    f"shift.absences[{i}]: {absence.start:g}-{absence.end:g} is outside its "
                    f"shift {self.start:g}-{self.end:g}"
                )
            if i and absence.start < absences[i - 1].end:
                raise ValueError(f"shift.absences[{i}]: overlaps the absence before it")


@dataclass(frozen=True, slots=True)
class Agent:
    """An agent: skills map queue name to priority (1 = highest), shifts empty = always on duty.

    ``speed`` multiplies every handle time of this agent (1.2 is 20% slower).
    """

    name: str
    skills: Mapping[str, int]
    speed: float = 1.0
    shifts: tuple[Shift, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("agent.name: must not be empty")
        object.__setattr__(self, "skills", MappingProxyType(dict(self.skills)))
        if not self.skills:
            raise ValueError(f"agent {self.name!r}.skills: needs at least one queue")
        for queue, priority in self.skills.items():
            if isinstance(priority, bool) or not isinstance(priority, int) or priority < 1:
                raise ValueError(
                    f"agent {self.name!r}.skills[{queue!r}]: priority must be a whole number >= 1"
                )
        _finite(f"agent {self.name!r}.speed", self.speed, positive=True)
        shifts = tuple(sorted(self.shifts, key=lambda s: s.start))
        object.__setattr__(self, "shifts", shifts)
        for i in range(1, len(shifts)):
            if shifts[i].start < shifts[i - 1].end:
                raise ValueError(f"agent {self.name!r}.shifts[{i}]: overlaps the shift before it")


@dataclass(frozen=True, slots=True)
class Model:
    """A whole centre. ``horizon_seconds`` defaults to the length of the longest rate profile.

    Arrivals happen in ``[0, horizon)``; an interval past the end of a queue's rates has rate 0.
    """

    queues: tuple[Queue, ...]
    agents: tuple[Agent, ...]
    interval_seconds: float = 900.0
    horizon_seconds: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "queues", tuple(self.queues))
        object.__setattr__(self, "agents", tuple(self.agents))
        _finite("interval_seconds", self.interval_seconds, positive=True)
        if not self.queues:
            raise ValueError("queues: a model needs at least one queue")
        if not self.agents:
            raise ValueError("agents: a model needs at least one agent")
        _unique("queues", [q.name for q in self.queues])
        _unique("agents", [a.name for a in self.agents])
        if self.horizon_seconds is None:
            longest = max(len(q.arrival_rates) for q in self.queues)
            object.__setattr__(self, "horizon_seconds", longest * self.interval_seconds)
        _finite("horizon_seconds", self.horizon, positive=True)
        # Floats always: an int here would make numba compile the kernel a second time.
        object.__setattr__(self, "interval_seconds", float(self.interval_seconds))
        object.__setattr__(self, "horizon_seconds", float(self.horizon))
        self._check_references()

    @property
    def horizon(self) -> float:
        assert self.horizon_seconds is not None  # set in __post_init__
        return self.horizon_seconds

    @property
    def queue_names(self) -> tuple[str, ...]:
        return tuple(q.name for q in self.queues)

    def _check_references(self) -> None:
        names = set(self.queue_names)
        for i, queue in enumerate(self.queues):
            if queue.callback is not None and queue.callback.queue not in names:
                raise ValueError(
                    f"queues[{i}].callback.queue: unknown queue {queue.callback.queue!r}"
                )
        for i, agent in enumerate(self.agents):
            unknown = sorted(set(agent.skills) - names)
            if unknown:
                raise ValueError(f"agents[{i}].skills: unknown queue {unknown[0]!r}")
            for j, shift in enumerate(agent.shifts):
                if shift.start >= self.horizon:
                    raise ValueError(
                        f"agent {agent.name!r}: shift {j + 1} starts at {shift.start:g} s, at or "
                        f"after the end of the run ({self.horizon:g} s); shift times count from "
                        "the start of the run, not the time of day"
                    )


def _unique(name: str, values: Sequence[str]) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{name}[{i}].name: {value!r} is used twice")
        seen.add(value)
