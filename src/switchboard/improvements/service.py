"""Improvement activities (Plan-Do-Review): planning one, and reviewing it against the data.

The Review compares the KPI over the days before the start with the days from it, one value per
contact (:func:`switchboard.interactions.repository.kpi_values`), through the bootstrap in
:mod:`switchboard.domain.performance.impact`. It is computed whenever it is asked for, seeded
with the improvement's id, so the same data always gives the same review.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from switchboard.access.policy import Reach, require
from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.domain.kpi import REGISTRY, KpiSettings
from switchboard.domain.performance.impact import Estimate, Impact, Verdict, review_impact, sentence
from switchboard.domain.performance.wording import label, show_day
from switchboard.improvements import repository
from switchboard.improvements.models import Control, Improvement
from switchboard.improvements.schemas import ImprovementCreate, ImprovementRead, ImprovementUpdate
from switchboard.interactions import repository as interaction_repository
from switchboard.kit.clock import zone
from switchboard.kit.errors import ForbiddenError, InputError, Location, NotFoundError
from switchboard.kit.periods import Period

FEW_AGENTS = 5
"""Below five agents, how alike one person's contacts are matters: the review says so."""
MIN_CONTACTS = 30
"""The fewest contacts each group needs: below it the bootstrap interval covers too little."""
BODY = "request body"


def create(*, session: Session, viewer: Viewer, improvement_in: ImprovementCreate) -> Improvement:
    """Plan an improvement for a team: its team leader, a manager of it, or an administrator."""
    _require_planner(viewer)
    if not _may_plan(session, viewer, improvement_in.team_id):
        raise _invalid("team_id", f"team {improvement_in.team_id} is not a team with agents "
                                  "that you lead or manage")  # fmt: skip
    _check_people(session, improvement_in)
    improvement = Improvement(
        **improvement_in.model_dump(exclude={"agent_ids", "queue_ids"}),
        created_by_user_id=viewer.user_id,
    )
    repository.add(session, improvement, improvement_in.agent_ids, improvement_in.queue_ids)
    _audit(session, viewer, improvement, "improvement_created")
    return improvement


def update(
    *, session: Session, viewer: Viewer, improvement_id: int, improvement_in: ImprovementUpdate
) -> Improvement:
    """Change the words or save the review note: those who may plan for the team."""
    improvement = get(session=session, viewer=viewer, improvement_id=improvement_id)
    _require_planner(viewer)
    if improvement.team_id is None or not _may_plan(session, viewer, improvement.team_id):
        raise ForbiddenError("only the team's leader, a manager or an administrator changes it")
    for name, value in improvement_in.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(improvement, name, value)
    session.flush()
    _audit(session, viewer, improvement, "improvement_updated")
    return improvement


def get(*, session: Session, viewer: Viewer, improvement_id: int) -> Improvement:
    require(viewer, repository.KIND)
    found = repository.visible_one(session, viewer, improvement_id)
    if found is None:
        raise NotFoundError("no such improvement activity")
    return found


def list_page(
    *, session: Session, viewer: Viewer, team_id: int | None, agent_id: int | None,
    limit: int, offset: int,
) -> list[Improvement]:  # fmt: skip
    require(viewer, repository.KIND)
    return repository.visible_page(session, viewer, team_id=team_id, agent_id=agent_id,
                                   limit=limit, offset=offset)  # fmt: skip


def find(*, session: Session, improvement_id: int) -> Improvement:
    """Any improvement by id, for the command line (which runs with the store's own rights)."""
    found = repository.get(session, improvement_id)
    if found is None:
        raise NotFoundError(f"no improvement activity {improvement_id}")
    return found


def every(*, session: Session) -> list[Improvement]:
    return repository.every(session)


def as_reads(*, session: Session, improvements: list[Improvement]) -> list[ImprovementRead]:
    """The API's shape, with each improvement's agents and queues (one query each)."""
    ids = [i.id for i in improvements]
    agents, queues = repository.members(session, ids), repository.queues(session, ids)
    return [
        ImprovementRead.model_validate(
            {**_columns(i), "agent_ids": agents.get(i.id, []), "queue_ids": queues.get(i.id, [])}
        )
        for i in improvements
    ]


def _columns(improvement: Improvement) -> dict[str, Any]:
    return {c.key: getattr(improvement, c.key) for c in Improvement.__table__.columns}


def _require_planner(viewer: Viewer) -> None:
    if require(viewer, repository.KIND) < Reach.LED_TEAMS:
        raise ForbiddenError(
            "only a team leader, a manager or an administrator plans improvement activities"
        )


def _may_plan(session: Session, viewer: Viewer, team_id: int) -> bool:
    """A team the viewer sees every agent of, through the access policy: their own team as its
    leader, a team at a manager's site, any team for an administrator."""
    if repository.team(session, team_id) is None:
        return False
    has_agents = bool(repository.team_agent_ids(session, team_id))
    return has_agents and repository.hidden_team_members(session, viewer, team_id) == 0


