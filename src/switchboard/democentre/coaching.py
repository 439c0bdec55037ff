"""The demo's coaching effect: a few Retail agents are coached halfway through, and from then on
handle their contacts faster, so the improvement activity the demo records has a real,
measurable effect in the data (issue 6: "build that effect into the simulated data").

The simulator gives each agent one speed for the whole run. A coached agent therefore runs as two
simulated agents: their own self on the rosters before the coaching day, and a faster self on
the rosters from that day on. :func:`merged` folds each pair back into one person before any
row is written, so contacts, states and surveys all belong to the one agent, and queueing
stays consistent (a faster agent frees up sooner and so takes more contacts).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from switchboard.democentre.calendar import Calendar
from switchboard.democentre.centre import SKILL_GROUPS
from switchboard.democentre.staff import StaffMember
from switchboard.domain.queueing.simulation import SimulationResult

COACHED_AGENTS = 4
SPEED_AFTER = 0.88
"""A coached agent's handle times are 12% shorter from the coaching day on."""
COACHED_TEAM = SKILL_GROUPS[0]
"""The Retail team: the demo's team leader (``teamleader``) leads it."""


@dataclass(frozen=True)
class Coaching:
    day: date
    """The Monday the coaching took place, halfway through the generated weeks."""
    agents: tuple[int, ...]
    """Indices into the staff list of the agents coached."""


def plan_coaching(calendar: Calendar, staff: Sequence[StaffMember]) -> Coaching | None:
    """The first :data:`COACHED_AGENTS` of the Retail team, coached on the middle Monday; None
    for a centre of fewer than two weeks, which has no before and after worth comparing."""
    if calendar.weeks < 2:
        return None
    team = [i for i, member in enumerate(staff) if member.team == COACHED_TEAM]
    day = calendar.first_monday + timedelta(weeks=calendar.weeks // 2)
    return Coaching(day, tuple(team[:COACHED_AGENTS]))


def merged(
    result: SimulationResult, staff_of: Sequence[int], names: Sequence[str]
) -> SimulationResult:
    """``result`` with each simulated agent replaced by the staff member it stands for:
    ``staff_of[i]`` is simulated agent ``i``'s index in the staff list, ``names`` the staff."""
    index = np.asarray(staff_of, dtype=np.int64)
    first = [list(staff_of).index(member) for member in range(len(names))]
    answered = result.contacts_agent >= 0
    return replace(
        result,
        agent_names=tuple(names),
        agent_queues=result.agent_queues[first],
        contacts_agent=np.where(answered, index[np.maximum(result.contacts_agent, 0)], -1),
        states_agent=index[result.states_agent],
    )
