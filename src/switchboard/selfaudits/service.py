"""The self-audit use case: an agent's KPIs for a period, read from the store, judged against
their targets, their team and the period before (:mod:`switchboard.domain.performance`).

One KPI report by agent covers every agent audited and their teammates, and one more covers the
period before, so auditing a whole centre costs two reports, not two per agent.
"""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from switchboard.access.policy import require
from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.domain.kpi import REGISTRY, KpiSettings, Measures, compute_all
from switchboard.domain.performance.aspects import sample_size
from switchboard.domain.performance.self_audit import AuditPoint, KpiFigures, SelfAudit, audit
from switchboard.kit.clock import zone
from switchboard.kit.errors import ForbiddenError, NotFoundError, SwitchboardError
from switchboard.kit.periods import Period, parse_period
from switchboard.kpis import repository as kpi_repository
from switchboard.kpis.service import ReportRequest, build_report
from switchboard.kpis.targets import TargetBook
from switchboard.people.models import Agent
from switchboard.selfaudits import repository as selfaudit_repository
from switchboard.selfaudits.models import SelfAuditRecord

AUDIT_KPIS = (
    "answered", "aht", "hold_time", "wrap_time", "fcr", "transfer_rate", "escalation_rate",
    "csat", "nps", "ces", "qa_score", "compliance_pass_rate", "occupancy", "utilisation",
)  # fmt: skip
"""The KPIs that describe a person's work. Queue KPIs (service level, ASA, abandonment) describe
the queue and the rota, and an agent cannot answer for them alone."""


@dataclass(frozen=True)
class AgentAudit:
    agent_id: int
    agent: str
    team: str | None
    period: Period
    previous: Period
    audit: SelfAudit
    settings: dict[str, Any]


def find_agent(*, session: Session, agent: str) -> Agent:
    found = kpi_repository.agent_by_name(session, agent)
    if found is None:
        raise NotFoundError(
            f"no agent named {agent!r}: agents are named as their source names them"
        )
    return found


def audit_agent(
    *, session: Session, agent: Agent, period: Period, settings: KpiSettings, timezone: str
) -> AgentAudit:
    return audit_agents(session=session, agent_ids=[agent.id], period=period, settings=settings,
                        timezone=timezone)[agent.id]  # fmt: skip


def audit_agents(
    *, session: Session, agent_ids: Sequence[int] | None, period: Period, settings: KpiSettings,
    timezone: str,
) -> dict[int, AgentAudit]:  # fmt: skip
    """Self-audits of ``agent_ids`` (None: every agent) for ``period``, by agent id."""
    teams = kpi_repository.agent_teams(session)
    wanted = list(teams) if agent_ids is None else list(agent_ids)
    covered = _with_teammates(wanted, teams)
    now = _values_by_agent(session, covered, period, settings, timezone)
    before = _values_by_agent(session, covered, period.previous(), settings, timezone)
    book, names = TargetBook.load(session), kpi_repository.names(session)
    by_team = _team_values(now, teams)
    meta = {**settings.as_dict(), "timezone": timezone, "kpis": list(AUDIT_KPIS)}
    found = {}
    for agent_id in wanted:
        team = teams.get(agent_id)
        figures = _figures(now.get(agent_id), before.get(agent_id),
                           by_team.get(team, {}) if team else {}, book, team)  # fmt: skip
        found[agent_id] = AgentAudit(
            agent_id, names["agent"].get(agent_id, str(agent_id)),
            names["team"].get(team) if team else None, period, period.previous(), audit(figures),
            meta,
        )  # fmt: skip
    return found


def _with_teammates(agent_ids: Collection[int], teams: dict[int, int | None]) -> list[int]:
    wanted_teams = {teams.get(a) for a in agent_ids} - {None}
    return sorted(set(agent_ids) | {a for a, t in teams.items() if t in wanted_teams})


Values = tuple[dict[str, float | None], Measures]


def _values_by_agent(
    session: Session, agent_ids: list[int], period: Period, settings: KpiSettings, timezone: str
) -> dict[int, Values]:
    start, end = period.window(zone(timezone))
    request = ReportRequest(
        by=("agent",), start=start, end=end, kpis=AUDIT_KPIS, timezone=timezone,
        agent_scope=lambda column: column.in_(agent_ids),
    )  # fmt: skip
    report = build_report(session=session, request=request, settings=settings)
    return {
        key[0]: (compute_all(measures, settings, AUDIT_KPIS), measures)
        for key, measures in report.measures.items()
        if key[0] is not None
    }


def _team_values(
    now: dict[int, Values], teams: dict[int, int | None]
) -> dict[int, dict[str, tuple[float, ...]]]:
    """Every team's values of each KPI, one per member with a value."""
    found: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for agent_id, (values, _) in now.items():
        team = teams.get(agent_id)
        if team is None:
            continue
        for kpi, value in values.items():
            if value is not None:
                found[team][kpi].append(value)
    return {team: {k: tuple(v) for k, v in kpis.items()} for team, kpis in found.items()}


def _figures(
    now: Values | None, before: Values | None, team: dict[str, tuple[float, ...]],
    book: TargetBook, team_id: int | None,
) -> list[KpiFigures]:  # fmt: skip
    values, measures = now or ({}, {})
    previous, previous_measures = before or ({}, {})
    figures = []
    for kpi in AUDIT_KPIS:
        sample, kind = sample_size(kpi, measures)
        figures.append(KpiFigures(
            kpi, values.get(kpi), sample, kind, book.target(kpi, None, team_id),
            team.get(kpi, ()), previous.get(kpi), sample_size(kpi, previous_measures)[0],
        ))  # fmt: skip
    return figures


