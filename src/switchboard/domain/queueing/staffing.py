"""Staffing a whole run of intervals at once, and grossing net staff up for shrinkage.

Each interval is treated as its own steady state (the usual planning assumption): the arrival
rate and AHT of a 15-minute interval set its staff, independently of the intervals around it.
Rates are per second and times in seconds.
"""

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from switchboard.domain.queueing._kernels import erlang_c_staffing
from switchboard.domain.queueing.erlang import ErlangB, check_targets
from switchboard.domain.queueing.erlang_a import ErlangA
from switchboard.domain.queueing.metrics import check_share

Model = Literal["b", "c", "a"]


def gross_up(net: float, shrinkage: float) -> float:
    """Staff to schedule so that `net` remain after shrinkage: gross = net ÷ (1 − shrinkage).

    Shrinkage is the share of paid time not available for contacts (breaks, training, absence).

    >>> gross_up(45, 0.3)  # 45 on the phones need 64.3 rostered
    64.28571428571429
    """
    check_share("shrinkage", shrinkage, allow_one=False)
    if not (math.isfinite(net) and net >= 0):
        raise ValueError(f"net staff must be a number ≥ 0, got {net}")
    return net / (1 - shrinkage)


@dataclass(frozen=True)
class IntervalStaffing:
    """Staff per interval: `net` agents on contacts, `gross` to roster once shrinkage is added.

    `gross` is left unrounded so that summing it over intervals gives paid hours exactly; round
    it up when turning one interval into a headcount.
    """

    net: npt.NDArray[np.int64]
    gross: npt.NDArray[np.float64]


def staff_intervals(
    arrival_rates: npt.ArrayLike,
    ahts: npt.ArrayLike,
    *,
    model: Model = "c",
    patience: float | None = None,
    target_sl: float | None = None,
    threshold: float | None = None,
    target_asa: float | None = None,
    max_occupancy: float | None = None,
    target_blocking: float | None = None,
    shrinkage: float = 0.0,
) -> IntervalStaffing:
    """Required agents for every interval, from arrays of arrival rates (per second) and AHTs.

    Erlang C runs as one compiled loop over the intervals; Erlang A and B search each interval
    with their scalar models. Targets are those of the models' `required_agents`.

    >>> week = staff_intervals([10 / 180, 0.0, 0.2], [180.0, 180.0, 240.0], target_sl=0.8,
    ...                        threshold=20, shrinkage=0.25)
    >>> week.net.tolist(), week.gross.round(2).tolist()
    ([14, 0, 54], [18.67, 0.0, 72.0])
    """
    rates = np.asarray(arrival_rates, dtype=np.float64)
    handle = np.broadcast_to(np.asarray(ahts, dtype=np.float64), rates.shape)
    _check_arrays(rates, handle)
    check_share("shrinkage", shrinkage, allow_one=False)
    if model != "b" and target_blocking is not None:
        raise ValueError("target_blocking is a target of Erlang B only")
    if model == "b" and (target_sl, threshold, target_asa) != (None, None, None):
        raise ValueError("Erlang B takes target_blocking (and max_occupancy) only")
    if model == "c":
        check_targets(target_sl, threshold, target_asa, max_occupancy)
        net = erlang_c_staffing(
            rates * handle,
            np.ascontiguousarray(handle),
            *_or_nan(target_sl, threshold, target_asa, max_occupancy),
        )
    elif model == "a":
        if patience is None:
            raise ValueError("Erlang A needs patience, the customers' mean patience in seconds")
        net = np.array(
            [
                ErlangA(float(rate), float(aht), patience).required_agents(
                    target_sl=target_sl,
                    threshold=threshold,
                    target_asa=target_asa,
                    max_occupancy=max_occupancy,
                )
                for rate, aht in zip(rates, handle, strict=True)
            ],
            dtype=np.int64,
        )
    elif model == "b":
        net = np.array(
            [
                ErlangB(float(rate), float(aht)).required_agents(
                    target_blocking=target_blocking, max_occupancy=max_occupancy
                )
                for rate, aht in zip(rates, handle, strict=True)
            ],
            dtype=np.int64,
        )
    else:
        raise ValueError(f"model must be 'b', 'c' or 'a', got {model!r}")
    return IntervalStaffing(net=net, gross=net / (1 - shrinkage))


def _check_arrays(rates: npt.NDArray[np.float64], handle: npt.NDArray[np.float64]) -> None:
    if rates.ndim != 1:
        raise ValueError("arrival_rates must be a one-dimensional sequence, one rate per interval")
    if not np.all(np.isfinite(rates)) or np.any(rates < 0):
        raise ValueError("arrival_rates must all be finite numbers ≥ 0 per second")
    if not np.all(np.isfinite(handle)) or np.any(handle <= 0):
        raise ValueError("ahts must all be finite numbers of seconds > 0")


def _or_nan(*values: float | None) -> tuple[float, ...]:
    """The compiled loop takes NaN for a target that is not set."""
    return tuple(math.nan if value is None else float(value) for value in values)
