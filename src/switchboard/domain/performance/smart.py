"""SMART goals: a goal is checked criterion by criterion, and each check says why in plain words.

A goal is either a KPI goal (a KPI, whose it is, a baseline measured over a past period, a target,
a deadline and review dates) or a behaviour goal (something a colleague could see or hear the
agent do, and how that will be evidenced). :func:`validate` returns one finding per criterion:

- **Specific**: names a known KPI and whose it is, or an observable behaviour. A vague intention
  ("be better at handling complaints") fails; see :func:`.behaviour.vague_behaviour`.
- **Measurable**: a "before" number (a baseline from the data) and a target in the KPI's unit that
  moves in its better direction, or a stated evidence method.
- **Achievable**: a judgement, so it warns and never fails: when the target beats what 95% of the
  team achieves, or the improvement needed is more than nine in ten of the team made over a
  comparable period.
- **Relevant**: linked to a development area from the agent's self-audit or to a team goal.
- **Time-bound**: a deadline after today and within 12 months, with review dates between today
  and the deadline.
- **Balance**: an efficiency goal (AHT, occupancy) with no effectiveness goal (FCR, CSAT, QA) in
  the same plan warns, because speed bought at the cost of resolution is the units' named mistake.

Validate when the goal is agreed: review dates already past then fail. A goal is acceptable when
no criterion fails; warnings are for the team leader and agent to talk about. A KPI goal whose
achievability cannot be judged (too few agents) warns, since that is where an unreachable target
slips through; a behaviour goal has no team data, so its Achievable passes with a note saying so.

>>> from datetime import date
>>> goal = BehaviourGoal("be better at handling complaints", evidence="", deadline=None)
>>> check = validate(goal, GoalContext(today=date(2025, 3, 3)))
>>> check.acceptable, [f.criterion.value for f in check.failures]
(False, ['specific', 'measurable', 'relevant', 'time_bound'])
>>> print(check.specific.reasons[0])  # doctest: +ELLIPSIS
"be better at handling complaints" is an intention, not a behaviour: name something ...
"""

import calendar
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from statistics import quantiles

from switchboard.domain.kpi import REGISTRY, Better, Unit
from switchboard.domain.performance.aspects import (
    Aspect,
    aspect_of,
    better_of,
    low_confidence,
    sample_kind,
)
from switchboard.domain.performance.behaviour import vague_behaviour
from switchboard.domain.performance.goals import BehaviourGoal, Goal, KpiGoal
from switchboard.domain.performance.wording import label, show, show_change, show_day

MAX_MONTHS = 12
MIN_TEAM = 5
"""Fewer agents than this and "what 95% of the team achieves" is one person's number."""
BEST_SHARE = 95
"""The target warns when it beats the level 95% of the team achieve (the best 5% do better)."""
IMPROVEMENT_PERCENTILE = 90
"""The improvement needed warns above the 90th percentile of the team's improvements rather
than the largest: one agent recovering from a bad month should not set the bar."""
OVER_ONE = frozenset({"conformance"})
"""Ratios that can pass 100% (working more on-queue time than scheduled)."""


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"


class Criterion(StrEnum):
    SPECIFIC = "specific"
    MEASURABLE = "measurable"
    ACHIEVABLE = "achievable"
    RELEVANT = "relevant"
    TIME_BOUND = "time_bound"
    BALANCE = "balance"


def registered_units() -> dict[str, Unit]:
    return {name: kpi.unit for name, kpi in REGISTRY.items()}


@dataclass(frozen=True)
class GoalContext:
    """What validation needs from the data, in the goal KPI's unit.

    ``team_values`` has one value per agent of the team over a period like the baseline's;
    ``team_changes`` each agent's change (later minus earlier, signed) over a past period as long
    as the goal's. ``development_areas`` are the KPI names the agent's self-audit found to
    develop; ``team_goals`` maps the ids of the team's current goals to their titles. ``plan``
    holds the goals of the same development plan; ``kpi_units`` the KPIs a goal may name, with
    their units: the registry's by default.
    """

    today: date
    team_values: Sequence[float] = ()
    team_changes: Sequence[float] = ()
    development_areas: frozenset[str] = frozenset()
    team_goals: Mapping[int, str] = field(default_factory=dict)
    plan: Sequence[Goal] = ()
    kpi_units: Mapping[str, Unit] = field(default_factory=registered_units)


