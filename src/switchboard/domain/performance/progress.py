"""How a KPI goal is going, from the data: achieved, missed, on track or at risk.

- **Achieved**: the latest observation meets the target, and stands on enough contacts or survey
  responses to count (:data:`~switchboard.domain.performance.aspects.MIN_SAMPLE`). The latest
  observation alone decides, not a run of them: an observation is already a period's value (an
  agent's week or month), so a run would hold the goal back a whole extra period.
- **Missed**: the deadline has passed and the last observation on or before it did not meet the
  target. Data after the deadline does not change the verdict.
- **On track**: a straight line fitted through the observations (least squares, days on the x
  axis) reaches the target by the deadline.
- **At risk**: otherwise, or with fewer than :data:`MIN_POINTS` observations to fit.

When every observation carries its sample size, the fit weights each by it: a week of 200 calls
says more than a week of 5, and a mean's variance falls as 1 ÷ n. Values are in the KPI's unit.

>>> from datetime import date
>>> from switchboard.domain.performance.goals import Baseline, KpiGoal
>>> goal = KpiGoal("aht", "Ana", Baseline(412.0, date(2025, 2, 1), date(2025, 2, 28)), 380.0,
...                deadline=date(2025, 6, 30))
>>> weekly = ((3, 412), (10, 406), (17, 402), (24, 396))
>>> seen = [Observation(date(2025, 3, day), aht) for day, aht in weekly]
>>> progress = track(goal, seen, today=date(2025, 3, 25))
>>> progress.status, round(progress.slope_per_day, 4), round(progress.projection, 1)
(<Standing.ON_TRACK: 'on_track'>, -0.7429, 323.4)
>>> print(progress.sentence)  # doctest: +NORMALIZE_WHITESPACE
On track: AHT is 396 s (baseline 412 s, target 380 s); the trend, −5.2 s a week,
points to 323.4 s by 30 Jun 2025.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from switchboard.domain.kpi import REGISTRY, Unit
from switchboard.domain.performance.aspects import better_of, low_confidence, sample_kind
from switchboard.domain.performance.goals import KpiGoal
from switchboard.domain.performance.smart import beyond
from switchboard.domain.performance.wording import label, show, show_change, show_day

MIN_POINTS = 3
"""Two points always lie on a line; a third is the first that can disagree with it."""


class Standing(StrEnum):
    ACHIEVED = "achieved"
    MISSED = "missed"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"


@dataclass(frozen=True)
class Observation:
    """The KPI's value over a period ending on ``day``, and the contacts or responses behind it."""

    day: date
    value: float
    sample: int | None = None


@dataclass(frozen=True)
class Trend:
    """A least-squares line: ``value`` on ``origin``, changing by ``slope`` per day."""

    origin: date
    value: float
    slope: float

    def at(self, day: date) -> float:
        return self.value + self.slope * (day - self.origin).days


@dataclass(frozen=True)
class Progress:
    """Where a goal stands; ``share`` is the way from baseline to target covered (1 = there)."""

    status: Standing
    latest: float | None
    share: float | None
    slope_per_day: float | None
    projection: float | None
    sentence: str


def fit(observations: Sequence[Observation]) -> Trend | None:
    """The weighted least-squares line through ``observations``; None when they share one day.

    Weights are the sample sizes when every observation has one, else equal. The line is given
    at the weighted mean day, where its value is the weighted mean value.

    >>> line = fit([Observation(date(2025, 3, 1), 10.0), Observation(date(2025, 3, 3), 14.0)])
    >>> line.slope, line.at(date(2025, 3, 5))
    (2.0, 18.0)
    """
    sizes = [o.sample for o in observations]
    weights = [float(s) for s in sizes if s is not None]
    if len(weights) < len(sizes) or sum(weights) <= 0:
        weights = [1.0] * len(observations)
    first, total = observations[0].day, sum(weights)
    xs = [(o.day - first).days for o in observations]
    mean_x = sum(w * x for w, x in zip(weights, xs, strict=True)) / total
    mean_y = sum(w * o.value for w, o in zip(weights, observations, strict=True)) / total
    spread = sum(w * (x - mean_x) ** 2 for w, x in zip(weights, xs, strict=True))
    if spread == 0:
        return None
    moves = zip(weights, xs, observations, strict=True)
    slope = sum(w * (x - mean_x) * (o.value - mean_y) for w, x, o in moves) / spread
    return Trend(first, mean_y - slope * mean_x, slope)


