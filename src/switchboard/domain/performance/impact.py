"""Plan-Do-Review: the before-and-after impact of an improvement activity on a KPI.

The Review step asks whether the change made a difference. Each group of contacts (the team
before and after the change, and optionally a control group, such as the rest of the centre, over
the same two periods) is given as one value per contact: handle seconds for AHT, 1 or 0 for
resolved first time (FCR), 1 or 0 for a satisfied survey response (CSAT). A group's KPI is the
mean of its values, which is exactly how these KPIs are defined (AHT = handle seconds ÷ handled).

Effect, and what the sentence reports:

* Without a control group: the relative change of the mean, after ÷ before − 1, and the absolute
  change, after − before.
* With a control group: the difference-in-differences. Relative: (after ÷ before) ÷ (control
  after ÷ control before) − 1, the change beyond the control group's own trend. Absolute:
  (after − before) − (control after − control before).

The verdict and :func:`sentence` use the relative effect.

The interval is a percentile bootstrap over contacts. Each group is resampled on its own, with
replacement and at its own size (a stratified bootstrap), and the effect is recomputed for every
resample. The effect is inconclusive when its interval includes no change.

Assumptions, stated because the interval is only as good as they are:

* Contacts are independent. Contacts handled by the same agent are alike, so when only a few
  agents stand behind a group the interval is too narrow.
* Values are non-negative (seconds, 0/1 outcomes, scores on a scale from zero up), so a relative
  change means what it says. Review NPS through its promoter and detractor shares.
* The difference-in-differences assumes that without the change, the team would have followed the
  control group's trend (parallel trends on the relative scale).
* The percentile interval covers a little less than 95% for small, skewed samples. The floor of
  30 contacts per group keeps that shortfall to a point or two.

>>> before = np.repeat([300.0, 400.0, 500.0], 20)  # 60 contacts, mean 400 s
>>> after = np.repeat([270.0, 360.0, 450.0], 20)  # 10% shorter each, mean 360 s
>>> impact = review_impact(before, after, better=Better.LOWER, seed=1)
>>> round(impact.relative.value, 6), impact.verdict
(-0.1, <Verdict.IMPROVED: 'improved'>)
>>> sentence(impact, title="AHT", unit=Unit.SECONDS)
'AHT fell from 400 s to 360 s (−10%, 95% CI −16% to −3%): an improvement.'
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from numba import njit

from switchboard.domain.kpi import Better, Unit

Values = npt.NDArray[np.float64]
Seed = int | np.random.SeedSequence

# --- the bootstrap kernel -----------------------------------------------------------------
# The textbook bootstrap, rng.choice(values, size=n).mean() per resample, costs about 3.7 ns a
# draw on the benchmark machine, and one NumPy index matrix for many resamples is slower still
# (it falls out of cache). At 50,000 contacts and 2,000 resamples that is 100 million draws. Here
# each resample draws its indices from splitmix64 (Steele, Lea and Flood 2014; Java's
# SplittableRandom) seeded from a SeedSequence, and adds up the values as it goes: about 1 ns a
# draw and no index memory. Each resample has its own seed, so the result does not depend on how
# the loop is run. One thread on purpose: numba's parallel loops are not safe across a fork, as in
# a pre-forking web server, and one thread already meets the target ten times over.

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_LOW_32 = np.uint64(0xFFFFFFFF)
_S30, _S27, _S31, _S32 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(32)
_MAX_CONTACTS = 2**32 - 1  # indices come from 32 random bits


def _resampled_means_python(values: Values, seeds: npt.NDArray[np.uint64]) -> Values:
    """The mean of one resample of `values` (with replacement, same size) for each seed."""
    n = np.uint64(values.size)
    # Lemire's method: a draw whose low product word falls below `reject` would favour some
    # indices, so it is drawn again. What remains is exactly uniform on 0 … n − 1.
    reject = (np.uint64(2**32) - n) % n
    means = np.empty(seeds.size)
    for b in range(seeds.size):
        state = seeds[b]
        total = 0.0
        for _ in range(values.size):
            while True:
                state += _GAMMA
                z = (state ^ (state >> _S30)) * _MIX_1
                z = (z ^ (z >> _S27)) * _MIX_2
                product = ((z ^ (z >> _S31)) >> _S32) * n
                if (product & _LOW_32) >= reject:
                    break
            total += values[np.int64(product >> _S32)]
        means[b] = total / values.size
    return means


_resampled_means_kernel = njit(cache=True)(_resampled_means_python)


def resampled_means(values: npt.ArrayLike, *, resamples: int, seed: Seed) -> Values:
    """Bootstrap means of `values`: each resample draws len(values) values with replacement.

    Exact: every resample is a uniform draw with replacement, as ``rng.choice(values,
    size=len(values)).mean()`` would be, from a different random stream. Reproducible for a seed.

    >>> means = resampled_means([1.0, 2.0, 3.0], resamples=4, seed=0)
    >>> means.shape, bool(np.all((means >= 1.0) & (means <= 3.0)))
    ((4,), True)
    """
    data = np.ascontiguousarray(values, dtype=np.float64)
    if data.ndim != 1 or not 0 < data.size <= _MAX_CONTACTS:
        raise ValueError(f"values must be one non-empty row of at most {_MAX_CONTACTS:,}")
    if resamples < 1:
        raise ValueError("at least one resample is needed")
    sequence = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    seeds = sequence.generate_state(resamples, np.uint64).astype(np.uint64, copy=False)
    return np.asarray(_resampled_means_kernel(data, seeds), dtype=np.float64)


# --- the review -------------------------------------------------------------------------


class Verdict(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_CLEAR_CHANGE = "no_clear_change"
    INSUFFICIENT_DATA = "insufficient_data"


@dataclass(frozen=True)
class Estimate:
    """A point estimate and its bootstrap interval (NaN when the data cannot support one)."""

    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Impact:
    """The Review of one improvement: group means (in the KPI's unit), effects and verdict.

    `relative` and `absolute` are the difference-in-differences when a control group was given.
    `reason` says in plain words why the verdict is what it is.
    """

    before: float
    after: float
    relative: Estimate
    absolute: Estimate
    verdict: Verdict
    reason: str
    contacts: tuple[int, ...]
    """Contacts in each group: before, after, then control before and after if given."""
    control_before: float | None = None
    control_after: float | None = None
    resamples: int = 2000
    confidence: float = 0.95

    @property
    def controlled(self) -> bool:
        return self.control_before is not None


_GROUPS = ("before the change", "after the change", "in the control group before",
           "in the control group after")  # fmt: skip
_NO_ESTIMATE = Estimate(float("nan"), float("nan"), float("nan"))


def review_impact(
    before: npt.ArrayLike,
    after: npt.ArrayLike,
    *,
    better: Better,
    seed: Seed,
    control_before: npt.ArrayLike | None = None,
    control_after: npt.ArrayLike | None = None,
    resamples: int = 2000,
    min_contacts: int = 30,
    confidence: float = 0.95,
) -> Impact:
    """Before-and-after impact of an improvement on a KPI, with a bootstrap interval.

    Each argument holds one value per contact, in the KPI's unit (seconds, or 1 and 0 for a
    ratio). `better` is the KPI's direction. The verdict is insufficient data when a group has
    fewer than `min_contacts` contacts, or when a mean that the relative change divides by is 0
    (in the data, or in any resample). The same `seed` gives the same review.
    """
    groups = _validated(before, after, control_before, control_after)
    if better is Better.NEUTRAL:
        raise ValueError("an improvement needs a KPI with a better direction, not a neutral one")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    means = np.array([g.mean() if g.size else np.nan for g in groups])
    unjudged = Impact(
        before=float(means[0]), after=float(means[1]), relative=_NO_ESTIMATE,
        absolute=_NO_ESTIMATE, verdict=Verdict.INSUFFICIENT_DATA, reason="",
        contacts=tuple(g.size for g in groups),
        control_before=float(means[2]) if len(groups) == 4 else None,
        control_after=float(means[3]) if len(groups) == 4 else None,
        resamples=resamples, confidence=confidence,
    )  # fmt: skip
    if reason := _too_little(groups, means, min_contacts):
        return replace(unjudged, reason=reason)
    num, den, absolute = _effects(_bootstrap(groups, seed, resamples))
    if zero := int(np.count_nonzero(den == 0)):
        return replace(unjudged, reason=(
            f"in {zero:,} of {resamples:,} resamples a mean that the relative change divides by "
            "was 0: too few contacts with a value above 0"))  # fmt: skip
    point_num, point_den, point_absolute = (float(x[0]) for x in _effects(means[:, None]))
    relative = _estimate(point_num / point_den - 1, num / den - 1, confidence)
    verdict, reason = _verdict(relative, better, confidence)
    change = _estimate(point_absolute, absolute, confidence)
    return replace(unjudged, relative=relative, absolute=change, verdict=verdict, reason=reason)


def _bootstrap(groups: list[Values], seed: Seed, resamples: int) -> Values:
    """Resampled means, a row per group. Each group has its own stream spawned from `seed`, so a
    group's resamples are the same whether or not a control group is reviewed beside it."""
    root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    streams = root.spawn(len(groups))
    return np.array([resampled_means(g, resamples=resamples, seed=s)
                     for g, s in zip(groups, streams, strict=True)])  # fmt: skip


