"""The simulated centre as rows of Switchboard's documented CSV (docs/formats.md).

Timestamps are formatted a whole array at a time (UTC, ISO 8601 with ``Z``), which keeps writing
a few hundred thousand rows to a second or two. Contacts still waiting when the simulation ends
(a few e-mails) are left out, as a real export leaves out contacts that are still open.
"""

from collections.abc import Iterator
from datetime import datetime

import numpy as np
import numpy.typing as npt

from switchboard.democentre.centre import QUEUES
from switchboard.democentre.customers import Assignment, Identities
from switchboard.domain.queueing.simulation import (
    ABANDONED,
    ANSWERED,
    CALLBACK,
    OUTBOUND,
    STATES,
    SimulationResult,
)

INTERACTION_COLUMNS = (
    "source_id", "channel", "direction", "queue", "agent", "customer", "customer_kind",
    "arrived_at", "answered_at", "ended_at", "wrap_ended_at", "wait_seconds", "talk_seconds",
    "wrap_seconds", "outcome", "disposition", "transferred",
)  # fmt: skip
STATE_COLUMNS = ("source_id", "agent", "state", "reason", "queue", "started_at", "ended_at")
SURVEY_COLUMNS = (
    "source_id", "interaction_source_id", "interaction_source_system", "kind", "score", "responded_at",
)  # fmt: skip
OUTCOME_NAMES = {ANSWERED: "answered", ABANDONED: "abandoned", CALLBACK: "callback"}
ABSENCE_REASONS = {"break": "Break", "lunch": "Lunch", "training": "Training",
                   "meeting": "Team meeting", "coaching": "Coaching"}  # fmt: skip
Texts = npt.NDArray[np.str_]


def stamps(start: datetime, seconds: npt.NDArray[np.float64]) -> Texts:
    """ISO 8601 UTC texts for seconds from ``start``; empty where a time is missing (nan)."""
    base = np.datetime64(start.replace(tzinfo=None), "ms")  # start is UTC
    offsets = np.nan_to_num(seconds * 1000.0).round().astype("timedelta64[ms]")
    texts = np.datetime_as_string(base + offsets, unit="ms").astype(object) + "Z"
    return np.where(np.isnan(seconds), "", texts).astype(str)


def seconds_text(values: npt.NDArray[np.float64]) -> Texts:
    return np.char.mod("%.1f", values)


def contact_ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-c{i:07d}" for i in range(count)]


def kept_contacts(result: SimulationResult) -> npt.NDArray[np.bool_]:
    return np.isin(result.contacts_outcome, list(OUTCOME_NAMES))


def interaction_rows(
    result: SimulationResult,
    *,
    start: datetime,
    ids: list[str],
    who: Assignment,
    transferred: npt.NDArray[np.bool_],
    identities: Identities,
) -> Iterator[list[str]]:
    kept = kept_contacts(result)
    handle = result.contacts_handle
    wrap = handle * np.array(result.wrap_shares)[result.contacts_queue]
    answered_at = result.contacts_answered
    arrived, answered = stamps(start, result.contacts_arrival), stamps(start, answered_at)
    talk_end = np.where(np.isnan(answered_at), result.contacts_ended, answered_at + handle - wrap)
    ended, wrap_end = stamps(start, talk_end), stamps(start, answered_at + handle)
    wait, talk, wrap_text = (
        seconds_text(result.wait),
        seconds_text(handle - wrap),
        seconds_text(wrap),
    )
    for i in np.flatnonzero(kept):
        spec = QUEUES[result.contacts_queue[i]]
        is_answered = result.contacts_outcome[i] == ANSWERED
        agent = result.agent_names[result.contacts_agent[i]] if is_answered else ""
        phone = spec.identity == "phone"
        customer = (identities.phone if phone else identities.email)(int(who.customer[i]))
        yield [
            ids[i], spec.channel, "outbound" if result.contacts_direction[i] == OUTBOUND else "inbound",
            spec.name, agent, customer, "phone" if phone else "email",
            arrived[i], answered[i], ended[i], wrap_end[i] if is_answered else "",
            wait[i], talk[i] if is_answered else "0", wrap_text[i] if is_answered else "0",
            OUTCOME_NAMES[int(result.contacts_outcome[i])],
            spec.reasons[who.reason[i]][0], "true" if transferred[i] else "false",
        ]  # fmt: skip


def agent_state_rows(
    result: SimulationResult, *, start: datetime, prefix: str
) -> Iterator[list[str]]:
    """One row per agent state interval that lasted any time at all."""
    lasting = np.flatnonzero(result.states_end > result.states_start)
    begun, ended = stamps(start, result.states_start), stamps(start, result.states_end)
    for j in lasting:
        state = STATES[result.states_code[j]]
        queue = result.states_queue[j]
        yield [
            f"{prefix}-s{j:07d}", result.agent_names[result.states_agent[j]], state,
            ABSENCE_REASONS.get(state, ""), result.queue_names[queue] if queue >= 0 else "",
            begun[j], ended[j],
        ]  # fmt: skip
