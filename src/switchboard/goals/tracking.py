"""A personal KPI goal's progress, from the data: one observation a week from the day after the
baseline period to today, tracked by :func:`switchboard.domain.performance.progress.track`.

Each observation is the agent's KPI over one week (Monday to Sunday, local time) and the
contacts or survey responses behind it, dated on the week's Sunday, or on today for the week
under way. A week without data gives no observation.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from switchboard.domain.kpi import REGISTRY, compute_all
from switchboard.domain.performance.aspects import sample_size
from switchboard.domain.performance.goals import Baseline, KpiGoal
from switchboard.domain.performance.progress import Observation, Progress, track
from switchboard.goals.checking import Reading
from switchboard.goals.models import Goal, GoalKind, Level
from switchboard.goals.schemas import ObservationRead, ProgressRead
from switchboard.kit.clock import zone
from switchboard.kit.intervals import Interval
from switchboard.kit.periods import Period
from switchboard.kpis.service import ReportRequest, build_report


@dataclass(frozen=True)
class Tracked:
    progress: Progress
    observations: tuple[Observation, ...]
    as_of: date

    def as_read(self) -> ProgressRead:
        found = self.progress
        return ProgressRead(
            status=found.status, as_of=self.as_of, latest=found.latest, share=found.share,
            slope_per_week=None if found.slope_per_day is None else found.slope_per_day * 7,
            projection=found.projection, sentence=found.sentence,
            observations=[ObservationRead(day=o.day, value=o.value, sample=o.sample or 0)
                          for o in self.observations],
        )  # fmt: skip


def trackable(goal: Goal) -> bool:
    """A personal KPI goal with a measured baseline and a deadline: the rest have nothing to
    track from the data (a behaviour goal is evidenced at its reviews)."""
    return _tracked(goal) is not None


def _tracked(goal: Goal) -> tuple[int, KpiGoal] | None:
    """The goal's agent and the domain's KPI goal, when :func:`trackable`."""
    kpi, agent_id, target = goal.kpi, goal.agent_id, goal.target
    first, last, deadline = goal.baseline_from, goal.baseline_to, goal.deadline
    personal_kpi = goal.level is Level.PERSONAL and goal.kind is GoalKind.KPI
    if not personal_kpi or kpi is None or kpi not in REGISTRY or agent_id is None:
        return None
    if first is None or last is None or target is None or goal.baseline_value is None:
        return None
    if deadline is None:
        return None
    base = Baseline(goal.baseline_value, first, last, goal.baseline_sample)
    return agent_id, KpiGoal(kpi, str(agent_id), base, target, deadline)


def progress(*, session: Session, goal: Goal, reading: Reading) -> Tracked | None:
    """Where ``goal`` stands today; None when it is not :func:`trackable`."""
    tracked = _tracked(goal)
    if tracked is None:
        return None
    agent_id, domain_goal = tracked
    seen = weekly(session=session, agent_id=agent_id, kpi=domain_goal.kpi,
                  after=domain_goal.baseline.end, reading=reading)  # fmt: skip
    found = track(domain_goal, seen, today=reading.today)
    return Tracked(found, tuple(seen), reading.today)


def weekly(
    *, session: Session, agent_id: int, kpi: str, after: date, reading: Reading
) -> list[Observation]:
    """The agent's ``kpi`` week by week from the day after ``after`` to today, oldest first."""
    first, today = after + timedelta(days=1), reading.today
    if first > today:
        return []
    tz = zone(reading.timezone)
    start, end = Period(first, today).window(tz)
    request = ReportRequest(
        by=("agent", "interval"), interval=Interval.WEEK, start=start, end=end, kpis=(kpi,),
        timezone=reading.timezone, agent_scope=lambda column: column == agent_id,
    )  # fmt: skip
    report = build_report(session=session, request=request, settings=reading.settings)
    seen = []
    for (agent, week), measures in report.measures.items():
        value = compute_all(measures, reading.settings, (kpi,))[kpi]
        if agent != agent_id or week is None or value is None:
            continue
        sunday = week.astimezone(tz).date() + timedelta(days=6)
        seen.append(Observation(min(sunday, today), value, sample_size(kpi, measures)[0]))
    return sorted(seen, key=lambda o: o.day)
