"""Who stands out in a team: Tukey's fences on the team's own spread of a KPI.

A value is an outlier when it lies more than 1.5 interquartile ranges outside the middle half of
the team's values (Tukey, *Exploratory Data Analysis*, 1977). The fences come from the team
itself, not from a target, so they flag the unusual rather than the off-target: a team leader
asks "what is different about this person's week?", good or bad. Quartiles are the inclusive
kind (``statistics.quantiles(method="inclusive")``, as Excel's QUARTILE.INC and numpy's
default), and a team needs at least four values before anyone can stand out from it.

>>> fences = tukey_fences([300, 310, 320, 330, 340, 600])
>>> fences
Fences(low=275.0, high=375.0)
>>> [side(v, fences) for v in (300, 600, 250)]
[None, 'high', 'low']
"""

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import quantiles
from typing import Literal

TUKEY_K = 1.5
MIN_VALUES = 4
"""Fewer values than this have no middle half worth the name, so nobody is flagged."""

Side = Literal["low", "high"]


@dataclass(frozen=True)
class Fences:
    low: float
    high: float


def tukey_fences(values: Sequence[float], k: float = TUKEY_K) -> Fences | None:
    """Q1 − k·IQR and Q3 + k·IQR of ``values``; None when there are too few to judge."""
    if len(values) < MIN_VALUES:
        return None
    q1, _, q3 = quantiles(values, n=4, method="inclusive")
    spread = k * (q3 - q1)
    return Fences(q1 - spread, q3 + spread)


def side(value: float | None, fences: Fences | None) -> Side | None:
    """Which fence ``value`` lies beyond, if any."""
    if value is None or fences is None:
        return None
    if value < fences.low:
        return "low"
    if value > fences.high:
        return "high"
    return None
