"""Independent replications and Student-t confidence intervals for every queue statistic.

Replication ``r`` runs with the ``r``-th child of ``numpy.random.SeedSequence(seed)``, so the
replications are independent and the whole set is reproducible from one seed.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

import numpy as np

from switchboard.domain.queueing.simulation.engine import simulate
from switchboard.domain.queueing.simulation.model import Model
from switchboard.domain.queueing.simulation.summary import QueueStats, summarise

_EPS = 1e-15


def _beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 500):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < _EPS:
            break
    return h


def _beta_regularised(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom.

    >>> round(t_cdf(2.0, 10), 6)
    0.963306
    """
    tail = 0.5 * _beta_regularised(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (bisection on :func:`t_cdf`; no SciPy needed).

    >>> round(t_quantile(0.995, 9), 4)
    3.2498
    """
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError(f"t_quantile: needs 0 < p < 1 and df > 0, not p={p!r}, df={df!r}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-13 * max(1.0, high):
            break
    return (low + high) / 2.0


@dataclass(frozen=True, slots=True)
class Estimate:
    """A mean over replications and its confidence interval ``[low, high]`` (nan with one run)."""

    mean: float
    low: float
    high: float


def estimate(values: np.typing.ArrayLike, confidence: float = 0.99) -> Estimate:
    """Mean and Student-t interval of independent observations.

    >>> round(estimate([1.0, 2.0, 3.0], 0.95).high, 3)
    4.484
    """
    x = np.asarray(values, dtype=np.float64)
    mean = float(x.mean())
    if len(x) < 2:
        return Estimate(mean, math.nan, math.nan)
    half = t_quantile(0.5 + confidence / 2.0, len(x) - 1) * float(x.std(ddof=1)) / math.sqrt(len(x))
    return Estimate(mean, mean - half, mean + half)


def replicate(
    model: Model,
    replications: int,
    seed: int,
    threshold: float | Mapping[str, float],
    warmup: float = 0.0,
    confidence: float = 0.99,
    progress: Callable[[int], None] | None = None,
) -> dict[str, dict[str, Estimate]]:
    """Every :class:`QueueStats` field's mean and interval, per queue name and for ``"all"``.

    `progress`, when given, is called with the number of replications done after each one.
    """
    if replications < 1:
        raise ValueError(f"replications: must be at least 1, not {replications!r}")
    children = np.random.SeedSequence(seed).spawn(replications)
    runs = []
    for child in children:
        runs.append(summarise(simulate(model, child), threshold, warmup))
        if progress is not None:
            progress(len(runs))
    names = [f.name for f in fields(QueueStats)]
    return {
        queue: {
            name: estimate([getattr(run[queue], name) for run in runs], confidence)
            for name in names
        }
        for queue in runs[0]
    }