@dataclass(frozen=True)
class Finding:
    criterion: Criterion
    status: Status
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SmartCheck:
    specific: Finding
    measurable: Finding
    achievable: Finding
    relevant: Finding
    time_bound: Finding
    balance: Finding

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (
            self.specific,
            self.measurable,
            self.achievable,
            self.relevant,
            self.time_bound,
            self.balance,
        )

    @property
    def failures(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status is Status.FAIL)

    @property
    def acceptable(self) -> bool:
        return not self.failures


Note = tuple[Status, str]


def _fail(reason: str) -> Note:
    return Status.FAIL, reason


def _warn(reason: str) -> Note:
    return Status.WARN, reason


def _finding(criterion: Criterion, notes: Sequence[Note], passed: str = "") -> Finding:
    """The worst status among ``notes`` with their reasons, or a pass saying ``passed``."""
    if not notes:
        return Finding(criterion, Status.PASS, (passed,))
    worst = Status.FAIL if any(s is Status.FAIL for s, _ in notes) else Status.WARN
    return Finding(criterion, worst, tuple(reason for _, reason in notes))


def validate(goal: Goal, context: GoalContext) -> SmartCheck:
    """Check ``goal`` against each SMART criterion and the efficiency–effectiveness balance."""
    return SmartCheck(
        specific=_specific(goal, context),
        measurable=_measurable(goal, context),
        achievable=_achievable(goal, context),
        relevant=_relevant(goal, context),
        time_bound=_time_bound(goal, context.today),
        balance=_balance(goal, context.plan),
    )


# Specific ---------------------------------------------------------------------------------------


def _specific(goal: Goal, context: GoalContext) -> Finding:
    if isinstance(goal, BehaviourGoal):
        vague = vague_behaviour(goal.behaviour)
        notes = [_fail(vague)] if vague else []
        return _finding(Criterion.SPECIFIC, notes, f'Names a behaviour: "{goal.behaviour}".')
    notes = []
    if goal.kpi not in context.kpi_units:
        notes.append(_fail(f'"{goal.kpi}" is not a KPI Switchboard measures.'))
    if not goal.scope.strip():
        notes.append(_fail("Whose KPI is it? Name the agent, team or queue."))
    return _finding(Criterion.SPECIFIC, notes, f"Names a KPI, {label(goal.kpi)}, for {goal.scope}.")


# Measurable -------------------------------------------------------------------------------------


def _measurable(goal: Goal, context: GoalContext) -> Finding:
    if isinstance(goal, BehaviourGoal):
        evidence = goal.evidence.strip()
        missing = (
            "No evidence method: say how it will be seen, such as a QA question on sampled calls."
        )
        notes = [] if evidence else [_fail(missing)]
        return _finding(Criterion.MEASURABLE, notes, f"Evidenced by {evidence}.")
    unit = context.kpi_units.get(goal.kpi)
    if unit is None:
        return _finding(Criterion.MEASURABLE, [_fail("An unknown KPI has no unit to measure in.")])
    notes = _baseline_notes(goal, context.today)
    problem = _target_problem(goal, unit)
    notes += [_fail(problem)] if problem else []
    before = show(goal.baseline.value or 0.0, unit)
    return _finding(Criterion.MEASURABLE, notes, f"From {before} to {show(goal.target, unit)}.")


def _baseline_notes(goal: KpiGoal, today: date) -> list[Note]:
    """A baseline is the "before" number: no improvement can be claimed without one."""
    base = goal.baseline
    period = f"{show_day(base.start)} to {show_day(base.end)}"
    if base.start > base.end or base.end >= today:
        return [_fail(f"The baseline period, {period}, must be over before the goal is agreed.")]
    if base.value is None:
        return [_fail(f"No baseline: there is no {label(goal.kpi)} data for {period}.")]
    kind = sample_kind(goal.kpi)
    if base.sample is not None and low_confidence(base.sample, kind):
        return [
            _warn(
                f"The baseline rests on only {base.sample} {kind.value}; a longer "
                "baseline period would give a firmer number."
            )
        ]
    return []


