"""Erlang B (contacts turned away when every agent is busy) and Erlang C (contacts wait).

Both assume Poisson arrivals at a steady rate, exponential handle times and identical agents
who take contacts first come, first served. Rates are per second and times are in seconds; a
load in Erlangs is arrival rate × AHT. The Erlang B recursion keeps both exact from one agent to
millions (see `_kernels.erlang_b_recursion`).
"""

import math
from dataclasses import dataclass

from switchboard.domain.queueing._kernels import erlang_b_recursion
from switchboard.domain.queueing.metrics import (
    OfferedTraffic,
    QueueMetrics,
    check_agents,
    check_share,
    check_threshold,
    smallest_agents,
)


@dataclass(frozen=True)
class ErlangB(OfferedTraffic):
    """Erlang B (M/M/n/n): a contact that finds every agent busy is lost, never queued.

    Fits trunk sizing and channels without a queue. Nobody waits, so the service level is the
    share not blocked, whatever the threshold.

    >>> model = ErlangB(arrival_rate=10 / 180, aht=180)  # 10 Erlangs
    >>> round(model.blocking_probability(17), 6)
    0.012949
    >>> model.required_agents(target_blocking=0.01)
    18
    """

    def blocking_probability(self, agents: int) -> float:
        check_agents(agents)
        if self.load == 0:  # nobody arrives, so nobody is turned away
            return 0.0
        return float(erlang_b_recursion(self.load, agents))

    def metrics(self, agents: int, threshold: float = 0.0) -> QueueMetrics:
        check_threshold(threshold)
        blocking = self.blocking_probability(agents)
        carried = self.load * (1 - blocking)
        return QueueMetrics(
            agents=agents,
            threshold=threshold,
            service_level=1 - blocking,
            service_level_answered=1.0,
            asa=0.0,
            wait_probability=0.0,
            abandon_probability=0.0,
            occupancy=carried / agents if agents else 0.0,
            blocking_probability=blocking,
        )

    def required_agents(
        self, *, target_blocking: float | None = None, max_occupancy: float | None = None
    ) -> int:
        """The fewest agents whose blocking is at most `target_blocking` (and occupancy at most
        `max_occupancy`, when given)."""
        check_share("target_blocking", target_blocking)
        check_share("max_occupancy", max_occupancy)
        if target_blocking is None and max_occupancy is None:
            raise ValueError("give target_blocking, max_occupancy or both")
        if target_blocking == 0:
            raise ValueError("target_blocking must be above 0: no number of agents blocks nobody")

        if self.load == 0:
            return 0

        def meets(agents: int) -> bool:
            if agents == 0:
                return False
            blocking = self.blocking_probability(agents)
            occupancy = self.load * (1 - blocking) / agents
            return (target_blocking is None or blocking <= target_blocking) and (
                max_occupancy is None or occupancy <= max_occupancy
            )

        return smallest_agents(meets, start=math.floor(self.load))


