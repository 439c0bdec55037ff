"""Service-time and patience distributions for the simulator, in seconds.

Each distribution is a frozen value that knows its mean and can draw a NumPy array of samples
from a ``numpy.random.Generator``. Lognormal distributions are given by their own mean and standard
deviation (what a planner measures), not by the parameters of the underlying normal.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Kind = Literal["exponential", "lognormal", "empirical", "none"]


def _draw(
    kind: Kind, mean: float, sd: float, values: tuple[float, ...], rng: np.random.Generator, n: int
) -> FloatArray:
    if kind == "exponential":
        return rng.exponential(mean, n)
    if kind == "lognormal":
        sigma2 = math.log1p((sd / mean) ** 2)
        return rng.lognormal(math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2), n)
    if kind == "empirical":
        return np.asarray(rng.choice(np.asarray(values, dtype=np.float64), n), dtype=np.float64)
    return np.full(n, np.inf)


def _check_mean_sd(field: str, mean: float, sd: float | None = None) -> None:
    if not (math.isfinite(mean) and mean > 0):
        raise ValueError(f"{field}: the mean must be a positive number of seconds, not {mean!r}")
    if sd is not None and not (math.isfinite(sd) and sd > 0):
        raise ValueError(f"{field}: the standard deviation must be positive, not {sd!r}")


@dataclass(frozen=True, slots=True)
class ServiceTime:
    """Handle time (talk plus after-call work) of one contact, in seconds.

    >>> ServiceTime.lognormal(300, 120).mean
    300.0
    >>> ServiceTime.empirical([100, 200, 600]).mean
    300.0
    """

    kind: Kind
    mean: float
    sd: float = 0.0
    values: tuple[float, ...] = ()

    @classmethod
    def exponential(cls, mean: float) -> "ServiceTime":
        _check_mean_sd("service.mean", mean)
        return cls("exponential", float(mean), float(mean))

    @classmethod
    def lognormal(cls, mean: float, sd: float) -> "ServiceTime":
        _check_mean_sd("service.mean", mean, sd)
        return cls("lognormal", float(mean), float(sd))

    @classmethod
    def empirical(cls, values: Sequence[float]) -> "ServiceTime":
        """Resample uniformly, with replacement, from observed handle times."""
        clean = tuple(float(v) for v in values)
        if not clean:
            raise ValueError("service.values: an empirical distribution needs at least one value")
        if any(not (math.isfinite(v) and v > 0) for v in clean):
            raise ValueError("service.values: every handle time must be a positive number")
        return cls("empirical", math.fsum(clean) / len(clean), float(np.std(clean)), clean)

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return _draw(self.kind, self.mean, self.sd, self.values, rng, n)


@dataclass(frozen=True, slots=True)
class Patience:
    """How long a waiting contact is willing to wait before abandoning, in seconds.

    ``Patience.none()`` never abandons: its samples are infinite.

    >>> Patience.none().finite
    False
    """

    kind: Kind
    mean: float = math.inf
    sd: float = 0.0

    @classmethod
    def none(cls) -> "Patience":
        return cls("none")

    @classmethod
    def exponential(cls, mean: float) -> "Patience":
        _check_mean_sd("patience.mean", mean)
        return cls("exponential", float(mean), float(mean))

    @classmethod
    def lognormal(cls, mean: float, sd: float) -> "Patience":
        _check_mean_sd("patience.mean", mean, sd)
        return cls("lognormal", float(mean), float(sd))

    @property
    def finite(self) -> bool:
        return self.kind != "none"

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        return _draw(self.kind, self.mean, self.sd, (), rng, n)
