"""A run as rows of Switchboard's CSV import format (``switchboard ingest csv``).

The dicts have exactly the columns of ``--kind interactions`` and ``--kind agent-states`` (see
docs/formats.md), with text values: times are ISO 8601 UTC with millisecond precision ending in
``Z``, seconds are decimals, and an empty string means "none".

Self-served contacts are not emitted: they finished in the IVR and never entered a queue, and an
interaction in the store is a contact handled, or not handled, by the centre's queues. An
outbound callback gets the ``source_id`` of the contact that accepted it as its ``contact_ref``.
Answered contacts end (``ended_at``) when the talk ends; ``wrap_ended_at`` is the end of
after-call work.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np

from switchboard.domain.queueing.simulation.engine import (
    ANSWERED,
    INBOUND,
    OUTCOMES,
    SELF_SERVED,
    STATES,
    SimulationResult,
)

INTERACTION_COLUMNS = (
    "source_id", "contact_ref", "channel", "direction", "queue", "agent", "arrived_at",
    "answered_at", "ended_at", "wrap_ended_at", "wait_seconds", "talk_seconds", "hold_seconds",
    "wrap_seconds", "outcome", "disposition",
)  # fmt: skip
AGENT_STATE_COLUMNS = ("source_id", "agent", "state", "reason", "queue", "started_at", "ended_at")


def _clock(start: datetime) -> "Clock":
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start: must be timezone-aware (UTC)")
    return Clock(start.astimezone(UTC))


class Clock:
    """Seconds from clock 0 as ISO 8601 UTC text, to the millisecond."""

    def __init__(self, start: datetime) -> None:
        self.start = start

    def __call__(self, seconds: float) -> str:
        if np.isnan(seconds):
            return ""
        moment = self.start + timedelta(seconds=float(seconds))
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def interaction_rows(
    result: SimulationResult, start: datetime, source_prefix: str = "sim"
) -> Iterator[dict[str, str]]:
    """One dict per queued contact, in arrival order; ``start`` is the moment of clock 0."""
    clock = _clock(start)
    r = result
    wait = r.wait
    for i in np.flatnonzero(r.contacts_outcome != SELF_SERVED):
        q = int(r.contacts_queue[i])
        origin = int(r.contacts_origin[i])
        answered = int(r.contacts_outcome[i]) == ANSWERED
        handle = float(r.contacts_handle[i])
        talk = handle * (1.0 - r.wrap_shares[q]) if answered else 0.0
        yield {
            "source_id": f"{source_prefix}-{i}",
            "contact_ref": f"{source_prefix}-{origin if origin >= 0 else i}",
            "channel": r.channels[q],
            "direction": "inbound" if r.contacts_direction[i] == INBOUND else "outbound",
            "queue": r.queue_names[q],
            "agent": r.agent_names[int(r.contacts_agent[i])] if answered else "",
            "arrived_at": clock(r.contacts_arrival[i]),
            "answered_at": clock(r.contacts_answered[i]),
            "ended_at": clock(r.contacts_answered[i] + talk if answered else r.contacts_ended[i]),
            "wrap_ended_at": clock(r.contacts_ended[i]) if answered else "",
            "wait_seconds": _seconds(wait[i]),
            "talk_seconds": _seconds(talk),
            "hold_seconds": _seconds(0.0),
            "wrap_seconds": _seconds(handle - talk),
            "outcome": OUTCOMES[int(r.contacts_outcome[i])],
            "disposition": "",
        }


def agent_state_rows(
    result: SimulationResult, start: datetime, source_prefix: str = "sim"
) -> Iterator[dict[str, str]]:
    """One dict per agent state interval; off-shift time has no row."""
    clock = _clock(start)
    r = result
    for i in range(len(r.states_agent)):
        q = int(r.states_queue[i])
        yield {
            "source_id": f"{source_prefix}-s{i}",
            "agent": r.agent_names[int(r.states_agent[i])],
            "state": STATES[int(r.states_code[i])],
            "reason": "",
            "queue": r.queue_names[q] if q >= 0 else "",
            "started_at": clock(r.states_start[i]),
            "ended_at": clock(r.states_end[i]),
        }