@dataclass(frozen=True)
class ErlangC(OfferedTraffic):
    """Erlang C (M/M/n): contacts wait in one queue for the next free agent and never give up.

    With no more agents than the load, the queue grows without end: every contact waits, the
    service level is 0 and the ASA infinite. Because nobody abandons, Erlang C overstates the
    staff needed where customers do hang up; `ErlangA` models that.

    >>> model = ErlangC(arrival_rate=10 / 180, aht=180)  # 10 Erlangs, AHT 180 s
    >>> round(model.wait_probability(14), 7)
    0.1741319
    >>> round(model.service_level(14, threshold=20), 5)
    0.88835
    >>> round(model.asa(14), 4)
    7.8359
    >>> model.required_agents(target_sl=0.8, threshold=20)
    14
    """

    def wait_probability(self, agents: int) -> float:
        """Share of contacts that find every agent busy (the Erlang C formula)."""
        check_agents(agents)
        if self.load == 0:  # nobody arrives, so nobody waits
            return 0.0
        if agents <= self.load:
            return 1.0
        blocking = float(erlang_b_recursion(self.load, agents))
        return agents * blocking / (agents - self.load * (1 - blocking))

    def service_level(self, agents: int, threshold: float) -> float:
        """Share of contacts answered within `threshold` seconds: 1 − C·e^(−(n−A)·T÷AHT)."""
        check_threshold(threshold)
        if self.load == 0:
            return 1.0
        if agents <= self.load:
            return 0.0
        decay = math.exp(-(agents - self.load) * threshold / self.aht)
        return 1 - self.wait_probability(agents) * decay

    def asa(self, agents: int) -> float:
        """Average speed of answer in seconds: C·AHT ÷ (n − A)."""
        if self.load == 0:
            return 0.0
        if agents <= self.load:
            check_agents(agents)
            return math.inf
        return self.wait_probability(agents) * self.aht / (agents - self.load)

    def occupancy(self, agents: int) -> float:
        """Share of agent time spent on contacts: A ÷ n, at most 1."""
        check_agents(agents)
        return min(self.load / agents, 1.0) if agents else 0.0

    def metrics(self, agents: int, threshold: float) -> QueueMetrics:
        service_level = self.service_level(agents, threshold)
        return QueueMetrics(
            agents=agents,
            threshold=threshold,
            service_level=service_level,
            service_level_answered=service_level,
            asa=self.asa(agents),
            wait_probability=self.wait_probability(agents),
            abandon_probability=0.0,
            occupancy=self.occupancy(agents),
        )

    def required_agents(
        self,
        *,
        target_sl: float | None = None,
        threshold: float | None = None,
        target_asa: float | None = None,
        max_occupancy: float | None = None,
    ) -> int:
        """The fewest agents meeting every target given: service level `target_sl` within
        `threshold` seconds, ASA at most `target_asa` seconds, occupancy at most `max_occupancy`.
        """
        check_targets(target_sl, threshold, target_asa, max_occupancy)

        if self.load == 0:
            return 0

        def meets(agents: int) -> bool:
            if agents <= self.load:
                return False
            if target_sl is not None and self.service_level(agents, threshold or 0.0) < target_sl:
                return False
            if target_asa is not None and self.asa(agents) > target_asa:
                return False
            return max_occupancy is None or self.occupancy(agents) <= max_occupancy

        return smallest_agents(meets, start=math.floor(self.load) + 1)


def check_targets(
    target_sl: float | None,
    threshold: float | None,
    target_asa: float | None,
    max_occupancy: float | None,
) -> None:
    """Refuse a staffing question that has no target or mixes up its parts."""
    if target_sl is None and target_asa is None and max_occupancy is None:
        raise ValueError("give a target: target_sl with threshold, target_asa or max_occupancy")
    if (target_sl is None) != (threshold is None):
        raise ValueError("target_sl and threshold go together: give both or neither")
    check_share("target_sl", target_sl)
    if target_sl == 1:
        raise ValueError(
            "target_sl must be below 1: no number of agents answers every contact in time"
        )
    check_share("max_occupancy", max_occupancy)
    if threshold is not None:
        check_threshold(threshold)
    if target_asa is not None and not (math.isfinite(target_asa) and target_asa > 0):
        raise ValueError(f"target_asa must be a number of seconds > 0, got {target_asa}")
    if max_occupancy == 0:
        raise ValueError("max_occupancy must be above 0")


def erlang_b(load: float, agents: int) -> float:
    """Blocking probability for `load` Erlangs on `agents` servers (the Erlang B formula).

    >>> round(erlang_b(10, 17), 6)
    0.012949
    """
    return ErlangB(arrival_rate=load, aht=1.0).blocking_probability(agents)


def erlang_c(load: float, agents: int) -> float:
    """Probability of waiting for `load` Erlangs on `agents` agents (the Erlang C formula).

    >>> round(erlang_c(10, 14), 7)
    0.1741319
    """
    return ErlangC(arrival_rate=load, aht=1.0).wait_probability(agents)
