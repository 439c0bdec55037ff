"""Erlang A (M/M/n+M, Palm's model): Erlang C plus customers who give up waiting.

Assumptions: Poisson arrivals at a steady rate λ, exponential handle times with mean AHT = 1/μ,
n identical agents serving one first-come-first-served queue, and each waiting customer's
patience exponential with mean 1/θ, independent of everything else. Rates are per second and
times in seconds.

The results are exact. They come from two facts (Garnett, Mandelbaum and Reiman 2002; Mandelbaum
and Zeltyn 2007):

- the queue length is a birth-death chain, so everything that depends only on the queue an
  arrival finds is a series over that queue (see `_kernels.erlang_a_queue_sums`);
- the offered wait V of an arrival that must wait has the density
  f(t) ∝ exp(λ·(1 − e^(−θt))÷θ − nμt) (Baccelli and Hébuterne 1981), which makes
  P(served, V > T | wait) = γ(x+1, y·e^(−θT)) ÷ (y·γ(x, y)) with x = nμ÷θ, y = λ÷θ and γ the
  lower incomplete gamma function. Both γ's are evaluated as logarithms of their series, so
  nothing underflows at any size (where pyworkforce's `exp` underflows once λ·T passes ~745).

Two service levels are given. `service_level` is the share of *all* arrivals answered within T,
so those who abandon count as not answered (Mandelbaum and Zeltyn's convention, and
pyworkforce's). `service_level_answered` is the share of *answered* contacts answered within T,
which is what most ACD reports call service level when they leave abandons out.
"""

import math
from dataclasses import dataclass

from switchboard.domain.queueing._kernels import erlang_a_queue_sums, erlang_b_recursion, log_series
from switchboard.domain.queueing.erlang import check_targets
from switchboard.domain.queueing.metrics import (
    OfferedTraffic,
    QueueMetrics,
    check_agents,
    check_share,
    check_threshold,
    smallest_agents,
)


