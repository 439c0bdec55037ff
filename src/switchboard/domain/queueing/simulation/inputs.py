"""Everything the event loop needs, as flat arrays: arrivals, random draws, skills and schedules.

Every random number of a run is drawn here, in a fixed order, from one ``numpy.random.Generator``,
which is what makes a run reproducible from its seed.

Arrivals are a non-homogeneous Poisson process with a constant rate in each interval. They are
generated exactly, interval by interval: the count is Poisson(total rate x length) and the times
are sorted uniforms built from exponential spacings (no thinning, no sort). The centre's process
is generated once for all queues, and each arrival is given to queue ``q`` with probability
``rate_q / total rate``: a split Poisson process is again Poisson, so this is exact too.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from switchboard.domain.queueing.simulation import kernel
from switchboard.domain.queueing.simulation.model import ABSENCE_STATES, Model

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Draws:
    """One run's inbound contacts in arrival order, with every random number they need."""

    times: FloatArray
    queue: IntArray
    self_served: BoolArray
    service: FloatArray  # handle time before the agent's speed factor
    deadline: FloatArray  # arrival + patience (inf: never abandons)
    accept: BoolArray  # would accept a callback offer
    callback_service: FloatArray  # handle time of the callback it would become


def rate_matrix(model: Model) -> tuple[FloatArray, FloatArray]:
    """Rates per (queue, interval) up to the horizon, and each interval's length (the last may
    be cut short by the horizon)."""
    n = int(np.ceil(model.horizon / model.interval_seconds - 1e-9))
    rates = np.zeros((len(model.queues), n))
    for q, queue in enumerate(model.queues):
        given = queue.arrival_rates[:n]
        rates[q, : len(given)] = given
    starts = np.arange(n) * model.interval_seconds
    lengths = np.minimum(model.interval_seconds, model.horizon - starts)
    return rates, lengths


def arrivals(model: Model, rng: np.random.Generator) -> tuple[FloatArray, IntArray]:
    """Sorted arrival times and their queue indices over ``[0, horizon)``."""
    rates, lengths = rate_matrix(model)
    total = rates.sum(axis=0)
    counts = rng.poisson(total * lengths)
    sizes = counts + 1
    spacing = np.cumsum(rng.exponential(1.0, int(sizes.sum())))
    ends = np.cumsum(sizes)
    before = np.concatenate(([0.0], spacing[ends[:-1] - 1]))
    segment = np.repeat(np.arange(len(sizes)), sizes)
    fraction = (spacing - before[segment]) / (spacing[ends - 1] - before)[segment]
    keep = np.ones(len(spacing), dtype=bool)
    keep[ends - 1] = False  # the (n+1)th spacing only normalises the n uniforms
    segment = segment[keep]
    times = segment * model.interval_seconds + lengths[segment] * fraction[keep]
    share = np.divide(rates, total, out=np.zeros_like(rates), where=total > 0)
    cumulative = np.cumsum(share, axis=0)[:-1].T  # (interval, queue - 1)
    u = rng.random(len(times))
    queue = (u[:, None] >= cumulative[segment]).sum(axis=1).astype(np.int64)
    return times, queue


def draw(model: Model, rng: np.random.Generator) -> Draws:
    times, queue = arrivals(model, rng)
    n = len(times)
    service = np.empty(n)
    deadline = np.full(n, np.inf)
    callback_service = np.zeros(n)
    ivr = np.array([q.ivr_self_service_share for q in model.queues])
    accept_p = np.array(
        [q.callback.accept_probability if q.callback else 0.0 for q in model.queues]
    )
    self_served = rng.random(n) < ivr[queue] if ivr.any() else np.zeros(n, dtype=bool)
    accept = rng.random(n) < accept_p[queue] if accept_p.any() else np.zeros(n, dtype=bool)
    index = {q.name: i for i, q in enumerate(model.queues)}
    for q, spec in enumerate(model.queues):
        mask = queue == q if len(model.queues) > 1 else slice(None)
        m = int(np.count_nonzero(queue == q)) if len(model.queues) > 1 else n
        service[mask] = spec.service.sample(rng, m)
        if spec.patience.finite:
            deadline[mask] = times[mask] + spec.patience.sample(rng, m)
        if spec.callback is not None:
            target = model.queues[index[spec.callback.queue]]
            callback_service[mask] = target.service.sample(rng, m)
    accept &= ~self_served
    return Draws(times, queue, self_served, service, deadline, accept, callback_service)