def _validated(*arrays: npt.ArrayLike | None) -> list[Values]:
    if (arrays[2] is None) != (arrays[3] is None):
        raise ValueError("a control group needs both its before and its after values")
    groups = [np.asarray(a, dtype=np.float64) for a in arrays if a is not None]
    for name, group in zip(_GROUPS, groups, strict=False):
        if group.ndim != 1:
            raise ValueError(f"the values {name} must be one row, one value per contact")
        if not np.all(np.isfinite(group) & (group >= 0)):
            raise ValueError(f"the values {name} must be finite and non-negative")
    return groups


def _too_little(groups: list[Values], means: Values, min_contacts: int) -> str:
    """Why the data cannot support a review, or "" when it can."""
    for name, group in zip(_GROUPS, groups, strict=False):
        if group.size < min_contacts:
            return f"only {group.size:,} contacts {name}, fewer than the {min_contacts:,} needed"
    # The means the relative change divides by: before, and both of the control group's.
    for i in (0,) if len(groups) == 2 else (0, 2, 3):
        if means[i] == 0:
            return f"the mean {_GROUPS[i]} is 0, so a relative change from it is undefined"
    return ""


def _effects(means: Values) -> tuple[Values, Values, Values]:
    """Numerator and denominator of the relative effect (effect = num ÷ den − 1), and the
    absolute effect, from group means in rows (before, after[, control before, control after]).
    Used alike for the point estimate (one column) and for the resamples (one column each)."""
    if len(means) == 2:
        return means[1], means[0], means[1] - means[0]
    before, after, control_before, control_after = means
    absolute = (after - before) - (control_after - control_before)
    return after * control_before, before * control_after, absolute