def _target_problem(goal: KpiGoal, unit: Unit) -> str | None:
    target, baseline, better = goal.target, goal.baseline.value, better_of(goal.kpi)
    name, shown = label(goal.kpi), show(target, unit)
    if not math.isfinite(target):
        return "The target is not a number."
    if unit is Unit.RATIO and not (0 <= target <= (math.inf if goal.kpi in OVER_ONE else 1)):
        return f"{name} is a ratio between 0 and 1: write {target:g}% as {target / 100:g}."
    if unit is Unit.SECONDS and baseline and 0 <= target < baseline / 10:
        return (
            f"A target of {shown} is under a tenth of the baseline of {show(baseline, unit)}: "
            f"times are in seconds (did you mean {target:g} minutes, {show(target * 60, unit)}?)."
        )
    if better is Better.NEUTRAL:
        return f"{name} is neither better higher nor lower, so no target on it is an improvement."
    if baseline is not None and math.isclose(target, baseline, abs_tol=1e-9):
        return f"The target {shown} equals the baseline: there is no improvement to measure."
    if baseline is not None and _sign(better) * (target - baseline) < 0:
        side = "above" if target > baseline else "below"
        return (
            f"The target of {shown} is {side} the baseline of {show(baseline, unit)}: "
            f"for {name} {better} is better."
        )
    return None


def _sign(better: Better) -> int:
    return -1 if better is Better.LOWER else 1


def beyond(value: float, bound: float, better: Better) -> bool:
    """Whether ``value`` is better than ``bound``, ignoring float noise (0.85 − 0.7 ≠ 0.15).

    >>> beyond(0.85 - 0.7, 0.15, Better.HIGHER), beyond(379.0, 380.0, Better.LOWER)
    (False, True)
    """
    return _sign(better) * (value - bound) > 0 and not math.isclose(value, bound, abs_tol=1e-9)


# Achievable -------------------------------------------------------------------------------------


def _achievable(goal: Goal, context: GoalContext) -> Finding:
    if isinstance(goal, BehaviourGoal):
        return _finding(Criterion.ACHIEVABLE, [], "Not judged from data: agree it in the review.")
    unit, base = context.kpi_units.get(goal.kpi), goal.baseline.value
    if unit is None or base is None or _target_problem(goal, unit):
        return _finding(Criterion.ACHIEVABLE, [_warn("Not judged: the target is not measurable.")])
    checks = (
        _against_best(goal, context.team_values, unit),
        _against_history(goal, base, context.team_changes, unit),
    )
    notes = [_warn(reason) for warns, reason in checks if warns]
    return _finding(Criterion.ACHIEVABLE, notes, " ".join(reason for _, reason in checks))


def percentile(values: Sequence[float], p: int) -> float:
    """The ``p``-th percentile, inclusive method (numpy's default, Excel's PERCENTILE.INC).

    >>> percentile([246, 256, 300, 310, 320, 330, 340, 350, 360, 370, 380], 5)
    251.0
    """
    return quantiles(values, n=100, method="inclusive")[p - 1]


def _against_best(goal: KpiGoal, values: Sequence[float], unit: Unit) -> tuple[bool, str]:
    """Whether the target beats the level 95% of the team reach, and why."""
    if len(values) < MIN_TEAM:
        return (
            True,
            f"Not judged against the team: {len(values)} agents' values, {MIN_TEAM} needed.",
        )
    better = better_of(goal.kpi)
    best = percentile(values, 100 - BEST_SHARE if better is Better.LOWER else BEST_SHARE)
    beats = beyond(goal.target, best, better)
    verb, edge = "beats" if beats else "is within", "less" if better is Better.LOWER else "more"
    return beats, (
        f"The target {show(goal.target, unit)} {verb} what 95% of the team achieves "
        f"(the team's best 5% are at {show(best, unit)} or {edge})."
    )


