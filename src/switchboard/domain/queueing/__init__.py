"""Queueing science for contact centres: Erlang B, C and A, staffing, and simulation.

Every time is in seconds and every rate is per second. Pure: no I/O.

>>> from switchboard.domain.queueing import ErlangC, erlang_c
>>> round(erlang_c(10, 14), 4)  # 10 Erlangs on 14 agents: 17.4% of calls wait
0.1741
>>> ErlangC(arrival_rate=100 / 1800, aht=180).required_agents(target_sl=0.8, threshold=20)
14
"""

from switchboard.domain.queueing.erlang import ErlangB, ErlangC, erlang_b, erlang_c
from switchboard.domain.queueing.erlang_a import ErlangA
from switchboard.domain.queueing.metrics import QueueMetrics
from switchboard.domain.queueing.staffing import IntervalStaffing, gross_up, staff_intervals

__all__ = [
    "ErlangA",
    "ErlangB",
    "ErlangC",
    "IntervalStaffing",
    "QueueMetrics",
    "erlang_b",
    "erlang_c",
    "gross_up",
    "staff_intervals",
]