def _check_people(session: Session, improvement_in: ImprovementCreate) -> None:
    team = set(repository.team_agent_ids(session, improvement_in.team_id))
    for n, agent_id in enumerate(improvement_in.agent_ids):
        if agent_id not in team:
            raise _invalid(f"agent_ids.{n}", f"agent {agent_id} is not in team "
                                             f"{improvement_in.team_id}")  # fmt: skip
    if improvement_in.control is Control.REST_OF_TEAM and team <= set(improvement_in.agent_ids):
        raise _invalid("control", "the whole team is involved, so no one is left to compare with")
    known = repository.known_queue_ids(session, improvement_in.queue_ids)
    for n, queue_id in enumerate(improvement_in.queue_ids):
        if queue_id not in known:
            raise _invalid(f"queue_ids.{n}", f"no queue {queue_id}")


def _invalid(field: str, reason: str) -> InputError:
    return InputError(Location(BODY, field=field), reason)


def _audit(session: Session, viewer: Viewer, improvement: Improvement, change: str) -> None:
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="improvement",
        object_id=improvement.id, change=change, team_id=improvement.team_id,
    )  # fmt: skip


# --- the Review ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    improvement: Improvement
    queue_ids: list[int]
    before: Period
    after: Period
    agents: int
    control_agents: int | None
    impact: Impact
    cautions: tuple[str, ...]
    settings: dict[str, Any]


def review(
    *, session: Session, improvement: Improvement, settings: KpiSettings, timezone: str,
    today: date,
) -> Review:  # fmt: skip
    """The improvement's KPI before against after, and against the rest of the team as a
    difference-in-differences when that is its control. ``today`` is the centre's date."""
    before, after = windows(improvement)
    queues = repository.queues(session, [improvement.id]).get(improvement.id, [])
    group, others = _groups(session, improvement)

    def values(agents: list[int], period: Period) -> Any:
        start, end = period.window(zone(timezone))
        return interaction_repository.kpi_values(
            session, kpi=improvement.kpi, start=start, end=end, settings=settings,
            agent_ids=agents, queue_ids=queues or None,
        )  # fmt: skip

    impact = review_impact(
        values(group, before), values(group, after), better=REGISTRY[improvement.kpi].better,
        seed=improvement.id, min_contacts=MIN_CONTACTS,
        control_before=None if others is None else values(others, before),
        control_after=None if others is None else values(others, after),
    )  # fmt: skip
    meta = {**settings.as_dict(), "timezone": timezone, "min_contacts": MIN_CONTACTS}
    return Review(improvement, queues, before, after, len(group),
                  None if others is None else len(others), impact,
                  _cautions(impact, len(group), after, today), meta)  # fmt: skip


def windows(improvement: Improvement) -> tuple[Period, Period]:
    """The local days before the start, and the days from it, that the review compares."""
    started = improvement.started_on
    before = Period(started - timedelta(days=improvement.before_days), started - timedelta(days=1))
    return before, Period(started, started + timedelta(days=improvement.after_days - 1))


def _groups(session: Session, improvement: Improvement) -> tuple[list[int], list[int] | None]:
    """The agents involved (listed, else the whole team) and the control group, if any: the
    team's agents not involved."""
    team = repository.team_agent_ids(session, improvement.team_id)
    group = repository.members(session, [improvement.id]).get(improvement.id) or team
    if improvement.control is not Control.REST_OF_TEAM:
        return group, None
    return group, sorted(set(team) - set(group))


def _cautions(impact: Impact, agents: int, after: Period, today: date) -> tuple[str, ...]:
    found = []
    if today <= after.last:
        found.append(f"The after period runs to {show_day(after.last)}: this review covers "
                     "only the days so far.")  # fmt: skip
    if impact.verdict is not Verdict.INSUFFICIENT_DATA and agents < FEW_AGENTS:
        people = "agent stands" if agents == 1 else "agents stand"
        found.append(f"Only {agents} {people} behind these figures. Contacts handled by the same "
                     "person are alike, so the interval is narrower than it should be: read it "
                     "as a guide, not as proof.")  # fmt: skip
    return tuple(found)


def review_dict(found: Review) -> dict[str, Any]:
    """The stable JSON shape of a review (documented in docs/performance-management.md)."""
    improvement, impact = found.improvement, found.impact
    kpi = REGISTRY[improvement.kpi]
    judged = impact.verdict is not Verdict.INSUFFICIENT_DATA
    contacts = (*impact.contacts, None, None)[:4]
    return {
        "improvement_id": improvement.id, "title": improvement.title, "kpi": kpi.name,
        "kpi_title": label(kpi.name), "unit": kpi.unit.value, "better": kpi.better.value,
        "control": improvement.control.value,
        "before": found.before.as_dict(), "after": found.after.as_dict(),
        "agents": found.agents, "control_agents": found.control_agents,
        "queue_ids": found.queue_ids,
        "before_value": _number(impact.before), "after_value": _number(impact.after),
        "control_before_value": _number(impact.control_before),
        "control_after_value": _number(impact.control_after),
        "contacts": dict(zip(("before", "after", "control_before", "control_after"), contacts,
                             strict=True)),
        "relative_change": _estimate(impact.relative) if judged else None,
        "absolute_change": _estimate(impact.absolute) if judged else None,
        "verdict": impact.verdict.value, "reason": impact.reason,
        "sentence": sentence(impact, title=label(kpi.name), unit=kpi.unit),
        "cautions": list(found.cautions), "confidence": impact.confidence,
        "resamples": impact.resamples, "seed": improvement.id,
        "review_note": improvement.review_note, "settings": found.settings,
    }  # fmt: skip


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else value


def _estimate(estimate: Estimate) -> dict[str, float]:
    return {"value": estimate.value, "low": estimate.low, "high": estimate.high}
