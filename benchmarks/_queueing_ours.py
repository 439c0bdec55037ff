"""Switchboard's side of `benchmarks/queueing.py`: the week, the Erlang A search, the simulators.

Everything here runs in the project venv. Numba compiles on first call, so every measure makes
one call first and reports its time apart (it is a one-off per process, not per call).
"""

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from switchboard.domain.queueing.erlang_a import ErlangA
from switchboard.domain.queueing.simulation import (
    ABANDONED,
    Agent,
    Model,
    Patience,
    Queue,
    ServiceTime,
    simulate,
)
from switchboard.domain.queueing.staffing import staff_intervals

INTERVAL = 900.0
TARGET_SL, THRESHOLD = 0.8, 20.0


def week_curve() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """A week of 672 quarter hours for a centre open around the clock: arrival rates per second
    and AHTs in seconds.

    The day has a morning peak near 10:30 and a smaller one near 15:00 over a quiet night;
    Monday is the busiest day and the weekend runs at about half. AHT is longer at night, when
    fewer, harder calls come in. About 49,000 calls a week, 300 in the Monday peak quarter hour
    (87 Erlangs): staffing runs from 3 agents at night to 94, as in a mid-sized centre.
    """
    hours = np.arange(96) / 4 + 1 / 8  # the middle of each quarter hour
    morning = np.exp(-(((hours - 10.5) / 2.2) ** 2))
    afternoon = 0.8 * np.exp(-(((hours - 15.0) / 2.5) ** 2))
    day = 0.03 + morning + afternoon  # calls never stop entirely at night
    days = np.array([1.15, 1.05, 1.0, 1.0, 0.95, 0.55, 0.45])  # Monday ... Sunday
    calls_at_peak = 300.0  # per quarter hour, on a Monday peak
    rates = np.concatenate([d * day for d in days]) / day.max() / 1.15 * calls_at_peak / INTERVAL
    aht = 260.0 + 60.0 * (1.0 - day / day.max())  # 260 s at the peak, 320 s deep at night
    return rates, np.tile(aht, 7)


def time_calls(fn: Callable[[], Any], repeats: int) -> tuple[float, list[float], Any]:
    """Seconds of the first call, every later call, and the last result."""
    started = time.perf_counter()
    result = fn()
    first = time.perf_counter() - started
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - started)
    return first, timings, result


@dataclass(frozen=True)
class Timed:
    first: float
    median: float
    best: float
    result: Any


def timed(fn: Callable[[], Any], repeats: int) -> Timed:
    first, timings, result = time_calls(fn, repeats)
    return Timed(first, statistics.median(timings), min(timings), result)


def staff_week(
    rates: npt.NDArray[np.float64], ahts: npt.NDArray[np.float64], repeats: int
) -> Timed:
    return timed(
        lambda: staff_intervals(rates, ahts, target_sl=TARGET_SL, threshold=THRESHOLD).net, repeats
    )


def erlang_a_search(erlangs: float, aht: float, patience: float, repeats: int) -> Timed:
    model = ErlangA(arrival_rate=erlangs / aht, aht=aht, patience=patience)
    return timed(lambda: model.required_agents(target_sl=TARGET_SL, threshold=THRESHOLD), repeats)


def erlang_a_level(erlangs: float, aht: float, patience: float, agents: int) -> float:
    """Our service level where pyworkforce evaluated its own, to check the two agree."""
    model = ErlangA(arrival_rate=erlangs / aht, aht=aht, patience=patience)
    return model.metrics(agents, THRESHOLD).service_level


# --- simulators ---------------------------------------------------------------------------


def seconds(hours: float) -> float:
    """The horizon as a float: an int horizon reaches the compiled kernel as another type and
    makes numba compile it a second time, inside the timed runs."""
    return float(hours) * 3600.0


