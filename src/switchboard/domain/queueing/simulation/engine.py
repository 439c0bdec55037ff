"""``simulate(model, seed)``: one run of the centre, as NumPy arrays of contacts and agent states.

Assumptions, all times in seconds from clock 0:

- Arrivals happen in ``[0, horizon)``. Agents without shifts are on duty for the whole horizon,
  and every shift is cut at the horizon: at the horizon the centre closes.
- A contact in service at the close is finished; one still waiting is ended at the horizon with
  outcome ``TIMED_OUT`` (or ``ABANDONED`` at its deadline, if its patience ran out first).
- Self-served contacts (the IVR share) end at their arrival and never queue.
- An agent whose absence or shift end comes while busy finishes the contact first; the absence
  is shortened accordingly, so one agent's state intervals never overlap.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from switchboard.domain.queueing.simulation import kernel
from switchboard.domain.queueing.simulation.inputs import Draws, draw, schedule, skills
from switchboard.domain.queueing.simulation.model import ABSENCE_STATES, Model

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ANSWERED, ABANDONED, CALLBACK = kernel.ANSWERED, kernel.ABANDONED, kernel.CALLBACK
SELF_SERVED, TIMED_OUT = kernel.SELF_SERVED, kernel.TIMED_OUT
OUTCOMES = ("answered", "abandoned", "callback", "self_served", "timed_out")
INBOUND, OUTBOUND = 0, 1
AVAILABLE, ON_CONTACT, WRAP_UP = kernel.AVAILABLE, kernel.ON_CONTACT, kernel.WRAP_UP
BREAK, LUNCH, TRAINING, MEETING, COACHING = range(kernel.BREAK, kernel.BREAK + 5)
STATES = ("available", "on_contact", "wrap_up", *ABSENCE_STATES)


@dataclass(frozen=True, slots=True)
class SimulationResult:
    """One run. ``contacts_*`` arrays have one row per contact in arrival order; ``states_*``
    one row per agent state interval, in the order the intervals closed (so each agent's
    own rows are in time order, and never overlap).

    - ``contacts_answered`` is nan when not answered; ``contacts_ended`` is answered + handle
      for answered contacts (the end of wrap-up), else the moment it left (abandon, callback
      accepted, self-service, or the horizon for ``TIMED_OUT``).
    - ``contacts_agent`` is -1 when not answered; ``contacts_origin`` is, for an outbound
      callback, the index of the contact that accepted it (-1 otherwise).
    - ``states_queue`` is the contact's queue for ``ON_CONTACT`` and ``WRAP_UP``, else -1.
    """

    queue_names: tuple[str, ...]
    agent_names: tuple[str, ...]
    channels: tuple[str, ...]
    wrap_shares: tuple[float, ...]
    agent_queues: npt.NDArray[np.bool_]  # (agent, queue): the agent has the skill
    horizon_seconds: float
    contacts_queue: IntArray
    contacts_direction: IntArray
    contacts_arrival: FloatArray
    contacts_answered: FloatArray
    contacts_ended: FloatArray
    contacts_agent: IntArray
    contacts_outcome: IntArray
    contacts_handle: FloatArray
    contacts_origin: IntArray
    states_agent: IntArray
    states_code: IntArray
    states_queue: IntArray
    states_start: FloatArray
    states_end: FloatArray

    @property
    def wait(self) -> FloatArray:
        """Seconds each contact waited: to its answer, else to when it ended."""
        answered = ~np.isnan(self.contacts_answered)
        leave = np.where(answered, self.contacts_answered, self.contacts_ended)
        return np.asarray(leave - self.contacts_arrival, dtype=np.float64)


def _contacts(d: Draws, capacity: int) -> tuple[npt.NDArray[np.generic], ...]:
    n = len(d.times)

    def filled(
        values: npt.NDArray[np.generic], fill: float, dtype: type
    ) -> npt.NDArray[np.generic]:
        out: npt.NDArray[np.generic] = np.full(capacity, fill, dtype=dtype)
        out[:n] = values
        return out

    return (
        filled(d.queue, 0, np.int64),  # 0 queue
        np.zeros(capacity, dtype=np.int64),  # 1 direction
        filled(d.times, np.nan, np.float64),  # 2 arrival
        np.full(capacity, np.nan),  # 3 answered
        np.full(capacity, np.nan),  # 4 ended
        np.full(capacity, -1, dtype=np.int64),  # 5 agent
        np.full(capacity, kernel.WAITING, dtype=np.int64),  # 6 outcome
        np.zeros(capacity),  # 7 handle
        np.full(capacity, -1, dtype=np.int64),  # 8 origin
        filled(d.deadline, np.inf, np.float64),  # 9 deadline
        filled(d.service, 0.0, np.float64),  # 10 service
    )


def _queues(model: Model, d: Draws) -> tuple[npt.NDArray[np.generic], ...]:
    n_queues = len(model.queues)
    index = {q.name: i for i, q in enumerate(model.queues)}
    after = np.array([q.callback.after_seconds if q.callback else np.inf for q in model.queues])
    target = np.array([index[q.callback.queue] if q.callback else 0 for q in model.queues])
    entering = d.queue[~d.self_served]
    room = np.bincount(entering, minlength=n_queues)
    room += np.bincount(target[d.queue[d.accept]], minlength=n_queues)
    first = np.concatenate(([0], np.cumsum(room)[:-1])).astype(np.int64)
    return (
        np.zeros(int(room.sum()) + 1, dtype=np.int64),  # 0 buffer (each contact enters once)
        first.copy(),  # 1 head
        first.copy(),  # 2 tail
        after,  # 3 callback offer delay (inf: none)
        target.astype(np.int64),  # 4 callback queue
        np.array([q.wrap_share for q in model.queues]),  # 5 wrap share
    )


def _agents(
    model: Model,
) -> tuple[tuple[npt.NDArray[np.generic], ...], tuple[npt.NDArray[np.generic], ...]]:
    s = skills(model)
    n = len(model.agents)
    agents = (
        np.full(n, kernel.OFF, dtype=np.int64),  # 0 mode
        np.full(n, kernel.NO_CHANGE, dtype=np.int64),  # 1 pending change
        np.zeros(n, dtype=np.int64),  # 2 idle epoch
        np.zeros(n),  # 3 since
        np.zeros(n, dtype=np.int64),  # 4 absence state
        np.array([a.speed for a in model.agents]),  # 5 speed
        s.skill_q,
        s.skill_prio,
        s.skill_list,
        s.n_skills,
    )
    size = int(s.list_cap.sum())
    lists = (
        np.concatenate(([0], np.cumsum(s.list_cap)[:-1])).astype(np.int64),  # 0 offset
        s.list_cap,  # 1 capacity
        np.zeros(len(s.list_cap), dtype=np.int64),  # 2 head
        np.zeros(len(s.list_cap), dtype=np.int64),  # 3 size
        np.zeros(size, dtype=np.int64),  # 4 agent
        np.zeros(size, dtype=np.int64),  # 5 epoch
        s.list_first,  # 6
        np.zeros(len(model.queues), dtype=np.int64),  # 7 idle agents per queue
        np.zeros(int(s.list_cap.max()), dtype=np.int64),  # 8, 9 scratch for compaction
        np.zeros(int(s.list_cap.max()), dtype=np.int64),
    )
    return agents, lists


def simulate(model: Model, seed: int | np.random.SeedSequence) -> SimulationResult:
    """Run the model once. The same seed gives identical arrays.

    >>> from switchboard.domain.queueing.simulation import Agent, Queue, ServiceTime
    >>> m = Model(queues=(Queue("q", arrival_rates=(0.01,), service=ServiceTime.exponential(60)),),
    ...           agents=(Agent("a", {"q": 1}),), horizon_seconds=3600)
    >>> r = simulate(m, seed=1)
    >>> bool((r.contacts_ended >= r.contacts_arrival).all())
    True
    """
    d = draw(model, np.random.default_rng(seed))
    n = len(d.times)
    capacity = n + int(d.accept.sum())
    sched = schedule(model)
    cs = _contacts(d, capacity)
    qs = _queues(model, d)
    ag, ls = _agents(model)
    heap = (
        np.zeros(len(model.agents) + capacity + 1),
        np.zeros(len(model.agents) + capacity + 1, dtype=np.int64),
    )
    rows = 3 * capacity + 2 * len(sched[0]) + 1
    st = (
        np.zeros(rows, dtype=np.int64),
        np.zeros(rows, dtype=np.int64),
        np.zeros(rows, dtype=np.int64),
        np.zeros(rows),
        np.zeros(rows),
    )
    cnt = np.array([0, n, 0], dtype=np.int64)
    offers = (d.accept, d.callback_service)
    kernel.run(
        cs, qs, ls, ag, st, heap, cnt, (d.times, d.self_served), offers, sched, model.horizon
    )
    return _result(model, cs, st, int(cnt[1]), int(cnt[2]))


def _result(
    model: Model,
    cs: tuple[npt.NDArray[np.generic], ...],
    st: tuple[npt.NDArray[np.generic], ...],
    n: int,
    m: int,
) -> SimulationResult:
    c = [np.asarray(a[:n]) for a in cs]
    origin = c[8]
    if (origin >= 0).any():  # callbacks were numbered after every inbound contact
        order = np.argsort(c[2], kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n)
        c = [a[order] for a in c]
        origin = np.where(c[8] >= 0, rank[np.maximum(c[8], 0)], -1)
    # Rows are in the order they were completed, which keeps each agent's rows in time order.
    s = [np.asarray(a[:m]) for a in st]
    return SimulationResult(
        queue_names=model.queue_names,
        agent_names=tuple(a.name for a in model.agents),
        channels=tuple(q.channel for q in model.queues),
        wrap_shares=tuple(q.wrap_share for q in model.queues),
        agent_queues=np.array([[q.name in a.skills for q in model.queues] for a in model.agents]),
        horizon_seconds=model.horizon,
        contacts_queue=c[0],
        contacts_direction=c[1],
        contacts_arrival=c[2],
        contacts_answered=c[3],
        contacts_ended=c[4],
        contacts_agent=c[5],
        contacts_outcome=c[6],
        contacts_handle=c[7],
        contacts_origin=origin,
        states_agent=s[0],
        states_code=s[1],
        states_queue=s[2],
        states_start=s[3],
        states_end=s[4],
    )
