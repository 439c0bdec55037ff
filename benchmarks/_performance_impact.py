"""The impact review (Plan-Do-Review) timed against the textbook bootstrap, for a benchmark script.

    cd benchmarks && ../.venv/bin/python _performance_impact.py

The target: one review over 50,000 contacts with 2,000 bootstrap resamples in 1 s or less. The
baseline is the bootstrap as the textbooks write it: for each group, 2,000 times
``rng.choice(values, size=n, replace=True).mean()``, then the percentile interval of the effect.
Both run in this process, one after the other. Our first review is reported apart: it compiles
the numba kernel, or loads it from numba's disk cache when that is warm (it says which; set
``NUMBA_CACHE_DIR`` to an empty folder to see a compile).
Timings are printed, never asserted: the machines are shared and noisy.
"""

import os
import statistics
import time
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

import numpy as np
import numpy.typing as npt

from switchboard.domain.kpi import Better, Unit
from switchboard.domain.performance import impact

CONTACTS = 50_000
RESAMPLES = 2_000
TARGET = 1.0  # seconds for one review
REPEATS = 5  # of ours; the baseline runs BASELINE_REPEATS times
BASELINE_REPEATS = 3
SIGMA = 0.5  # log-scale spread of handle times (a coefficient of variation of 0.53)

Values = npt.NDArray[np.float64]


def handle_times(rng: np.random.Generator, mean: float, contacts: int) -> Values:
    """Lognormal handle times in seconds whose true mean is `mean`."""
    return rng.lognormal(np.log(mean) - SIGMA**2 / 2, SIGMA, contacts)


def groups(controlled: bool) -> list[Values]:
    """50,000 contacts: the team before and after a change that cuts AHT by 10%, and with a
    control group, a control group over the same periods whose AHT rose 3% on its own."""
    rng = np.random.default_rng(2024)
    if not controlled:
        half = CONTACTS // 2
        return [handle_times(rng, 400.0, half), handle_times(rng, 360.0, half)]
    quarter = CONTACTS // 4
    means = (400.0, 400.0 * 0.9 * 1.03, 380.0, 380.0 * 1.03)
    return [handle_times(rng, mean, quarter) for mean in means]


def ours(data: list[Values]) -> impact.Impact:
    control = data[2:] if len(data) == 4 else [None, None]
    return impact.review_impact(data[0], data[1], better=Better.LOWER, seed=7, resamples=RESAMPLES,
                                control_before=control[0], control_after=control[1])  # fmt: skip


def textbook(data: list[Values]) -> tuple[float, float]:
    """The 95% percentile interval of the relative effect, resampling as the textbooks do."""
    rng = np.random.default_rng(7)
    means = [
        np.array([rng.choice(g, size=g.size, replace=True).mean() for _ in range(RESAMPLES)])
        for g in data
    ]
    ratio = means[1] / means[0] if len(data) == 2 else (means[1] * means[2]) / (means[0] * means[3])
    low, high = np.quantile(ratio - 1, [0.025, 0.975])
    return float(low), float(high)


def timings(fn: Callable[[], Any], repeats: int) -> tuple[list[float], Any]:
    """Wall seconds of each of `repeats` calls, and the last result."""
    seconds, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def first_review() -> str:
    """Times this process's first review (2 groups, 50,000 contacts), which readies the kernel."""
    data = groups(controlled=False)
    started = time.perf_counter()
    ours(data)
    seconds = time.perf_counter() - started
    cached = impact._resampled_means_kernel.stats.cache_hits
    how = "loaded from numba's disk cache" if cached else "compiled: the disk cache was cold"
    return f"first review in this process (kernel {how}): {seconds * 1000:,.0f} ms"


def case_figures(controlled: bool) -> list[str]:
    data = groups(controlled)
    mine, result = timings(lambda: ours(data), REPEATS)
    theirs, (low, high) = timings(lambda: textbook(data), BASELINE_REPEATS)
    best, baseline = min(mine), min(theirs)
    label = "4 groups, with a control group" if controlled else "2 groups, before and after"
    return [
        f"{label} ({' + '.join(f'{g.size:,}' for g in data)} contacts, {RESAMPLES:,} resamples):",
        f"  Switchboard best {best * 1000:,.1f} ms, median {statistics.median(mine) * 1000:,.1f} ms "
        f"of {REPEATS} ({'met' if best <= TARGET else 'NOT MET'}: target ≤ {TARGET:.0f} s)",
        f"  textbook rng.choice loop best {baseline * 1000:,.0f} ms of {BASELINE_REPEATS}; "
        f"speed-up {baseline / best:,.1f}×",
        f"  95% CI: Switchboard {result.relative.low:+.4f} to {result.relative.high:+.4f}, "
        f"textbook {low:+.4f} to {high:+.4f} (other random streams: equal up to noise)",
        f"  {impact.sentence(result, title='AHT', unit=Unit.SECONDS)}",
    ]  # fmt: skip


def impact_figures() -> list[str]:
    """Printable lines: the machine, the first call, then both cases against the baseline."""
    lines = [
        f"impact review: {os.cpu_count()} cores, numpy {np.__version__}, numba {version('numba')}",
        first_review(),
    ]
    for controlled in (False, True):
        lines += case_figures(controlled)
    return lines


if __name__ == "__main__":
    print("\n".join(impact_figures()))