@dataclass(frozen=True)
class ErlangA(OfferedTraffic):
    """Erlang A for an arrival rate (per second), AHT and mean patience (both in seconds).

    >>> model = ErlangA(arrival_rate=1000 / 1800, aht=180, patience=180)  # 100 Erlangs
    >>> result = model.metrics(99, threshold=20)  # fewer agents than the load is enough
    >>> round(result.service_level, 4), round(result.abandon_probability, 4)
    (0.8113, 0.045)
    >>> model.required_agents(target_sl=0.8, threshold=20)
    99
    """

    patience: float

    def __post_init__(self) -> None:
        super().__post_init__()
        if not (math.isfinite(self.patience) and self.patience > 0):
            raise ValueError(
                f"patience must be a finite mean in seconds > 0, got {self.patience}; "
                "for customers who never give up use ErlangC"
            )

    def metrics(self, agents: int, threshold: float) -> QueueMetrics:
        check_agents(agents)
        check_threshold(threshold)
        if self.arrival_rate == 0:  # nobody arrives, so nobody waits, whatever the staff
            return QueueMetrics(agents, threshold, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, None, 0.0)
        if agents == 0:
            return self._nobody_answers(threshold)
        theta = 1 / self.patience
        x = agents * self.patience / self.aht
        y = self.arrival_rate * self.patience
        log_w, abandon_if_wait, served_wait_if_wait, abandon_wait_if_wait = erlang_a_queue_sums(
            x, y, theta
        )
        wait = _wait_probability(float(erlang_b_recursion(self.load, agents)), log_w)
        answered_late_if_wait = _answered_late_if_wait(x, y, theta, threshold, log_w)
        abandon = wait * abandon_if_wait
        answered = 1 - abandon
        # Rounding can leave the difference a hair below zero when T is (near) 0.
        answered_in_time_if_wait = max(0.0, 1 - abandon_if_wait - answered_late_if_wait)
        service_level = (1 - wait) + wait * answered_in_time_if_wait
        return QueueMetrics(
            agents=agents,
            threshold=threshold,
            service_level=service_level,
            service_level_answered=service_level / answered,
            asa=wait * served_wait_if_wait / answered,
            wait_probability=wait,
            abandon_probability=abandon,
            occupancy=min(self.arrival_rate * answered * self.aht / agents, 1.0),
            mean_abandon_time=abandon_wait_if_wait / abandon_if_wait,
        )

    def service_level(self, agents: int, threshold: float) -> float:
        return self.metrics(agents, threshold).service_level

    def abandon_probability(self, agents: int) -> float:
        return self.metrics(agents, 0.0).abandon_probability

    def required_agents(
        self,
        *,
        target_sl: float | None = None,
        threshold: float | None = None,
        target_asa: float | None = None,
        max_abandon: float | None = None,
        max_occupancy: float | None = None,
        answered_only: bool = False,
    ) -> int:
        """The fewest agents meeting every target given.

        Targets: service level `target_sl` within `threshold` seconds (of all arrivals, or of
        answered contacts with `answered_only`), ASA at most `target_asa` seconds, abandonment
        at most `max_abandon`, occupancy at most `max_occupancy`. With abandonment, fewer
        agents than the offered load can be enough, so the search looks below it as well.
        """
        if max_abandon is None:
            check_targets(target_sl, threshold, target_asa, max_occupancy)
        else:
            check_share("max_abandon", max_abandon)
            if max_abandon == 0:
                raise ValueError(
                    "max_abandon must be above 0: with patience, someone always abandons"
                )
            check_targets(target_sl, threshold, target_asa, max_occupancy or 1.0)
        if self.load == 0:
            return 0

        def meets(agents: int) -> bool:
            if agents == 0:
                return False
            result = self.metrics(agents, threshold or 0.0)
            level = result.service_level_answered if answered_only else result.service_level
            return (
                (target_sl is None or level >= target_sl)
                and (target_asa is None or result.asa <= target_asa)
                and (max_abandon is None or result.abandon_probability <= max_abandon)
                and (max_occupancy is None or result.occupancy <= max_occupancy)
            )

        return smallest_agents(meets, start=max(math.floor(self.load), 1))

    def _nobody_answers(self, threshold: float) -> QueueMetrics:
        return QueueMetrics(
            agents=0,
            threshold=threshold,
            service_level=0.0,
            service_level_answered=0.0,
            asa=math.inf,
            wait_probability=1.0,
            abandon_probability=1.0,
            occupancy=0.0,
            mean_abandon_time=self.patience,
        )


def _wait_probability(blocking: float, log_w: float) -> float:
    """P(wait) = W·B ÷ (1 + (W − 1)·B), B the Erlang B value, written to survive a huge W."""
    if blocking == 0.0:  # underflowed: so many agents that nobody ever waits
        return 0.0
    odds_against = math.log1p(-blocking) - math.log(blocking) - log_w
    if odds_against > 0:  # the logistic written so that exp never overflows
        return math.exp(-odds_against) / (1 + math.exp(-odds_against))
    return 1 / (1 + math.exp(odds_against))


def _answered_late_if_wait(
    x: float, y: float, theta: float, threshold: float, log_w: float
) -> float:
    """P(served after waiting more than T | wait) = γ(x+1, z) ÷ (y·γ(x, y)), z = y·e^(−θT).

    With γ(a, z) = zᵃ·e⁻ᶻ·F(a, z) ÷ a (see `_kernels.log_series`) and W = F(x, y), this is
    e^(−θT(x+1) + y − z) · x ÷ (x+1) · F(x+1, z) ÷ W, computed as one exponent.
    """
    z = y * math.exp(-theta * threshold)
    exponent = (
        -theta * threshold * (x + 1)
        + y * -math.expm1(-theta * threshold)
        + math.log(x / (x + 1))
        + float(log_series(x + 1, z))
        - log_w
    )
    return math.exp(exponent)
