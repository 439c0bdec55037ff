"""A run as rows of Switchboard's CSV import format (``switchboard ingest csv``).

The columns are exactly those of ``--kind interactions`` and ``--kind agent-states`` (see
docs/formats.md), as text: times are ISO 8601 UTC with millisecond precision ending in ``Z``,
seconds are decimals, and an empty string means "none". Whole columns are formatted at once, so
a few hundred thousand rows take a second or two.

Self-served contacts are not emitted: they finished in the IVR and never entered a queue, and an
interaction in the store is a contact handled, or not handled, by the centre's queues. An
outbound callback gets the ``source_id`` of the contact that accepted it as its ``contact_ref``.
Answered contacts end (``ended_at``) when the talk ends; ``wrap_ended_at`` is the end of
after-call work. State intervals of no length (an absence fully taken up by a contact) are left
out.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

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

Texts = npt.NDArray[np.str_]


@dataclass(frozen=True)
class Table:
    """Rows held as text columns; ``index`` is the contact (or state) each row came from."""

    index: npt.NDArray[np.intp]
    columns: dict[str, Texts]

    def __len__(self) -> int:
        return len(self.index)

    def where(self, keep: npt.NDArray[np.bool_]) -> "Table":
        """Only the rows where ``keep`` (one flag per row) is true."""
        return Table(self.index[keep], {name: c[keep] for name, c in self.columns.items()})

    def rows(self) -> Iterator[dict[str, str]]:
        names = list(self.columns)
        for values in zip(*self.columns.values(), strict=True):
            yield dict(zip(names, (str(v) for v in values), strict=True))


def iso_stamps(start: datetime, seconds: npt.NDArray[np.float64]) -> Texts:
    """ISO 8601 UTC text, to the millisecond, of `seconds` after `start`; empty where NaN."""
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("start: must be timezone-aware (UTC)")
    base = np.datetime64(start.astimezone(UTC).replace(tzinfo=None), "ms")
    offsets = np.nan_to_num(seconds * 1000.0).round().astype("timedelta64[ms]")
    texts = np.char.add(np.datetime_as_string(base + offsets, unit="ms"), "Z")
    return np.where(np.isnan(seconds), "", texts)


def seconds_text(values: npt.NDArray[np.float64]) -> Texts:
    return np.char.mod("%.3f", values)


def contact_source_ids(source_prefix: str, count: int) -> list[str]:
    """The ``source_id`` of contact i is ``PREFIX-i``: surveys and repeats link to it."""
    return [f"{source_prefix}-{i}" for i in range(count)]


def interaction_table(
    result: SimulationResult, start: datetime, source_prefix: str = "sim"
) -> Table:
    """Every queued contact, in arrival order; ``start`` is the moment of clock 0."""
    r = result
    kept = np.flatnonzero(r.contacts_outcome != SELF_SERVED)
    queue = r.contacts_queue[kept]
    answered = r.contacts_outcome[kept] == ANSWERED
    handle = np.where(answered, r.contacts_handle[kept], 0.0)
    talk = handle * (1.0 - np.asarray(r.wrap_shares)[queue])
    answered_at = r.contacts_answered[kept]
    ends = np.where(answered, answered_at + talk, r.contacts_ended[kept])
    ids = np.array(contact_source_ids(source_prefix, len(r.contacts_queue)))
    origin = r.contacts_origin[kept]
    agents = np.array([*r.agent_names, ""])  # index -1 (nobody) picks the empty name
    columns: dict[str, Texts] = {
        "source_id": ids[kept],
        "contact_ref": ids[np.where(origin >= 0, origin, kept)],
        "channel": np.array(r.channels)[queue],
        "direction": np.where(r.contacts_direction[kept] == INBOUND, "inbound", "outbound"),
        "queue": np.array(r.queue_names)[queue],
        "agent": np.where(answered, agents[r.contacts_agent[kept]], ""),
        "arrived_at": iso_stamps(start, r.contacts_arrival[kept]),
        "answered_at": iso_stamps(start, answered_at),
        "ended_at": iso_stamps(start, ends),
        "wrap_ended_at": iso_stamps(start, np.where(answered, answered_at + handle, np.nan)),
        "wait_seconds": seconds_text(r.wait[kept]),
        "talk_seconds": seconds_text(talk),
        "hold_seconds": seconds_text(np.zeros(len(kept))),
        "wrap_seconds": seconds_text(handle - talk),
        "outcome": np.array(OUTCOMES)[r.contacts_outcome[kept]],
        "disposition": np.full(len(kept), ""),
    }
    return Table(kept, columns)


def agent_state_table(
    result: SimulationResult, start: datetime, source_prefix: str = "sim"
) -> Table:
    """Every agent state interval that lasted any time; off-shift time has no row."""
    r = result
    kept = np.flatnonzero(r.states_end > r.states_start)
    queue = r.states_queue[kept]
    queues = np.array([*r.queue_names, ""])  # index -1 (no queue) picks the empty name
    columns: dict[str, Texts] = {
        "source_id": np.char.add(f"{source_prefix}-s", kept.astype(str)),
        "agent": np.array(r.agent_names)[r.states_agent[kept]],
        "state": np.array(STATES)[r.states_code[kept]],
        "reason": np.full(len(kept), ""),
        "queue": queues[queue],
        "started_at": iso_stamps(start, r.states_start[kept]),
        "ended_at": iso_stamps(start, r.states_end[kept]),
    }
    return Table(kept, columns)


def interaction_rows(
    result: SimulationResult, start: datetime, source_prefix: str = "sim"
) -> Iterator[dict[str, str]]:
    """One dict per queued contact, in arrival order; ``start`` is the moment of clock 0."""
    return interaction_table(result, start, source_prefix).rows()


def agent_state_rows(
    result: SimulationResult, start: datetime, source_prefix: str = "sim"
) -> Iterator[dict[str, str]]:
    """One dict per agent state interval that lasted any time."""
    return agent_state_table(result, start, source_prefix).rows()
