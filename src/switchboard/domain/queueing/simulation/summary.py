"""Queue statistics of one simulation run, in the conventions of Erlang C and Erlang A.

Only inbound contacts that queued count (self-served contacts never reach a queue, and outbound
callbacks are the centre's own work). Contacts arriving before ``warmup`` seconds are left out,
so a run that starts empty can settle first. Every ratio is nan when its denominator is zero.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from switchboard.domain.queueing.simulation.engine import (
    ABANDONED,
    ANSWERED,
    AVAILABLE,
    CALLBACK,
    INBOUND,
    ON_CONTACT,
    SELF_SERVED,
    WRAP_UP,
    SimulationResult,
)

ALL = "all"


@dataclass(frozen=True, slots=True)
class QueueStats:
    """One queue's (or the whole centre's) figures.

    - ``offered``: inbound contacts that entered the queue; ``answered``, ``abandoned`` and
      ``callbacks`` (accepted a callback offer) are counts of those.
    - ``outbound_answered``: callbacks made from this queue: outbound contacts an agent took.
    - ``service_level``: answered within the threshold T ÷ offered. Abandoners count as not
      answered (the Erlang A convention of Mandelbaum and Zeltyn).
    - ``service_level_answered``: answered within T ÷ answered.
    - ``asa``: mean wait of answered contacts, seconds.
    - ``wait_probability``: share of offered contacts that waited at all.
    - ``abandon_probability``: abandoned ÷ offered.
    - ``occupancy``: (on contact + wrap-up) ÷ (on contact + wrap-up + available) seconds of the
      agents with this queue's skill, between ``warmup`` and the horizon.
    """

    offered: int
    answered: int
    abandoned: int
    callbacks: int
    outbound_answered: int
    service_level: float
    service_level_answered: float
    asa: float
    wait_probability: float
    abandon_probability: float
    occupancy: float


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator else float("nan")


def summarise(
    result: SimulationResult, threshold: float | Mapping[str, float], warmup: float = 0.0
) -> dict[str, QueueStats]:
    """Statistics per queue name, and for ``"all"`` (each contact judged by its queue's T).

    ``threshold`` is the service-level target time T in seconds, one for every queue or one
    per queue name.
    """
    names = result.queue_names
    if isinstance(threshold, Mapping):
        missing = [n for n in names if n not in threshold]
        if missing:
            raise ValueError(f"threshold: no value for queue {missing[0]!r}")
        limits = np.array([float(threshold[n]) for n in names])
    else:
        limits = np.full(len(names), float(threshold))
    r = result
    counted = (
        (r.contacts_direction == INBOUND)
        & (r.contacts_outcome != SELF_SERVED)
        & (r.contacts_arrival >= warmup)
    )
    wait = r.wait
    within = (r.contacts_outcome == ANSWERED) & (wait <= limits[r.contacts_queue])
    called_back = (
        (r.contacts_direction != INBOUND)
        & (r.contacts_outcome == ANSWERED)
        & (r.contacts_arrival >= warmup)
    )
    stats = {
        name: _stats(
            r,
            counted & (r.contacts_queue == q),
            int(np.count_nonzero(called_back & (r.contacts_queue == q))),
            (wait, within),
            r.agent_queues[:, q],
            warmup,
        )
        for q, name in enumerate(names)
    }
    anyone = np.asarray(r.agent_queues.any(axis=1), dtype=np.bool_)
    everyone_called = int(np.count_nonzero(called_back))
    stats[ALL] = _stats(r, counted, everyone_called, (wait, within), anyone, warmup)
    return stats


def _stats(
    r: SimulationResult,
    mask: npt.NDArray[np.bool_],
    outbound_answered: int,
    waits: tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]],
    agents: npt.NDArray[np.bool_],
    warmup: float,
) -> QueueStats:
    wait, within = waits
    outcome = r.contacts_outcome[mask]
    offered = int(mask.sum())
    answered = outcome == ANSWERED
    abandoned = int(np.count_nonzero(outcome == ABANDONED))
    return QueueStats(
        offered=offered,
        answered=int(answered.sum()),
        abandoned=abandoned,
        callbacks=int(np.count_nonzero(outcome == CALLBACK)),
        outbound_answered=outbound_answered,
        service_level=_ratio(int(within[mask].sum()), offered),
        service_level_answered=_ratio(int(within[mask].sum()), int(answered.sum())),
        asa=_ratio(float(wait[mask][answered].sum()), int(answered.sum())),
        wait_probability=_ratio(int(np.count_nonzero(wait[mask] > 0)), offered),
        abandon_probability=_ratio(abandoned, offered),
        occupancy=_occupancy(r, agents, warmup),
    )


def _occupancy(r: SimulationResult, agents: npt.NDArray[np.bool_], warmup: float) -> float:
    start = np.clip(r.states_start, warmup, r.horizon_seconds)
    end = np.clip(r.states_end, warmup, r.horizon_seconds)
    seconds = (end - start) * agents[r.states_agent]
    code = r.states_code
    busy = float(seconds[(code == ON_CONTACT) | (code == WRAP_UP)].sum())
    return _ratio(busy, busy + float(seconds[code == AVAILABLE].sum()))
