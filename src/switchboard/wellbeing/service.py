"""Wellbeing: the agent's own check-ins, and signals read from their states and contacts
(:mod:`switchboard.domain.performance.wellbeing`) as prompts for a conversation.

Both are private to the agent and their team leader (``Kind.PRIVATE_DEVELOPMENT``): a manager
or an administrator is refused (403), and anyone else is told there is no such agent (404). A
team's view lists each member's signals in order of name, and nothing is ever ranked or scored.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from switchboard.access.policy import require
from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.domain.performance import wellbeing as signals
from switchboard.domain.performance.wellbeing import (
    DifficultCounts,
    HandledContact,
    Signal,
    StateInterval,
)
from switchboard.kit.clock import zone
from switchboard.kit.errors import ForbiddenError, NotFoundError
from switchboard.kit.periods import Period
from switchboard.people.models import Agent, Team
from switchboard.wellbeing import repository
from switchboard.wellbeing.models import WellbeingCheckIn
from switchboard.wellbeing.schemas import CheckInCreate

RECENT_DAYS = 7
SETTINGS: dict[str, Any] = {
    "occupancy_threshold": signals.OCCUPANCY_THRESHOLD,
    "occupancy_window_seconds": signals.OCCUPANCY_WINDOW,
    "min_ready_share": signals.MIN_READY_SHARE,
    "max_run_seconds": signals.MAX_RUN,
    "min_break_seconds": signals.MIN_BREAK,
    "difficult_threshold": signals.DIFFICULT_THRESHOLD,
    "min_contacts": signals.MIN_CONTACTS,
}
"""The thresholds every signal uses, shown with each answer (the domain's defaults)."""


def recent(today: date) -> Period:
    """The default period: the last seven days, today included."""
    return Period(today - timedelta(days=RECENT_DAYS - 1), today)


def record_check_in(
    *, session: Session, viewer: Viewer, check_in_in: CheckInCreate
) -> WellbeingCheckIn:
    """A check-in by the signed-in agent, about themselves."""
    require(viewer, repository.KIND)
    if viewer.agent_id is None:
        raise ForbiddenError("only an agent records a wellbeing check-in, about themselves")
    check_in = WellbeingCheckIn(agent_id=viewer.agent_id, **check_in_in.model_dump())
    repository.add_check_in(session, check_in)
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="wellbeing_checkin",
        object_id=check_in.id, change="checkin_recorded", agent_id=viewer.agent_id,
    )  # fmt: skip
    return check_in


def check_in_page(
    *, session: Session, viewer: Viewer, agent_id: int | None, limit: int, offset: int
) -> list[WellbeingCheckIn]:
    require(viewer, repository.KIND)
    return repository.check_in_page(session, viewer, agent_id=agent_id, limit=limit,
                                    offset=offset)  # fmt: skip


@dataclass(frozen=True)
class AgentSignals:
    agent_id: int
    agent: str
    signals: tuple[Signal, ...]
    counts: DifficultCounts
    check_ins: tuple[WellbeingCheckIn, ...]


def for_agent(
    *, session: Session, viewer: Viewer, agent_id: int, period: Period, timezone: str
) -> AgentSignals:
    require(viewer, repository.KIND)
    agent = repository.visible_agent(session, viewer, agent_id)
    if agent is None:
        raise NotFoundError("no such agent, or not one whose wellbeing is yours to see")
    (found,) = read_signals(session=session, agents=[agent], period=period, timezone=timezone)
    return found


def for_team(
    *, session: Session, viewer: Viewer, team_id: int, period: Period, timezone: str
) -> tuple[Team, list[AgentSignals]]:
    """Each member's signals whom the viewer may see, in order of name: a team leader sees
    their whole team. No visible member answers as no such team."""
    require(viewer, repository.KIND)
    team = repository.team(session, team_id)
    members = repository.visible_members(session, viewer, team_id) if team else []
    if team is None or not members:
        raise NotFoundError("no such team, or none whose wellbeing is yours to see")
    return team, read_signals(session=session, agents=members, period=period, timezone=timezone)


def read_signals(
    *, session: Session, agents: list[Agent], period: Period, timezone: str
) -> list[AgentSignals]:
    """The signals of each agent over the period (local days), in the order given."""
    start, end = period.window(zone(timezone))
    ids = [a.id for a in agents]
    states = repository.states(session, ids, start, end)
    contacts = repository.handled_contacts(session, ids, start, end)
    check_ins = repository.check_ins(session, ids, start, end)
    found = []
    for agent in agents:
        handled = [
            HandledContact(complaint=complaint, escalated=escalated, csat_very_low=very_low)
            for complaint, escalated, very_low in contacts.get(agent.id, [])
        ]
        found.append(AgentSignals(
            agent.id, agent.display_name,
            _signals(_clipped(states.get(agent.id, []), start, end), handled),
            signals.difficult_counts(handled), tuple(check_ins.get(agent.id, [])),
        ))  # fmt: skip
    return found


def _clipped(
    rows: list[tuple[str, datetime, datetime]], start: datetime, end: datetime
) -> list[StateInterval]:
    """The intervals cut to the period, so a shift across its edge counts only inside it."""
    return [
        StateInterval(state, max(began, start), min(ended, end))
        for state, began, ended in rows
        if min(ended, end) > max(began, start)
    ]


def _signals(intervals: list[StateInterval], handled: list[HandledContact]) -> tuple[Signal, ...]:
    timed = [*signals.sustained_occupancy(intervals), *signals.long_runs_without_break(intervals)]
    timed.sort(key=lambda s: (s.start.timestamp() if s.start else 0.0, s.kind.value))
    difficult = signals.difficult_contact_share(handled)
    return (*timed, *([difficult] if difficult else []))


def as_dict(found: AgentSignals) -> dict[str, Any]:
    """One member's signals in the API's shape (``MemberWellbeingRead``)."""
    latest = found.check_ins[-1] if found.check_ins else None
    return {
        "agent_id": found.agent_id,
        "agent": found.agent,
        "signals": [
            {
                "kind": s.kind,
                "figure": s.figure,
                "message": s.message,
                "start": s.start,
                "end": s.end,
            }
            for s in found.signals
        ],
        "contacts": vars(found.counts),
        "check_ins": len(found.check_ins),
        "latest_check_in": latest,
    }
