"""Wellbeing signals read from the store for one agent's hand-built day, on both databases.

Wes, Tuesday 24 November 2026 (London is on GMT, so UTC and local times agree):

    08:00-10:30  on a contact 9.5 minutes, available 0.5, fifteen times: occupancy 95%
    10:30-11:30  lunch
    11:30-13:30  on a contact: occupancy 100%
    13:30-13:45  break
    13:45-14:15  available

Sustained occupancy (90% or more over 2 hours, windows every 5 minutes, each at least 80% ready
time, 96 minutes): windows from 08:00 to 08:50 qualify (from 08:55 less than 96 minutes are
ready before lunch), making 08:00-10:50, cut to its ready time: 08:00-10:30 at 95%. Windows from
11:10 (100 ready minutes, all busy) to 11:55 (95 busy of 105 ready, 90.5%) qualify; 12:00 has
90 busy of 105 (86%). That makes 11:10-13:55, cut to 11:30-13:55: 120 busy minutes of 130
ready (92.3%). Long runs (over 2 hours with no break of 5 minutes): 08:00-10:30 only, 2 h 30
min; 11:30-13:30 is exactly 2 hours, not over.

Contacts answered that day: 20. Three have the disposition "Complaint", two were escalated (one
of them a complaint too), two got CSAT 1 on 1-5 (the bottom box) and one CSAT 2 (not). Difficult:
3 + 1 + 2 = 6 of 20 = 30%, over the 25% threshold. A complaint the day before and an abandoned
call do not count.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from switchboard.db.engine import unit_of_work
from switchboard.domain.performance.wellbeing import Kind
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.interactions.models import (
    AgentState,
    AgentStateInterval,
    Direction,
    Interaction,
    Outcome,
)
from switchboard.kit.periods import Period
from switchboard.people.models import Agent, Channel, Queue
from switchboard.surveys.models import SurveyKind, SurveyResponse
from switchboard.wellbeing import service
from switchboard.wellbeing.models import WellbeingCheckIn

DAY = date(2026, 11, 24)
NINE = datetime(2026, 11, 24, 8, tzinfo=UTC)


def at(hour: int, minute: int = 0) -> datetime:
    return NINE.replace(hour=hour, minute=minute)


def _states(agent_id: int, batch_id: int) -> list[AgentStateInterval]:
    spans = []
    for n in range(15):
        start, ready = at(8) + timedelta(minutes=10 * n), timedelta(minutes=9.5)
        spans += [("on_contact", start, start + ready),
                  ("available", start + ready, start + timedelta(minutes=10))]  # fmt: skip
    spans += [("lunch", at(10, 30), at(11, 30)), ("on_contact", at(11, 30), at(13, 30)),
              ("break", at(13, 30), at(13, 45)), ("available", at(13, 45), at(14, 15))]  # fmt: skip
    return [_state(agent_id, batch_id, n, *span) for n, span in enumerate(spans)]


def _state(
    agent_id: int, batch_id: int, n: int, state: str, start: datetime, end: datetime
) -> AgentStateInterval:
    return AgentStateInterval(
        source_system="test", source_id=f"s{n}", batch_id=batch_id, agent_id=agent_id,
        state=AgentState(state), started_at=start, ended_at=end,
    )  # fmt: skip


def _contacts(agent_id: int, batch_id: int, queue_id: int) -> list[Interaction]:
    flags = (
        [("Complaint", False)] * 2 + [("complaint", True), (None, True)] + [("billing", False)] * 16
    )
    rows = [(at(9) + timedelta(minutes=5 * n), Outcome.ANSWERED, *f) for n, f in enumerate(flags)]
    rows += [(at(9) - timedelta(days=1), Outcome.ANSWERED, "complaint", False),
             (at(11), Outcome.ABANDONED, "complaint", False)]  # fmt: skip
    return [_contact(agent_id, batch_id, queue_id, n, *row) for n, row in enumerate(rows)]


def _contact(
    agent_id: int, batch_id: int, queue_id: int, n: int, arrived: datetime, outcome: Outcome,
    disposition: str | None, escalated: bool,
) -> Interaction:  # fmt: skip
    return Interaction(
        source_system="test", source_id=f"c{n}", batch_id=batch_id, contact_ref=f"c{n}",
        channel=Channel.VOICE, direction=Direction.INBOUND, queue_id=queue_id,
        agent_id=agent_id, arrived_at=arrived, outcome=outcome, disposition=disposition,
        escalated=escalated,
    )  # fmt: skip


def _survey(batch_id: int, contact: Interaction, score: float) -> SurveyResponse:
    return SurveyResponse(
        source_system="test", source_id=f"v{contact.id}", batch_id=batch_id,
        interaction_source_system="test", interaction_source_id=contact.source_id,
        interaction_id=contact.id, kind=SurveyKind.CSAT, score=score, scale_min=1, scale_max=5,
        responded_at=at(16),
    )  # fmt: skip


@pytest.fixture
def wes(engine: Engine) -> Agent:
    with unit_of_work(engine) as session:
        batch = IngestBatch(source="test", file_name="wes.csv", file_digest="0" * 64,
                            file_bytes=0, status=BatchStatus.COMPLETED)  # fmt: skip
        queue = Queue(name="Sales", channel=Channel.VOICE, service_level_seconds=20)
        agent = Agent(display_name="Wes")
        session.add_all([batch, queue, agent])
        session.flush()
        session.add_all(_states(agent.id, batch.id))
        contacts = _contacts(agent.id, batch.id, queue.id)
        session.add_all(contacts)
        session.flush()
        session.add_all([_survey(batch.id, contacts[10], 1), _survey(batch.id, contacts[11], 1),
                         _survey(batch.id, contacts[12], 2)])  # fmt: skip
        session.add_all([
            WellbeingCheckIn(agent_id=agent.id, recorded_at=at(8), mood=4, workload=3),
            WellbeingCheckIn(agent_id=agent.id, recorded_at=at(15, 30), mood=2, workload=5,
                             note="Long queue all afternoon"),
            WellbeingCheckIn(agent_id=agent.id, recorded_at=at(8) - timedelta(days=2), mood=5,
                             workload=3),
        ])  # fmt: skip
        return agent


def _read(engine: Engine, agent: Agent) -> service.AgentSignals:
    with unit_of_work(engine) as session:
        (found,) = service.read_signals(session=session, agents=[agent], period=Period(DAY, DAY),
                                        timezone="Europe/London")  # fmt: skip
    return found


def test_it_finds_sustained_occupancy_and_a_long_run_in_the_states(
    engine: Engine, wes: Agent
) -> None:
    found = _read(engine, wes)
    timed = [(s.kind, s.start, s.end, s.figure) for s in found.signals if s.start is not None]
    assert timed == [
        (Kind.LONG_RUN, at(8), at(10, 30), 9000.0),
        (Kind.SUSTAINED_OCCUPANCY, at(8), at(10, 30), pytest.approx(0.95)),
        (Kind.SUSTAINED_OCCUPANCY, at(11, 30), at(13, 55), pytest.approx(120 / 130)),
    ]
    run, morning, afternoon = found.signals[:3]
    assert run.message.startswith("Worked 2 h 30 min without a break of 5 min or more.")
    assert morning.message.startswith("Occupancy stayed at 90% or more for 2 h 30 min (95%")
    assert afternoon.message.startswith("Occupancy stayed at 90% or more for 2 h 25 min (92%")


def test_it_counts_difficult_contacts_once_each_and_only_that_days(
    engine: Engine, wes: Agent
) -> None:
    found = _read(engine, wes)
    counts = found.counts
    assert (counts.handled, counts.difficult) == (20, 6)
    assert (counts.complaints, counts.escalations, counts.very_low_csat) == (3, 2, 2)
    difficult = found.signals[-1]
    assert difficult.kind is Kind.DIFFICULT_CONTACTS
    assert difficult.figure == pytest.approx(0.3)
    assert difficult.message.startswith(
        "6 of 20 contacts (30%) were difficult: 3 complaints, 2 escalations, 2 very low CSAT "
        "scores."
    )


def test_it_keeps_the_periods_check_ins_with_the_latest_last(engine: Engine, wes: Agent) -> None:
    found = _read(engine, wes)
    assert [(c.mood, c.workload) for c in found.check_ins] == [(4, 3), (2, 5)]
    shaped = service.as_dict(found)
    assert shaped["check_ins"] == 2
    assert shaped["latest_check_in"].note == "Long queue all afternoon"
    assert shaped["contacts"] == {"handled": 20, "difficult": 6, "complaints": 3,
                                  "escalations": 2, "very_low_csat": 2}  # fmt: skip


def test_a_quiet_day_gives_no_signals(engine: Engine, wes: Agent) -> None:
    with unit_of_work(engine) as session:
        (found,) = service.read_signals(
            session=session, agents=[wes], period=Period(DAY + timedelta(days=1),
                                                         DAY + timedelta(days=1)),
            timezone="Europe/London",
        )  # fmt: skip
    assert found.signals == ()
    assert found.counts.handled == 0
