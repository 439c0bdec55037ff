"""The numerical cores of Erlang B and Erlang A, compiled with numba.

Everything here is a plain loop over ratios of consecutive terms, so nothing overflows or
underflows on the way: no factorials, no powers, no incomplete-gamma functions evaluated
directly. Where a sum can grow past the float range (Erlang A when arrivals outpace the agents),
the running terms are rescaled and the scale is carried as a logarithm.
"""

import math

import numpy as np
import numpy.typing as npt
from numba import njit

_RESCALE_ABOVE = 1e250
_LOG_RESCALE = math.log(1e250)
_TAIL_TOLERANCE = 1e-17


@njit(cache=True)
def erlang_b_recursion(load: float, agents: int) -> float:
    """Erlang B blocking probability for `load` Erlangs offered to `agents` servers.

    Uses the recursion B(0) = 1, B(k) = A·B(k−1) ÷ (k + A·B(k−1)), which is stable for any
    number of servers: each step is a ratio of positive numbers.
    """
    blocking = 1.0
    for k in range(1, agents + 1):
        carried = load * blocking
        blocking = carried / (k + carried)
    return blocking


@njit(cache=True)
def log_series(a: float, z: float) -> float:
    """log F(a, z), where F(a, z) = Σₖ zᵏ ÷ ((a+1)(a+2)…(a+k)), k = 0, 1, 2, …

    F is the confluent series behind the lower incomplete gamma function:
    γ(a, z) = zᵃ e⁻ᶻ F(a, z) ÷ a. Terms rise while z > a + k and then fall faster than a
    geometric series, so the sum stops once the remaining tail is below 1e-17 of it.
    """
    log_scale = 0.0
    term = 1.0
    total = 1.0
    k = 0
    while True:
        k += 1
        ratio = z / (a + k)
        term *= ratio
        total += term
        if total > _RESCALE_ABOVE:
            term /= _RESCALE_ABOVE
            total /= _RESCALE_ABOVE
            log_scale += _LOG_RESCALE
        # Once ratios are below 1 they keep falling, so term × ratio ÷ (1 − ratio) bounds the tail.
        if ratio < 1.0 and term * ratio < _TAIL_TOLERANCE * total * (1.0 - ratio):
            break
    return log_scale + math.log(total)


@njit(cache=True)
def erlang_a_queue_sums(x: float, y: float, theta: float) -> tuple[float, float, float, float]:
    """Sums over the queue length an arrival finds when every agent is busy (Erlang A).

    With x = n·μ÷θ and y = λ÷θ, an arrival that must wait finds k others queued with probability
    wₖ ÷ W, where wₖ = yᵏ ÷ ((x+1)…(x+k)) and W = Σ wₖ. With i others ahead it moves up at rate
    θ(x+i) (an agent frees up or someone ahead gives up) and gives up itself at rate θ, so each
    stage lasts Exp(θ(x+i+1)) whatever ends it. Hence, from k ahead:

    - it is served with probability x ÷ (x+k+1), after a mean wait Σᵢ₌₁ᵏ⁺¹ 1 ÷ (θ(x+i));
    - it abandons with probability (k+1) ÷ (x+k+1), and aₖ = E[wait; abandons] satisfies
      aₖ = mₖ·(k+1)÷(x+k+1) + (x+k)÷(x+k+1)·aₖ₋₁, where mₖ = 1 ÷ (θ(x+k+1)).

    Returns (log W, P(abandon | wait), E[wait; served | wait], E[wait; abandoned | wait]).
    Every sum has positive terms only, so small shares stay exact.
    """
    log_scale = 0.0
    weight = 1.0
    total = 1.0
    stage_mean = 1.0 / (theta * (x + 1.0))
    served_mean = stage_mean  # mean wait before service from k ahead, if served
    abandoned_wait = stage_mean / (x + 1.0)  # a₀
    abandon = 1.0 / (x + 1.0)
    served_wait = x / (x + 1.0) * served_mean
    abandon_wait = abandoned_wait
    k = 0
    while True:
        k += 1
        ratio = y / (x + k)
        weight *= ratio
        stage_mean = 1.0 / (theta * (x + k + 1.0))
        served_mean += stage_mean
        abandon_share = (k + 1.0) / (x + k + 1.0)
        abandoned_wait = stage_mean * abandon_share + (x + k) / (x + k + 1.0) * abandoned_wait
        total += weight
        abandon += weight * abandon_share
        served_wait += weight * x / (x + k + 1.0) * served_mean
        abandon_wait += weight * abandoned_wait
        if total > _RESCALE_ABOVE:
            weight /= _RESCALE_ABOVE
            total /= _RESCALE_ABOVE
            abandon /= _RESCALE_ABOVE
            served_wait /= _RESCALE_ABOVE
            abandon_wait /= _RESCALE_ABOVE
            log_scale += _LOG_RESCALE
        if ratio < 1.0 and weight * ratio < _TAIL_TOLERANCE * total * (1.0 - ratio):
            break
    return (
        log_scale + math.log(total),
        abandon / total,
        served_wait / total,
        abandon_wait / total,
    )


@njit(cache=True)
def erlang_c_staffing(
    loads: npt.NDArray[np.float64],
    ahts: npt.NDArray[np.float64],
    target_sl: float,
    threshold: float,
    target_asa: float,
    max_occupancy: float,
) -> npt.NDArray[np.int64]:
    """Fewest agents per interval meeting every target; a NaN target is not applied.

    For each interval the Erlang B recursion runs up from one agent, and once past the load each
    further agent costs one step, so an interval needing n agents costs O(n) arithmetic.
    """
    agents = np.zeros(loads.shape[0], dtype=np.int64)
    for i in range(loads.shape[0]):
        load = loads[i]
        if load <= 0.0:
            continue
        blocking = 1.0
        n = 0
        while True:
            n += 1
            carried = load * blocking
            blocking = carried / (n + carried)
            if n <= load:
                continue
            wait = n * blocking / (n - load * (1.0 - blocking))
            if target_sl == target_sl:  # not NaN
                decay = math.exp(-(n - load) * threshold / ahts[i])
                if 1.0 - wait * decay < target_sl:
                    continue
            if target_asa == target_asa and wait * ahts[i] / (n - load) > target_asa:
                continue
            if max_occupancy == max_occupancy and load / n > max_occupancy:
                continue
            agents[i] = n
            break
    return agents