def _against_history(
    goal: KpiGoal, baseline: float, changes: Sequence[float], unit: Unit
) -> tuple[bool, str]:
    """Whether the improvement needed outruns what nine in ten of the team have made, and why."""
    if len(changes) < MIN_TEAM:
        return (
            True,
            f"Not judged against history: {len(changes)} agents' changes, {MIN_TEAM} needed.",
        )
    sign = _sign(better_of(goal.kpi))
    needed = show_change(sign * (goal.target - baseline), unit)
    top = percentile([sign * change for change in changes], IMPROVEMENT_PERCENTILE)
    shown = f"the top tenth improved by {show_change(top, unit)} or more"
    shown = shown if top > 0 else "the team showed no improvement"
    if beyond(sign * (goal.target - baseline), top, Better.HIGHER):
        return True, (
            f"The improvement needed, {needed}, is more than nine in ten of the team made over "
            f"a comparable period ({shown})."
        )
    return False, f"The improvement needed, {needed}, is within the team's record ({shown})."


# Relevant and balance ---------------------------------------------------------------------------


def _relevant(goal: Goal, context: GoalContext) -> Finding:
    team_goal, audit = goal.links.team_goal, context.development_areas
    title = None if team_goal is None else context.team_goals.get(team_goal)
    if title is not None:
        return _finding(Criterion.RELEVANT, [], f'Serves the team goal "{title}".')
    areas = {goal.links.development_area, goal.kpi if isinstance(goal, KpiGoal) else None}
    linked = ", ".join(label(a) for a in sorted(audit) if a in areas)
    if linked:
        return _finding(
            Criterion.RELEVANT, [], f"Works on a self-audit development area: {linked}."
        )
    stale = f"Team goal {team_goal} is not one of the team's current goals."
    notes = [] if team_goal is None else [_fail(stale)]
    listed = ", ".join(label(a) for a in sorted(audit)) or "none recorded"
    notes.append(_fail(f"Not linked to a self-audit development area ({listed}) or a team goal."))
    return _finding(Criterion.RELEVANT, notes)


def _kpi_of(goal: Goal) -> str | None:
    """The KPI a goal moves: its own, or for a behaviour the development area it serves."""
    return goal.kpi if isinstance(goal, KpiGoal) else goal.links.development_area


def _balance(goal: Goal, plan: Sequence[Goal]) -> Finding:
    """Warns when an efficiency goal has no effectiveness goal beside it in the plan."""
    kpi = _kpi_of(goal)
    if kpi is None or aspect_of(kpi) is not Aspect.EFFICIENCY:
        return _finding(Criterion.BALANCE, [], "Not an efficiency goal.")
    if any(aspect_of(_kpi_of(other) or "") is Aspect.EFFECTIVENESS for other in plan):
        return _finding(Criterion.BALANCE, [], "Paired with an effectiveness goal.")
    move = "Cutting" if better_of(kpi) is Better.LOWER else "Raising"
    reason = f"{move} {label(kpi)} alone can cost resolution: pair it with an FCR, CSAT or QA goal."
    return _finding(Criterion.BALANCE, [_warn(reason)])


# Time-bound -------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter.

    >>> add_months(date(2024, 2, 29), 12), add_months(date(2025, 1, 31), 1)
    (datetime.date(2025, 2, 28), datetime.date(2025, 2, 28))
    """
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _deadline_problem(deadline: date | None, today: date) -> str | None:
    if deadline is None:
        return "No deadline: agree a date, within 12 months, by which the goal is met."
    if deadline <= today:
        return f"The deadline {show_day(deadline)} must be after today ({show_day(today)})."
    if deadline > add_months(today, MAX_MONTHS):
        return f"The deadline {show_day(deadline)} is more than 12 months away: set a nearer one."
    return None


def _time_bound(goal: Goal, today: date) -> Finding:
    deadline, reviews = goal.deadline, sorted(goal.review_dates)
    problems = [_deadline_problem(deadline, today)]
    if not reviews:
        problems.append("No review date: agree at least one check-in before the deadline.")
    problems += [f"The review date {show_day(d)} is already past." for d in reviews if d < today]
    problems += [
        f"The review date {show_day(d)} is after the deadline."
        for d in reviews
        if deadline and d > deadline
    ]
    due = f"Due {show_day(deadline or today)}, reviewed {', '.join(map(show_day, reviews))}."
    return _finding(Criterion.TIME_BOUND, [_fail(p) for p in problems if p], due)
