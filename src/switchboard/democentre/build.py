"""The demo centre as a simulation model: queues with their arrival rates, agents on rosters."""

from dataclasses import dataclass

import numpy as np

from switchboard.democentre.calendar import INTERVAL_SECONDS, Calendar
from switchboard.democentre.centre import QUEUES, SKILL_GROUPS, QueueSpec
from switchboard.democentre.curves import FloatArray
from switchboard.democentre.demand import arrival_rates, contact_shares, team_demand
from switchboard.democentre.rosters import RosterShift, team_roster
from switchboard.democentre.staff import StaffMember, hire
from switchboard.domain.queueing.simulation import (
    Absence,
    Agent,
    CallbackOffer,
    Model,
    Patience,
    Queue,
    ServiceTime,
    Shift,
)

# A caller still waiting after two minutes may take a call back instead (virtual hold).
CALLBACK = CallbackOffer(after_seconds=120.0, accept_probability=0.3, queue="Retail Banking")


@dataclass(frozen=True)
class Centre:
    """Everything generated before the simulation runs."""

    calendar: Calendar
    staff: list[StaffMember]
    shifts: list[RosterShift]
    rates: dict[str, FloatArray]
    model: Model


def plan_centre(calendar: Calendar, agents: int, rng: np.random.Generator) -> Centre:
    staff = hire(agents, rng)
    shares = contact_shares(calendar)
    shifts: list[RosterShift] = []
    for team in SKILL_GROUPS:
        members = [i for i, member in enumerate(staff) if member.team == team]
        if members:
            demand = team_demand(team, shares)
            shifts += team_roster(members=members, demand=demand, calendar=calendar, rng=rng)
    rates = arrival_rates(shares, shifts)
    model = Model(
        queues=tuple(_queue(spec, rates[spec.name]) for spec in QUEUES),
        agents=tuple(_agent(i, member, shifts, calendar) for i, member in enumerate(staff)),
        interval_seconds=INTERVAL_SECONDS,
        horizon_seconds=calendar.horizon_seconds,
    )
    return Centre(calendar, staff, shifts, rates, model)


def _queue(spec: QueueSpec, rates: FloatArray) -> Queue:
    patience = Patience.none() if spec.patience is None else Patience.lognormal(*spec.patience)
    return Queue(
        name=spec.name,
        channel=spec.channel,
        arrival_rates=tuple(float(r) for r in rates),
        service=ServiceTime.lognormal(spec.handle_mean, spec.handle_sd),
        patience=patience,
        wrap_share=spec.wrap_share,
        callback=CALLBACK if spec.name == CALLBACK.queue else None,
    )


def _agent(index: int, member: StaffMember, shifts: list[RosterShift], calendar: Calendar) -> Agent:
    own = [s for s in shifts if s.agent == index]
    return Agent(
        name=member.name,
        skills=dict(member.team.skills),
        speed=member.speed,
        shifts=tuple(_shift(s, calendar) for s in own),
    )


def _shift(shift: RosterShift, calendar: Calendar) -> Shift:
    def at(hour: float) -> float:
        return calendar.seconds(shift.day, hour)

    return Shift(
        start=at(shift.start),
        end=at(shift.end),
        absences=tuple(Absence(at(start), at(end), state) for start, end, state in shift.absences),
    )
