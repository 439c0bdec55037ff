"""The SMART check of a personal goal, with its context read from the data
(:func:`switchboard.domain.performance.smart.validate` does the judging).

- **Baseline**: the KPI for the agent over the baseline period, and the contacts or survey
  responses behind it, from one KPI report by agent.
- **The team's values** (Achievable): the same report covers the agent's teammates, one value
  per agent with data, the agent included.
- **The team's changes** (Achievable): each of them over the period of the same length just
  before the baseline, and the change (baseline minus before) of each with data in both.
- **Development areas** (Relevant): from the agent's latest saved self-audit; with none saved,
  from a self-audit computed for the baseline period (a behaviour goal: the last full month).
- **Team goals** (Relevant): the active goals of the agent's team.
- **Plan** (Balance): the agent's other active personal goals.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from switchboard.access.viewer import Viewer
from switchboard.domain.kpi import REGISTRY, KpiSettings, compute_all
from switchboard.domain.performance.aspects import sample_kind, sample_size
from switchboard.domain.performance.goals import Baseline, BehaviourGoal, KpiGoal, Links
from switchboard.domain.performance.goals import Goal as DomainGoal
from switchboard.domain.performance.smart import GoalContext, SmartCheck, validate
from switchboard.goals import repository
from switchboard.goals.models import Goal, GoalKind
from switchboard.goals.schemas import BaselineRead, FindingRead, GoalCreate, SmartCheckRead
from switchboard.kit.clock import zone
from switchboard.kit.periods import Period, parse_period
from switchboard.kpis import repository as kpi_repository
from switchboard.kpis.service import ReportRequest, build_report
from switchboard.people.models import Agent
from switchboard.selfaudits import service as selfaudit_service


@dataclass(frozen=True)
class Reading:
    """How KPIs are read: the centre's KPI variant and timezone, and today's date there."""

    settings: KpiSettings
    timezone: str
    today: date


@dataclass(frozen=True)
class Checked:
    smart: SmartCheck
    baseline: Baseline | None
    kpi: str | None
    development_areas: frozenset[str]

    def as_read(self) -> SmartCheckRead:
        return SmartCheckRead(
            acceptable=self.smart.acceptable,
            findings=[
                FindingRead(criterion=f.criterion, status=f.status, reasons=list(f.reasons))
                for f in self.smart.findings
            ],
            baseline=_baseline_read(self.kpi, self.baseline),
            development_areas=sorted(self.development_areas),
        )


@dataclass(frozen=True)
class TeamData:
    baseline: Baseline
    team_values: tuple[float, ...] = ()
    team_changes: tuple[float, ...] = ()


def check(
    *, session: Session, viewer: Viewer, agent: Agent, draft: GoalCreate, reading: Reading,
    goal_id: int | None = None, baseline: Baseline | None = None,
) -> Checked:  # fmt: skip
    """The SMART check of ``draft``, a personal goal of ``agent`` (already checked for shape).

    ``baseline`` keeps an agreed baseline when an update leaves the KPI and its period alone;
    otherwise a KPI goal's baseline is measured. ``goal_id`` is left out of the plan.
    """
    data = _team_data(session, agent, draft, reading)
    kept = baseline or (data.baseline if data else None)
    areas = development_areas(session=session, viewer=viewer, agent=agent, draft=draft,
                              reading=reading)  # fmt: skip
    plan = repository.plan_of(session, viewer, agent.id, goal_id)
    context = GoalContext(
        today=reading.today,
        team_values=data.team_values if data else (),
        team_changes=data.team_changes if data else (),
        development_areas=areas,
        team_goals=repository.team_goals(session, viewer, agent.team_id),
        plan=[planned(goal) for goal in plan],
    )
    smart = validate(drafted(draft, agent.display_name, kept), context)
    return Checked(smart, kept, draft.kpi, areas)


def _team_data(
    session: Session, agent: Agent, draft: GoalCreate, reading: Reading
) -> TeamData | None:
    period = baseline_period(draft)
    if draft.kind is not GoalKind.KPI or draft.kpi is None or period is None:
        return None
    if draft.kpi not in REGISTRY:  # the Specific finding names it; there is nothing to measure
        return TeamData(Baseline(None, period.first, period.last))
    return measure(session=session, agent=agent, kpi=draft.kpi, period=period, reading=reading)


def baseline_period(draft: GoalCreate) -> Period | None:
    if draft.baseline_from is None or draft.baseline_to is None:
        return None
    return Period(draft.baseline_from, draft.baseline_to)


def measure(
    *, session: Session, agent: Agent, kpi: str, period: Period, reading: Reading
) -> TeamData:
    """The agent's baseline and their team's values and changes (see the module's docstring)."""
    team = kpi_repository.team_agents(session, agent.team_id) if agent.team_id else []
    covered = sorted(set(team) | {agent.id})
    now = _values(session, covered, kpi, period, reading)
    before = _values(session, covered, kpi, period.previous(), reading)
    value, sample = now.get(agent.id, (None, 0))
    return TeamData(
        baseline=Baseline(value, period.first, period.last, sample),
        team_values=tuple(v for v, _ in now.values()),
        team_changes=tuple(now[a][0] - before[a][0] for a in now if a in before),
    )


def _values(
    session: Session, agent_ids: Sequence[int], kpi: str, period: Period, reading: Reading
) -> dict[int, tuple[float, int]]:
    """``kpi`` and its sample for each of ``agent_ids`` with data over ``period``."""
    start, end = period.window(zone(reading.timezone))
    # The team's values only ever leave as a percentile in the check's reasons, as the team's
    # aggregates do for an agent (access.policy.TEAM_AGGREGATE_ROLES).
    request = ReportRequest(
        by=("agent",), start=start, end=end, kpis=(kpi,), timezone=reading.timezone,
        agent_scope=lambda column: column.in_(agent_ids),
    )  # fmt: skip
    report = build_report(session=session, request=request, settings=reading.settings)
    found = {}
    for key, measures in report.measures.items():
        value = compute_all(measures, reading.settings, (kpi,))[kpi]
        if key[0] is not None and value is not None:
            found[key[0]] = (value, sample_size(kpi, measures)[0])
    return dict(sorted(found.items()))


def development_areas(
    *, session: Session, viewer: Viewer, agent: Agent, draft: GoalCreate, reading: Reading
) -> frozenset[str]:
    """The agent's development areas: their latest saved self-audit's, else a computed one's."""
    saved = repository.latest_development_areas(session, viewer, agent.id)
    if saved is not None:
        return frozenset(saved)
    period = baseline_period(draft) if draft.kind is GoalKind.KPI else None
    period = period or parse_period(None, today=reading.today)
    found = selfaudit_service.audit_agent(session=session, agent=agent, period=period,
                                          settings=reading.settings, timezone=reading.timezone)  # fmt: skip
    return frozenset(point.kpi for point in found.audit.development_areas)


def drafted(draft: GoalCreate, scope: str, baseline: Baseline | None) -> DomainGoal:
    """The domain's goal for a draft whose shape is checked: a KPI goal has its KPI, target and
    baseline period; a behaviour goal its behaviour."""
    links = Links(draft.development_area, draft.parent_id)
    reviews = tuple(sorted(set(draft.review_dates)))
    if draft.kind is not GoalKind.KPI:
        return BehaviourGoal(draft.behaviour or "", draft.evidence or "", draft.deadline,
                             reviews, links)  # fmt: skip
    if draft.kpi is None or draft.target is None or baseline is None:
        raise ValueError("a KPI goal's shape is checked before it is drafted")
    return KpiGoal(draft.kpi, scope, baseline, draft.target, draft.deadline, reviews, links)


def planned(goal: Goal) -> DomainGoal:
    """A stored goal as the balance check sees it: what matters is the KPI it moves."""
    links = Links(goal.development_area, goal.parent_id)
    if goal.kind is GoalKind.KPI and goal.kpi:
        base = Baseline(goal.baseline_value, goal.baseline_from or date.min,
                        goal.baseline_to or date.min, goal.baseline_sample)  # fmt: skip
        return KpiGoal(goal.kpi, "", base, goal.target or 0.0, goal.deadline, (), links)
    return BehaviourGoal(goal.behaviour or "", goal.evidence or "", goal.deadline, (), links)


def _baseline_read(kpi: str | None, baseline: Baseline | None) -> BaselineRead | None:
    if kpi is None or baseline is None:
        return None
    return BaselineRead(
        kpi=kpi, value=baseline.value, baseline_from=baseline.start, baseline_to=baseline.end,
        sample=baseline.sample, sample_kind=sample_kind(kpi).value,
    )  # fmt: skip
