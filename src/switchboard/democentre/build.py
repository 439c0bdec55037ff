"""The demo centre as a simulation model: queues with their arrival rates, agents on rosters."""

from dataclasses import dataclass

import numpy as np

from switchboard.democentre.calendar import INTERVAL_SECONDS, Calendar
from switchboard.democentre.centre import QUEUES, SKILL_GROUPS, QueueSpec
from switchboard.democentre.coaching import SPEED_AFTER, Coaching, plan_coaching
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
    coaching: Coaching | None
    staff_of: tuple[int, ...]
    """For each simulated agent, the staff member it is: a coached agent is simulated twice,
    before and after their coaching (:mod:`switchboard.democentre.coaching`)."""


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
    coaching = plan_coaching(calendar, staff)
    simulated = _simulated_agents(staff, shifts, calendar, coaching)
    model = Model(
        queues=tuple(_queue(spec, rates[spec.name]) for spec in QUEUES),
        agents=tuple(agent for _, agent in simulated),
        interval_seconds=INTERVAL_SECONDS,
        horizon_seconds=calendar.horizon_seconds,
    )
    staff_of = tuple(index for index, _ in simulated)
    return Centre(calendar, staff, shifts, rates, model, coaching, staff_of)


def _simulated_agents(
    staff: list[StaffMember], shifts: list[RosterShift], calendar: Calendar,
    coaching: Coaching | None,
) -> list[tuple[int, Agent]]:  # fmt: skip
    """Each staff member as a simulated agent, a coached one as two: before and after."""
    simulated = []
    for index, member in enumerate(staff):
        own = [s for s in shifts if s.agent == index]
        if coaching is None or index not in coaching.agents:
            simulated.append(
                (index, _agent(member, own, calendar, name=member.name, speed=member.speed))
            )
            continue
        before = [s for s in own if s.day < coaching.day]
        after = [s for s in own if s.day >= coaching.day]
        # A simulated agent without shifts would be on duty all the time: leave an empty half out.
        if before:
            simulated.append(
                (index, _agent(member, before, calendar, name=member.name, speed=member.speed))
            )
        if after:
            faster = round(member.speed * SPEED_AFTER, 3)
            coached = _agent(member, after, calendar, name=f"{member.name} (coached)", speed=faster)
            simulated.append((index, coached))
    return simulated


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


def _agent(
    member: StaffMember, own: list[RosterShift], calendar: Calendar, *, name: str, speed: float
) -> Agent:
    return Agent(
        name=name,
        skills=dict(member.team.skills),
        speed=speed,
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
