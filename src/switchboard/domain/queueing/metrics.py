"""What a queueing model says about one staffing level, and the search for the right level."""

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class QueueMetrics:
    """A model's answer for one number of agents. Times in seconds, shares from 0 to 1.

    - `service_level`: share of all arriving contacts answered within the threshold. Contacts
      that abandon (Erlang A) or are blocked (Erlang B) count as not answered.
    - `service_level_answered`: share of answered contacts answered within the threshold.
    - `asa`: average speed of answer, the mean wait of answered contacts.
    - `wait_probability`: share of arrivals that find every agent busy.
    - `abandon_probability`: share of arrivals that give up waiting (0 without patience).
    - `occupancy`: share of the agents' time spent handling contacts.
    - `blocking_probability`: Erlang B only, share of arrivals turned away.
    - `mean_abandon_time`: Erlang A only, mean wait of those who abandon.
    """

    agents: int
    threshold: float
    service_level: float
    service_level_answered: float
    asa: float
    wait_probability: float
    abandon_probability: float
    occupancy: float
    blocking_probability: float | None = None
    mean_abandon_time: float | None = None


@dataclass(frozen=True)
class OfferedTraffic:
    """Contacts arriving at ``arrival_rate`` per second, each taking ``aht`` seconds on average."""

    arrival_rate: float
    aht: float

    def __post_init__(self) -> None:
        check_rate_and_aht(self.arrival_rate, self.aht)

    @property
    def load(self) -> float:
        """Offered load in Erlangs: arrival rate × AHT."""
        return self.arrival_rate * self.aht


def check_rate_and_aht(arrival_rate: float, aht: float) -> None:
    if not (math.isfinite(arrival_rate) and arrival_rate >= 0):
        raise ValueError(f"arrival_rate must be a finite number ≥ 0 per second, got {arrival_rate}")
    if not (math.isfinite(aht) and aht > 0):
        raise ValueError(f"aht must be a finite number of seconds > 0, got {aht}")


def check_agents(agents: int) -> None:
    if isinstance(agents, bool) or not isinstance(agents, int) or agents < 0:
        raise ValueError(f"agents must be a whole number ≥ 0, got {agents!r}")


def check_threshold(threshold: float) -> None:
    if not (math.isfinite(threshold) and threshold >= 0):
        raise ValueError(f"threshold must be a number of seconds ≥ 0, got {threshold}")


def check_share(name: str, value: float | None, *, allow_one: bool = True) -> None:
    if value is None:
        return
    upper_ok = value <= 1 if allow_one else value < 1
    if not (math.isfinite(value) and value >= 0 and upper_ok):
        bound = "1" if allow_one else "below 1"
        raise ValueError(f"{name} must be a share from 0 to {bound}, got {value}")


# No centre staffs a single queue with more agents than this; a target that needs more is
# unreachable (an ASA of zero, say), and the search says so instead of running for ever.
MAX_AGENTS = 10_000_000


def smallest_agents(meets: Callable[[int], bool], start: int) -> int:
    """The smallest n ≥ 0 with meets(n), for a condition that stays true once it holds.

    Gallops away from `start` in doubling steps until the answer is bracketed, then bisects, so
    a good first guess costs a handful of evaluations and a poor one only a logarithm more.
    """
    step = 1
    if meets(start):
        high = start
        while True:
            if high == 0:
                return 0
            low = max(high - step, 0)
            if not meets(low):
                break
            high, step = low, step * 2
    else:
        low = start
        while True:
            high = low + step
            if high > MAX_AGENTS:
                raise ValueError("the target cannot be met with any number of agents")
            if meets(high):
                break
            low, step = high, step * 2
    while high - low > 1:
        middle = (low + high) // 2
        if meets(middle):
            high = middle
        else:
            low = middle
    return high