@dataclass(frozen=True, slots=True)
class Skills:
    """Agents' skills in priority order, and the idle-agent lists per (queue, priority level)."""

    skill_q: IntArray  # (agent, k): queue of the agent's k-th skill, best priority first
    skill_prio: IntArray
    skill_list: IntArray  # (agent, k): the idle list for (queue, priority)
    n_skills: IntArray
    list_first: IntArray  # queue q's lists are list_first[q]:list_first[q + 1], best first
    list_cap: IntArray


def skills(model: Model) -> Skills:
    index = {q.name: i for i, q in enumerate(model.queues)}
    width = max(len(a.skills) for a in model.agents)
    n_agents = len(model.agents)
    skill_q = np.zeros((n_agents, width), dtype=np.int64)
    skill_prio = np.zeros((n_agents, width), dtype=np.int64)
    n_skills = np.array([len(a.skills) for a in model.agents], dtype=np.int64)
    for a, agent in enumerate(model.agents):
        ordered = sorted((p, index[name]) for name, p in agent.skills.items())
        for k, (priority, q) in enumerate(ordered):
            skill_q[a, k], skill_prio[a, k] = q, priority
    levels = [
        sorted({a.skills[q.name] for a in model.agents if q.name in a.skills}) for q in model.queues
    ]
    list_first = np.concatenate(([0], np.cumsum([len(lv) for lv in levels]))).astype(np.int64)
    members = np.zeros(int(list_first[-1]), dtype=np.int64)
    skill_list = np.zeros((n_agents, width), dtype=np.int64)
    for a in range(n_agents):
        for k in range(int(n_skills[a])):
            q = int(skill_q[a, k])
            lst = int(list_first[q]) + levels[q].index(int(skill_prio[a, k]))
            skill_list[a, k] = lst
            members[lst] += 1
    # Room for every member twice: a full list is compacted, leaving at most one entry each.
    return Skills(skill_q, skill_prio, skill_list, n_skills, list_first, 2 * members + 2)


def schedule(model: Model) -> tuple[FloatArray, IntArray, IntArray, IntArray]:
    """Shift and absence changes, clipped to the horizon, sorted by time then kind then agent."""
    rows: list[tuple[float, int, int, int]] = []
    horizon = model.horizon
    for a, agent in enumerate(model.agents):
        shifts = agent.shifts or ()
        spans = [(s.start, s.end, s.absences) for s in shifts] or [(0.0, horizon, ())]
        for start, end, absences in spans:
            if start >= horizon:
                continue
            rows += [(start, kernel.SHIFT_START, a, 0), (min(end, horizon), kernel.SHIFT_END, a, 0)]
            for absence in absences:
                if absence.start < horizon:
                    code = kernel.BREAK + ABSENCE_STATES.index(absence.state)
                    rows.append((absence.start, kernel.ABSENCE_START, a, code))
                    rows.append((min(absence.end, horizon), kernel.ABSENCE_END, a, code))
    table = np.array(rows, dtype=np.float64).reshape(-1, 4)
    order = np.lexsort((table[:, 2], table[:, 1], table[:, 0]))
    table = table[order]
    as_int = table[:, 1:].astype(np.int64)
    return (
        np.ascontiguousarray(table[:, 0]),
        np.ascontiguousarray(as_int[:, 1]),
        np.ascontiguousarray(as_int[:, 0]),
        np.ascontiguousarray(as_int[:, 2]),
    )
