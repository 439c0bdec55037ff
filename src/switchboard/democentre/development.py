"""The demo's development records: the coaching that the simulation built into the data
(:mod:`switchboard.democentre.coaching`), and what a team would keep around it.

- Grace Holloway, the Retail team leader, records the improvement activity ("call control
  coaching") for the four coached agents, with the rest of the team as control: its review finds
  the effect the simulation put there.
- Grace coaches each of them (GROW, with actions) and follows the demo agent up at a
  one-to-one; the manager's objective, Grace's team goal and the demo agent's personal goals
  and feedback come from :mod:`switchboard.democentre.development_plans`.
- The demo agent (the first coached agent) keeps a self-audit reflection, a STAR entry and a
  wellbeing check-in.

Everything goes through the services, as a person's would, so every record passes the same
checks and is audited. Nothing is added twice: a store that has the improvement already is left
as it is.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.democentre import development_plans as plans
from switchboard.democentre import repository
from switchboard.democentre.calendar import Calendar
from switchboard.democentre.coaching import Coaching
from switchboard.democentre.loading import SOURCE_SYSTEM
from switchboard.democentre.signins import DemoPeople
from switchboard.democentre.staff import StaffMember
from switchboard.domain.kpi import KpiSettings
from switchboard.improvements import service as improvement_service
from switchboard.improvements.models import Control
from switchboard.improvements.schemas import ImprovementCreate
from switchboard.kit.clock import zone
from switchboard.kit.periods import Period
from switchboard.kpis import repository as kpi_repository
from switchboard.reflections import service as reflection_service
from switchboard.reflections.schemas import ReflectionCreate
from switchboard.selfaudits import service as selfaudit_service
from switchboard.wellbeing import service as wellbeing_service
from switchboard.wellbeing.schemas import CheckInCreate

IMPROVEMENT_TITLE = "Call control coaching: signpost, summarise, close"
MIN_DAYS = 7
"""An improvement review compares at least a week on each side."""


@dataclass(frozen=True)
class Seeded:
    improvement_id: int | None
    """None when the store had the demo's improvement already (or the centre is too short)."""


def seed_development(
    *, session: Session, people: DemoPeople, staff: list[StaffMember], calendar: Calendar,
    coaching: Coaching | None, settings: KpiSettings, timezone: str,
) -> Seeded:  # fmt: skip
    """The demo's development records, once: see the module docstring."""
    if coaching is None or repository.has_improvement_titled(session, IMPROVEMENT_TITLE):
        return Seeded(None)
    coached = _agent_ids(session, [staff[i].name for i in coaching.agents])
    days = _days_each_side(session, calendar, coaching, timezone)
    if len(coached) < len(coaching.agents) or days < MIN_DAYS:
        return Seeded(None)  # a store of another centre than the one ``staff`` describes
    leader, agent, manager = (load_viewer(session=session, user=people.users[name])
                              for name in ("teamleader", "agent", "manager"))  # fmt: skip
    improvement = _improvement(session, leader, coached, days, coaching)
    plans.coach(session=session, leader=leader, coached=coached, demo_agent=agent.agent_id,
                day=coaching.day, timezone=timezone)  # fmt: skip
    if agent.agent_id is not None:
        last_day = calendar.first_monday + timedelta(days=calendar.days - 1)
        plans.set_goals(session=session, manager=manager, leader=leader, agent=agent,
                        team_id=min(leader.led_team_ids), settings=settings, timezone=timezone,
                        last_day=last_day)  # fmt: skip
        plans.give_feedback(session=session, leader=leader, agent_id=agent.agent_id)
        _agent_records(session, agent, calendar, improvement, settings, timezone)
    return Seeded(improvement)


def _agent_ids(session: Session, names: list[str]) -> list[int]:
    found = repository.agents_by_alias(session, SOURCE_SYSTEM, names)
    return [found[name].id for name in names if name in found]


def _days_each_side(session: Session, calendar: Calendar, coaching: Coaching, timezone: str) -> int:
    """Whole days generated on both sides of the coaching day, up to 28; 0 when the store's
    history does not reach both sides (it holds another centre than ``calendar`` describes)."""
    first, last = kpi_repository.history_span(session)
    tz = zone(timezone)
    if first is None or last is None:
        return 0
    if not first.astimezone(tz).date() < coaching.day <= last.astimezone(tz).date():
        return 0
    end = calendar.first_monday + timedelta(days=calendar.days)
    return min(28, (coaching.day - calendar.first_monday).days, (end - coaching.day).days)


def _improvement(
    session: Session, leader: Viewer, coached: list[int], days: int, coaching: Coaching
) -> int:
    assert leader.led_team_ids, "the demo team leader leads the Retail team"
    plan = ImprovementCreate(
        title=IMPROVEMENT_TITLE,
        change="Grace coached four agents on call control: signpost the call at the start, "
        "summarise the agreed next steps, and close without re-reading the account notes. "
        "Side-by-side listening, then a one-to-one each on the first Monday.",
        kpi="aht", team_id=min(leader.led_team_ids), agent_ids=coached,
        started_on=coaching.day, before_days=days, after_days=days, control=Control.REST_OF_TEAM,
    )  # fmt: skip
    return improvement_service.create(session=session, viewer=leader, improvement_in=plan).id


def _agent_records(
    session: Session, agent: Viewer, calendar: Calendar, improvement: int,
    settings: KpiSettings, timezone: str,
) -> None:  # fmt: skip
    assert agent.agent_id is not None
    last_four_weeks = Period(calendar.first_monday + timedelta(days=calendar.days - 28),
                             calendar.first_monday + timedelta(days=calendar.days - 1))  # fmt: skip
    selfaudit_service.save_reflection(
        session=session, viewer=agent, agent_id=agent.agent_id, period=last_four_weeks,
        reflection="Since the call-control coaching my calls are shorter and I summarise before "
        "closing. I want to keep an eye on resolution: a quicker call is no good if the customer "
        "has to ring back.", settings=settings, timezone=timezone,
    )  # fmt: skip
    star = ReflectionCreate(
        situation="A customer rang about a direct debit that had failed twice.",
        task="Find out why, put it right, and make sure they did not need to call again.",
        action="I signposted the call, checked the mandate while they held, and summarised the "
        "fix and what they would see on their statement before closing.",
        result="Sorted on one call; the customer thanked me for explaining it clearly.",
        evidence=[{"kind": "improvement", "ref_id": improvement}],
    )  # fmt: skip
    reflection_service.create(session=session, viewer=agent, reflection_in=star)
    check_in = CheckInCreate(mood=4, workload=3, note="Busy Monday, but the new call flow helps.")
    wellbeing_service.record_check_in(session=session, viewer=agent, check_in_in=check_in)
