"""``demo generate``: plan the centre, simulate it, give contacts customers and surveys, write CSV.

Each stage draws from its own random stream spawned from the seed, so the same arguments give
byte-identical files, and changing one stage (say, the survey model) leaves the others as they were.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from switchboard.democentre import rows
from switchboard.democentre.build import Centre, plan_centre
from switchboard.democentre.calendar import Calendar, last_full_weeks_start
from switchboard.democentre.coaching import merged
from switchboard.democentre.customers import Assignment, Contacts, Identities, assign
from switchboard.democentre.files import write_csv
from switchboard.democentre.loading import SOURCE_SYSTEM
from switchboard.democentre.staff import StaffMember, hire
from switchboard.democentre.surveys import Answered, survey_rows
from switchboard.domain.queueing.simulation import (
    ABANDONED,
    ANSWERED,
    INBOUND,
    SimulationResult,
    simulate,
)
from switchboard.domain.queueing.simulation.rows import (
    AGENT_STATE_COLUMNS,
    INTERACTION_COLUMNS,
    agent_state_table,
    contact_source_ids,
    interaction_table,
)
from switchboard.kit.clock import zone

TRANSFER_SHARE = 0.04  # answered calls passed to another team (flagged; they come back more often)
FILE_NAMES = {
    "interactions": "interactions.csv",
    "agent-states": "agent-states.csv",
    "surveys": "surveys.csv",
}


@dataclass(frozen=True)
class DemoRequest:
    weeks: int = 8
    agents: int = 60
    seed: int = 1
    today: date | None = None
    """The last generated week is the last whole week before this day (default: today)."""
    timezone: str = "Europe/London"

    def calendar(self) -> Calendar:
        today = self.today or date.today()
        return Calendar(last_full_weeks_start(today, self.weeks), self.weeks, zone(self.timezone))

    def prefix(self, calendar: Calendar) -> str:
        """Every source id starts with the run's arguments: a different centre never shares ids."""
        return f"{calendar.first_monday:%Y%m%d}-w{self.weeks}-a{self.agents}-s{self.seed}"


@dataclass(frozen=True)
class Generated:
    files: dict[str, Path]
    rows: dict[str, int]
    calendar: Calendar
    centre: Centre


def generate(request: DemoRequest, folder: Path) -> Generated:
    plan_rng, sim_seed, people_rng, survey_rng, identity_rng = _streams(request.seed)
    calendar = request.calendar()
    centre = plan_centre(calendar, request.agents, plan_rng)
    simulated = simulate(centre.model, seed=int(sim_seed.integers(2**63)))
    result = merged(simulated, centre.staff_of, [member.name for member in centre.staff])
    transferred = _transfers(result, people_rng)
    who = assign(_contacts(result, transferred), people_rng)
    files = {kind: folder / name for kind, name in FILE_NAMES.items()}
    counts = _write(request, calendar, result, who, transferred, files, survey_rng, identity_rng)
    return Generated(files, counts, calendar, centre)


def demo_staff(request: DemoRequest) -> list[StaffMember]:
    """The staff :func:`generate` would hire, without simulating anything: planning hires first,
    from its own stream, so this is the same list in a fraction of a millisecond."""
    plan_rng = _streams(request.seed)[0]
    return hire(request.agents, plan_rng)


def _streams(seed: int) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)]


def _transfers(result: SimulationResult, rng: np.random.Generator) -> np.ndarray:
    voice = np.array([c == "voice" for c in result.channels])[result.contacts_queue]
    answered = result.contacts_outcome == ANSWERED
    return np.asarray(answered & voice & (rng.random(len(answered)) < TRANSFER_SHARE))


def _contacts(result: SimulationResult, transferred: np.ndarray) -> Contacts:
    return Contacts(
        queue=result.contacts_queue,
        arrival=result.contacts_arrival,
        answered=result.contacts_outcome == ANSWERED,
        abandoned=result.contacts_outcome == ABANDONED,
        handle=result.contacts_handle,
        transferred=transferred,
        inbound=result.contacts_direction == INBOUND,
        origin=result.contacts_origin,
    )


def _write(
    request: DemoRequest,
    calendar: Calendar,
    result: SimulationResult,
    who: Assignment,
    transferred: np.ndarray,
    files: dict[str, Path],
    survey_rng: np.random.Generator,
    identity_rng: np.random.Generator,
) -> dict[str, int]:
    prefix, start = request.prefix(calendar), calendar.start
    ids = contact_source_ids(prefix, len(result.contacts_queue))
    contacts = rows.interaction_rows(
        interaction_table(result, start, prefix), who, transferred, Identities(identity_rng)
    )
    states = rows.agent_state_rows(agent_state_table(result, start, prefix))
    responses = survey_rows(
        _answered(result, who, ids), agents=len(result.agent_names), start=start,
        source_system=SOURCE_SYSTEM, rng=survey_rng,
    )  # fmt: skip
    return {
        "interactions": write_csv(
            files["interactions"], (*INTERACTION_COLUMNS, *rows.CUSTOMER_COLUMNS), contacts
        ),
        "agent-states": write_csv(files["agent-states"], AGENT_STATE_COLUMNS, states),
        "surveys": write_csv(
            files["surveys"],
            rows.SURVEY_COLUMNS,
            ([r[c] for c in rows.SURVEY_COLUMNS] for r in responses),
        ),
    }


def _answered(result: SimulationResult, who: Assignment, ids: list[str]) -> Answered:
    chosen = np.flatnonzero(result.contacts_outcome == ANSWERED)
    return Answered(
        source_id=[ids[i] for i in chosen],
        queue=result.contacts_queue[chosen],
        agent=result.contacts_agent[chosen],
        wait=result.wait[chosen],
        handle=result.contacts_handle[chosen],
        ended=result.contacts_ended[chosen],
        unresolved=who.has_repeat[chosen],
    )
