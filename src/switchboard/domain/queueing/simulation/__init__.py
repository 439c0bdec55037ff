"""A discrete-event contact-centre simulator: skills-based routing, abandonment, schedules.

Pure: NumPy arrays in and out, no I/O. Times are seconds from clock 0, rates per second.

>>> from switchboard.domain.queueing.simulation import (
...     Agent, Model, Queue, ServiceTime, simulate, summarise)
>>> model = Model(
...     queues=(Queue("support", arrival_rates=(0.05,) * 4, service=ServiceTime.exponential(180)),),
...     agents=tuple(Agent(f"a{i}", {"support": 1}) for i in range(12)),
... )
>>> stats = summarise(simulate(model, seed=7), threshold=20.0)
>>> 0.0 <= stats["all"].service_level <= 1.0
True
"""

from switchboard.domain.queueing.simulation.config import model_from_mapping
from switchboard.domain.queueing.simulation.distributions import Patience, ServiceTime
from switchboard.domain.queueing.simulation.engine import (
    ABANDONED,
    ANSWERED,
    AVAILABLE,
    BREAK,
    CALLBACK,
    COACHING,
    INBOUND,
    LUNCH,
    MEETING,
    ON_CONTACT,
    OUTBOUND,
    OUTCOMES,
    SELF_SERVED,
    STATES,
    TIMED_OUT,
    TRAINING,
    WRAP_UP,
    SimulationResult,
    simulate,
)
from switchboard.domain.queueing.simulation.model import (
    ABSENCE_STATES,
    Absence,
    Agent,
    CallbackOffer,
    Model,
    Queue,
    Shift,
)
from switchboard.domain.queueing.simulation.replicate import Estimate, replicate, t_quantile
from switchboard.domain.queueing.simulation.rows import agent_state_rows, interaction_rows
from switchboard.domain.queueing.simulation.summary import QueueStats, summarise

__all__ = [
    "ABANDONED",
    "ABSENCE_STATES",
    "ANSWERED",
    "AVAILABLE",
    "BREAK",
    "CALLBACK",
    "COACHING",
    "INBOUND",
    "LUNCH",
    "MEETING",
    "ON_CONTACT",
    "OUTBOUND",
    "OUTCOMES",
    "SELF_SERVED",
    "STATES",
    "TIMED_OUT",
    "TRAINING",
    "WRAP_UP",
    "Absence",
    "Agent",
    "CallbackOffer",
    "Estimate",
    "Model",
    "Patience",
    "Queue",
    "QueueStats",
    "ServiceTime",
    "Shift",
    "SimulationResult",
    "agent_state_rows",
    "interaction_rows",
    "model_from_mapping",
    "replicate",
    "simulate",
    "summarise",
    "t_quantile",
]  # fmt: skip
