"""Independent replications and Student-t confidence intervals for every queue statistic.

Replication ``r`` runs with the ``r``-th child of ``numpy.random.SeedSequence(seed)``, so the
replications are independent and the whole set is reproducible from one seed.
"""

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

import numpy as np
from scipy.stats import t as student_t

from switchboard.domain.queueing.simulation.engine import simulate
from switchboard.domain.queueing.simulation.model import Model
from switchboard.domain.queueing.simulation.summary import QueueStats, summarise


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (SciPy's).

    >>> round(t_quantile(0.995, 9), 4)
    3.2498
    """
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError(f"t_quantile: needs 0 < p < 1 and df > 0, not p={p!r}, df={df!r}")
    return float(student_t.ppf(p, df))


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