def single_queue(system: dict[str, Any], hours: float) -> Model:
    """The system of the SimPy baseline: one queue, c agents, exponential service and patience."""
    intervals = int(np.ceil(hours * 3600 / INTERVAL))
    queue = Queue(
        "calls",
        "voice",
        arrival_rates=(system["arrival_rate"],) * intervals,
        service=ServiceTime.exponential(system["aht"]),
        patience=Patience.exponential(system["patience"]),
    )
    agents = tuple(Agent(f"agent{i}", {"calls": 1}) for i in range(system["agents"]))
    return Model((queue,), agents, interval_seconds=INTERVAL, horizon_seconds=seconds(hours))


# Four queues served by three overlapping groups, each group's own queue first (priority 1)
# and a neighbour's second, so calls can overflow along the chain A-B-C-D. About 92% busy.
MULTI_QUEUES = {  # name: (Erlangs, AHT s, mean patience s)
    "A": (40.0, 180.0, 150.0),
    "B": (45.0, 240.0, 240.0),
    "C": (40.0, 300.0, 300.0),
    "D": (35.0, 200.0, 180.0),
}
MULTI_GROUPS = (  # (agents, skills with priorities)
    (50, {"A": 1, "B": 2}),
    (62, {"B": 1, "C": 2}),
    (62, {"C": 1, "D": 2}),
)


def multi_skill(hours: float) -> Model:
    intervals = int(np.ceil(hours * 3600 / INTERVAL))
    queues = tuple(
        Queue(
            name,
            "voice",
            arrival_rates=(erlangs / aht,) * intervals,
            service=ServiceTime.exponential(aht),
            patience=Patience.exponential(patience),
        )
        for name, (erlangs, aht, patience) in MULTI_QUEUES.items()
    )
    agents = tuple(
        Agent(f"g{g}a{i}", skills)
        for g, (size, skills) in enumerate(MULTI_GROUPS)
        for i in range(size)
    )
    return Model(queues, agents, interval_seconds=INTERVAL, horizon_seconds=seconds(hours))


def multi_skill_rate() -> float:
    """Calls per simulated second of the multi-skill model."""
    return sum(erlangs / aht for erlangs, aht, _ in MULTI_QUEUES.values())


@dataclass(frozen=True)
class SimRuns:
    first_seconds: float  # the first, compiling, call on a one-hour model
    calls: list[int]
    cpu_seconds: list[float]
    user_seconds: list[float]  # the CPU time less the kernel's, which varies (see run_simulator)
    abandoned: float  # share of calls abandoned, over every run
    answered_in_time: float  # share of calls answered within THRESHOLD

    @property
    def rates(self) -> list[float]:
        return [c / s for c, s in zip(self.calls, self.cpu_seconds, strict=True)]

    @property
    def median_rate(self) -> float:
        return statistics.median(self.rates)

    @property
    def median_user_rate(self) -> float:
        return statistics.median(c / s for c, s in zip(self.calls, self.user_seconds, strict=True))


def run_simulator(build: Callable[[float], Model], hours: float, repeats: int) -> SimRuns:
    """CPU time of `simulate` alone (the model is built before the clock starts).

    User-mode time is kept apart as well: on the shared VMs the kernel's share (faulting in the
    fresh result arrays) swings from almost nothing to a third of a run, while user time stays
    within a few per cent, so it tells noise from a real change.
    """
    warm = build(1.0)
    started = time.process_time()
    simulate(warm, seed=0)
    first = time.process_time() - started
    calls, seconds, user = [], [], []
    abandoned = in_time = 0
    for i in range(repeats):
        model = build(hours)
        started, user_before = time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
        result = simulate(model, seed=i + 1)
        seconds.append(time.process_time() - started)
        user.append(resource.getrusage(resource.RUSAGE_SELF).ru_utime - user_before.ru_utime)
        calls.append(len(result.contacts_arrival))
        abandoned += int((result.contacts_outcome == ABANDONED).sum())
        in_time += int((result.wait[~np.isnan(result.contacts_answered)] <= THRESHOLD).sum())
    return SimRuns(first, calls, seconds, user, abandoned / sum(calls), in_time / sum(calls))