def _estimate(value: float, resampled: Values, confidence: float) -> Estimate:
    tail = (1 - confidence) / 2
    low, high = np.quantile(resampled, [tail, 1 - tail])
    return Estimate(value, float(low), float(high))


def _verdict(relative: Estimate, better: Better, confidence: float) -> tuple[Verdict, str]:
    level = f"{confidence:.0%}"
    if relative.low <= 0 <= relative.high:
        return Verdict.NO_CLEAR_CHANGE, f"the {level} interval includes no change"
    rose = relative.low > 0
    verdict = Verdict.IMPROVED if rose == (better is Better.HIGHER) else Verdict.WORSENED
    side = "above" if rose else "below"
    return verdict, f"the whole {level} interval is {side} no change, and {better} is better"


# --- the plain report -------------------------------------------------------------------

_MINUS = "−"


def sentence(impact: Impact, *, title: str, unit: Unit) -> str:
    """The Review in one plain sentence, for example
    "AHT fell from 412 s to 371 s (−10%, 95% CI −14% to −6%): an improvement."

    Seconds show as "412 s", ratios as "71%", scores with one decimal. Figures carry just enough
    decimals that two different means, or a non-zero bound, never read as the same or as 0.
    """
    if impact.verdict is Verdict.INSUFFICIENT_DATA:
        return f"{title} cannot be reviewed: {impact.reason}."
    moved = f"{title} {_movement(impact.before, impact.after, unit)}"
    shown = (impact.relative.value, impact.relative.low, impact.relative.high)
    decimals = _decimals(lambda d: all(x == 0 or round(abs(x) * 100, d) for x in shown))
    effect, low, high = (_percent(x, decimals) for x in shown)
    interval = f"{impact.confidence:.0%} CI {low} to {high}"
    if impact.control_before is not None and impact.control_after is not None:
        control = _movement(impact.control_before, impact.control_after, unit)
        text = f"{moved} while the control group's {control} ({effect} against it, {interval})"
    else:
        text = f"{moved} ({effect}, {interval})"
    return text + _CONCLUSION[impact.verdict]


_CONCLUSION = {
    Verdict.IMPROVED: ": an improvement.",
    Verdict.WORSENED: ": a change for the worse.",
    Verdict.NO_CLEAR_CHANGE: ": the data cannot tell this apart from no change.",
}


def _movement(before: float, after: float, unit: Unit) -> str:
    low = 1 if unit is Unit.SCORE else 0
    if before == after:
        return f"stayed at {_value(before, unit, low)}"
    scale = 100 if unit is Unit.RATIO else 1

    def apart(d: int) -> bool:
        return round(before * scale, d) != round(after * scale, d)

    d = _decimals(apart, low)
    verb = "rose" if after > before else "fell"
    return f"{verb} from {_value(before, unit, d)} to {_value(after, unit, d)}"


def _decimals(reads_right: Callable[[int], bool], low: int = 0) -> int:
    """The fewest decimals, from `low` to `low` + 2, at which the figures read right."""
    return next((d for d in range(low, low + 2) if reads_right(d)), low + 2)


def _value(x: float, unit: Unit, decimals: int) -> str:
    if unit is Unit.SECONDS:
        return f"{x:,.{decimals}f} s"
    if unit is Unit.RATIO:
        return f"{x * 100:.{decimals}f}%"
    return f"{x:,.{decimals}f}"


def _percent(x: float, decimals: int) -> str:
    shown = round(abs(x) * 100, decimals)
    sign = "" if shown == 0 else ("+" if x > 0 else _MINUS)
    return f"{sign}{shown:.{decimals}f}%"
