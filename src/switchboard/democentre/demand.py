"""How many contacts arrive: the curves' shape, scaled so the staff are busy but not swamped.

Each queue's curve is normalised to its share of the centre's contacts. The level is then set by
the rosters: the offered work (contacts times mean handle time) is ``OCCUPANCY`` of the time the
agents are on the phones. A centre at that load answers most contacts within its threshold on a
typical day and falls behind on Monday mornings.
"""

import numpy as np

from switchboard.democentre.calendar import INTERVAL_SECONDS, Calendar
from switchboard.democentre.centre import QUEUES, SkillGroup, queue_spec
from switchboard.democentre.curves import FloatArray, arrival_shape
from switchboard.democentre.rosters import RosterShift

OCCUPANCY = 0.93


def contact_shares(calendar: Calendar) -> dict[str, FloatArray]:
    """Each queue's share of all the centre's contacts, per interval (the shares add up to 1)."""
    shares: dict[str, FloatArray] = {}
    for spec in QUEUES:
        shape = arrival_shape(spec, calendar)
        shares[spec.name] = shape / shape.sum() * spec.contact_share
    total = sum(spec.contact_share for spec in QUEUES)
    return {name: share / total for name, share in shares.items()}


def team_demand(team: SkillGroup, shares: dict[str, FloatArray]) -> FloatArray:
    """The work the team is rostered for, per interval (relative)."""
    return sum(
        (shares[name] * queue_spec(name).handle_mean for name in team.staffed_for),
        start=np.zeros_like(next(iter(shares.values()))),
    )


def productive_seconds(shifts: list[RosterShift]) -> float:
    """Time on duty and not away from the phones."""
    hours = sum(s.end - s.start - sum(end - start for start, end, _ in s.absences) for s in shifts)
    return hours * 3600.0


def arrival_rates(
    shares: dict[str, FloatArray], shifts: list[RosterShift], occupancy: float = OCCUPANCY
) -> dict[str, FloatArray]:
    """Arrivals per second in each interval, per queue."""
    mean_handle = sum(
        float(share.sum()) * queue_spec(name).handle_mean for name, share in shares.items()
    )
    contacts = occupancy * productive_seconds(shifts) / mean_handle
    return {name: share * contacts / INTERVAL_SECONDS for name, share in shares.items()}
