"""Red, amber and green: how a KPI value stands against its target."""

from dataclasses import dataclass
from enum import StrEnum

from switchboard.domain.kpi.registry import Better


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True)
class Target:
    """Green at ``green`` or better, amber at ``amber`` or better, red beyond.

    "Better" follows the KPI's direction: for service level 0.8/0.7 means green from 80%; for AHT
    300/360 means green up to 300 s.
    """

    green: float
    amber: float

    def check(self, better: Better) -> None:
        if better is Better.HIGHER and self.amber > self.green:
            raise ValueError("for a higher-is-better KPI the amber bound must not exceed green")
        if better is Better.LOWER and self.amber < self.green:
            raise ValueError("for a lower-is-better KPI the amber bound must not be below green")


def rag(value: float | None, target: Target | None, better: Better) -> Rag | None:
    """The status of ``value``; None when there is no value, no target or no direction.

    >>> rag(0.82, Target(green=0.8, amber=0.7), Better.HIGHER)
    <Rag.GREEN: 'green'>
    >>> rag(0.75, Target(green=0.8, amber=0.7), Better.HIGHER)
    <Rag.AMBER: 'amber'>
    >>> rag(400, Target(green=300, amber=360), Better.LOWER)
    <Rag.RED: 'red'>
    """
    if value is None or target is None or better is Better.NEUTRAL:
        return None
    sign = 1 if better is Better.HIGHER else -1
    if sign * value >= sign * target.green:
        return Rag.GREEN
    if sign * value >= sign * target.amber:
        return Rag.AMBER
    return Rag.RED