def as_dict(found: AgentAudit) -> dict[str, Any]:
    """The stable JSON shape of a self-audit (documented in docs/performance-management.md)."""
    result = found.audit
    trade_offs = [
        {"gain": vars(t.gain), "losses": [vars(c) for c in t.losses], "message": t.message}
        for t in result.trade_offs
    ]
    return {
        "agent": found.agent,
        "team": found.team,
        "period": found.period.as_dict(),
        "previous_period": found.previous.as_dict(),
        "settings": found.settings,
        "kpis": [_point_dict(p) for p in result.points],
        "strengths": [p.kpi for p in result.strengths],
        "development_areas": [p.kpi for p in result.development_areas],
        "trade_offs": trade_offs,
    }


def _point_dict(point: AuditPoint) -> dict[str, Any]:
    kpi = REGISTRY[point.kpi]
    return {
        "kpi": point.kpi, "title": kpi.title, "unit": kpi.unit.value,
        "aspect": point.aspect.value if point.aspect else None,
        "value": point.value,
        "target": {"green": point.target.green, "amber": point.target.amber} if point.target else None,
        "status": point.status.value if point.status else None,
        "team_percentile": point.team_percentile, "team_size": point.team_size,
        "sample": point.sample, "sample_kind": point.sample_kind.value,
        "low_confidence": point.low_confidence,
        "judgement": point.judgement.value, "reasons": list(point.reasons),
    }  # fmt: skip


# --- the API's use cases: one agent's audit for a viewer, and the reflection the agent keeps ----

EARLIEST_YEAR, LATEST_YEAR = 1970, 2999
LONGEST_PERIOD_DAYS = 366


def bounded_period(text: str | None, *, today: date, default: Period | None = None) -> Period:
    """:func:`parse_period` for text from the web: within the years a store holds and at most a
    year long, so that neither the period nor the one before it leaves the calendar."""
    if text is None and default is not None:
        return default
    found = parse_period(text, today=today)
    if not (found.first.year > EARLIEST_YEAR and found.last.year <= LATEST_YEAR):
        raise SwitchboardError(f"period {text!r}: must fall between {EARLIEST_YEAR + 1} and "
                               f"{LATEST_YEAR}")  # fmt: skip
    if found.days > LONGEST_PERIOD_DAYS:
        raise SwitchboardError(f"period {text!r}: at most {LONGEST_PERIOD_DAYS} days")
    return found


def audit_for(
    *, session: Session, viewer: Viewer, agent_id: int, period: Period, settings: KpiSettings,
    timezone: str,
) -> dict[str, Any]:  # fmt: skip
    """The agent's self-audit as :func:`as_dict` shapes it, with the reflection saved for the
    period (or None), for a viewer who may see the agent's development records."""
    agent = _visible_agent(session, viewer, agent_id)
    found = audit_agent(session=session, agent=agent, period=period, settings=settings,
                        timezone=timezone)  # fmt: skip
    saved = selfaudit_repository.saved(session, agent.id, period.first, period.last)
    return {**as_dict(found), "reflection": None if saved is None else saved_dict(saved)}


def save_reflection(
    *, session: Session, viewer: Viewer, agent_id: int, period: Period, reflection: str,
    settings: KpiSettings, timezone: str,
) -> SelfAuditRecord:  # fmt: skip
    """The agent's written reflection on their self-audit for the period, kept with the
    strengths and development areas the audit found when they wrote it."""
    agent = _visible_agent(session, viewer, agent_id)
    if viewer.agent_id != agent.id:
        raise ForbiddenError("only the agent writes the reflection on their own self-audit")
    found = audit_agent(session=session, agent=agent, period=period, settings=settings,
                        timezone=timezone).audit  # fmt: skip
    record = selfaudit_repository.saved(session, agent.id, period.first, period.last)
    change = "self_audit_updated" if record else "self_audit_saved"
    if record is None:
        record = SelfAuditRecord(agent_id=agent.id, period_from=period.first,
                                 period_to=period.last, created_by_user_id=viewer.user_id)  # fmt: skip
    record.strengths = [p.kpi for p in found.strengths]
    record.development_areas = [p.kpi for p in found.development_areas]
    record.reflection = reflection
    selfaudit_repository.add(session, record)
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="self_audit", object_id=record.id,
        change=change, agent_id=agent.id,
    )  # fmt: skip
    return record


def saved_page(
    *, session: Session, viewer: Viewer, agent_id: int | None, limit: int, offset: int
) -> list[SelfAuditRecord]:
    require(viewer, selfaudit_repository.KIND)
    return selfaudit_repository.visible_page(session, viewer, agent_id=agent_id, limit=limit,
                                             offset=offset)  # fmt: skip


def saved_dict(record: SelfAuditRecord) -> dict[str, Any]:
    return {
        "id": record.id, "agent_id": record.agent_id,
        "period_from": record.period_from, "period_to": record.period_to,
        "strengths": list(record.strengths), "development_areas": list(record.development_areas),
        "reflection": record.reflection, "created_at": record.created_at,
        "updated_at": record.updated_at,
    }  # fmt: skip


def _visible_agent(session: Session, viewer: Viewer, agent_id: int) -> Agent:
    require(viewer, selfaudit_repository.KIND)
    agent = selfaudit_repository.visible_agent(session, viewer, agent_id)
    if agent is None:
        raise NotFoundError("no such agent, or not one whose development records are yours")
    return agent