def track(
    goal: KpiGoal, observations: Sequence[Observation], today: date, unit: Unit | None = None
) -> Progress:
    """Where ``goal`` stands on ``today`` from ``observations`` (in any order).

    ``unit`` is the KPI's, for the sentence; the registry's by default. Observations after
    today, or after the deadline, are left out.
    """
    baseline, deadline = goal.baseline.value, goal.deadline
    if baseline is None or deadline is None:
        raise ValueError("only a goal with a baseline and a deadline can be tracked")
    gap = goal.target - baseline
    seen = sorted((o for o in observations if o.day <= min(today, deadline)), key=lambda o: o.day)
    latest = seen[-1] if seen else None
    line = fit(seen) if len(seen) >= MIN_POINTS else None
    status = _standing(goal, deadline, latest, line, today)
    return Progress(
        status=status,
        latest=latest.value if latest else None,
        share=(latest.value - baseline) / gap if latest and gap else None,
        slope_per_day=line.slope if line else None,
        projection=line.at(deadline) if line else None,
        sentence=_Story(goal, deadline, unit or _unit(goal.kpi), status, seen, line).sentence(),
    )


def _meets(goal: KpiGoal, value: float) -> bool:
    return not beyond(goal.target, value, better_of(goal.kpi))


def _counts(goal: KpiGoal, observation: Observation) -> bool:
    """Whether the observation stands on enough contacts or responses to mark the goal met."""
    size = observation.sample
    return size is None or not low_confidence(size, sample_kind(goal.kpi))


def _standing(
    goal: KpiGoal, deadline: date, latest: Observation | None, line: Trend | None, today: date
) -> Standing:
    if latest and _meets(goal, latest.value) and _counts(goal, latest):
        return Standing.ACHIEVED
    if today > deadline:
        return Standing.MISSED
    if line and _meets(goal, line.at(deadline)):
        return Standing.ON_TRACK
    return Standing.AT_RISK


def _unit(kpi: str) -> Unit:
    return REGISTRY[kpi].unit if kpi in REGISTRY else Unit.SCORE


_TITLES = {Standing.ACHIEVED: "Achieved", Standing.MISSED: "Missed", Standing.ON_TRACK: "On track",
           Standing.AT_RISK: "At risk"}  # fmt: skip


@dataclass(frozen=True)
class _Story:
    """The plain sentence behind a :class:`Progress`, in the KPI's unit."""

    goal: KpiGoal
    deadline: date
    unit: Unit
    status: Standing
    seen: Sequence[Observation]
    line: Trend | None

    def sentence(self) -> str:
        name, title = label(self.goal.kpi), _TITLES[self.status]
        if not self.seen:
            return f"{title}: no {name} data since the baseline."
        latest, target = self.seen[-1], self.show(self.goal.target)
        value, day = self.show(latest.value), show_day(latest.day)
        if self.status is Standing.ACHIEVED:
            return f"Achieved: {name} was {value} on {day}, meeting the target of {target}."
        thin = ""
        if _meets(self.goal, latest.value):  # met, but on too thin a sample to count
            kind = sample_kind(self.goal.kpi).value
            thin = f" The latest value meets the target but stands on only {latest.sample} {kind}."
        if self.status is Standing.MISSED:
            due = show_day(self.deadline)
            return f"Missed: by the deadline, {due}, {name} was {value} against {target}.{thin}"
        before = self.show(self.goal.baseline.value or 0.0)
        where = f"{name} is {value} (baseline {before}, target {target})"
        return f"{title}: {where}; {self.outlook()}{thin}"

    def outlook(self) -> str:
        if self.line is None:
            few = len(self.seen)
            return f"{few} observations are too few to project a trend ({MIN_POINTS} needed)."
        week = show_change(self.line.slope * 7, self.unit)
        ahead = f"{self.show(self.line.at(self.deadline))} by {show_day(self.deadline)}"
        short = "" if self.status is Standing.ON_TRACK else ", short of the target"
        return f"the trend, {week} a week, points to {ahead}{short}."

    def show(self, value: float) -> str:
        return show(value, self.unit)
