"""Post-contact surveys: who answers, and what they score.

A share of answered contacts answer a CSAT question (1 to 5), and most of those the NPS question
(0 to 10) too. Scores come from one hidden satisfaction: lower after a long wait (measured
against the channel's service-level threshold), much lower when the problem was not solved
(the customer came back), a little lower after a very long contact, and shifted by the agent.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from switchboard.democentre.centre import QUEUES
from switchboard.democentre.customers import BoolArray, FloatArray, IntArray

RESPONSE_RATE = {"voice": 0.12, "chat": 0.25, "email": 0.10}
THRESHOLD_SECONDS = {"voice": 20.0, "chat": 60.0, "email": 3600.0}
NPS_SHARE = 0.6
BASE = 4.7
WAIT_WEIGHT = 0.45
UNRESOLVED_PENALTY = 1.3
LONG_CONTACT_PENALTY = 0.35
AGENT_SPREAD = 0.25
NOISE = 0.75
REPLY_MEAN_SECONDS = 1_200.0


@dataclass(frozen=True)
class Answered:
    """The answered contacts, one entry each."""

    source_id: list[str]
    queue: IntArray
    agent: IntArray
    wait: FloatArray
    handle: FloatArray
    ended: FloatArray
    """Seconds from clock 0."""
    unresolved: BoolArray


def satisfaction(answered: Answered, agents: int, rng: np.random.Generator) -> FloatArray:
    channels = [spec.channel for spec in QUEUES]
    threshold = np.array([THRESHOLD_SECONDS[c] for c in channels])[answered.queue]
    mean_handle = np.array([spec.handle_mean for spec in QUEUES])[answered.queue]
    agent_effect = rng.normal(0.0, AGENT_SPREAD, max(agents, 1))
    mood = (
        BASE
        - WAIT_WEIGHT * np.log1p(answered.wait / threshold)
        - UNRESOLVED_PENALTY * answered.unresolved
        - LONG_CONTACT_PENALTY * (answered.handle > 2 * mean_handle)
        + agent_effect[answered.agent]
        + rng.normal(0.0, NOISE, len(answered.queue))
    )
    return np.asarray(mood, dtype=np.float64)


def survey_rows(
    answered: Answered,
    *,
    agents: int,
    start: datetime,
    source_system: str,
    rng: np.random.Generator,
) -> Iterator[dict[str, str]]:
    """Survey rows in Switchboard's CSV columns (``--kind surveys``)."""
    mood = satisfaction(answered, agents, rng)
    rate = np.array([RESPONSE_RATE[spec.channel] for spec in QUEUES])[answered.queue]
    responds = rng.random(len(mood)) < rate
    also_nps = rng.random(len(mood)) < NPS_SHARE
    nps = np.clip(np.round(2 * mood - 0.3 + rng.normal(0.0, 1.0, len(mood))), 0, 10)
    csat = np.clip(np.round(mood), 1, 5)
    reply = 60.0 + rng.exponential(REPLY_MEAN_SECONDS, len(mood))
    for i in np.flatnonzero(responds):
        interaction = answered.source_id[i]
        when = (start + timedelta(seconds=float(answered.ended[i] + reply[i]))).isoformat()
        yield _row(f"{interaction}-csat", interaction, source_system, "csat", csat[i], when)
        if also_nps[i]:
            yield _row(f"{interaction}-nps", interaction, source_system, "nps", nps[i], when)


def _row(
    source_id: str, interaction: str, system: str, kind: str, score: float, when: str
) -> dict[str, str]:
    return {
        "source_id": source_id,
        "interaction_source_id": interaction,
        "interaction_source_system": system,
        "kind": kind,
        "score": str(int(score)),
        "responded_at": when,
    }
