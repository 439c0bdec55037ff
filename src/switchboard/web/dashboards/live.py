"""The live view: contacts waiting, the longest wait and agents by state, as of the newest
event in the store (ingestion is batch, so the store's "now" trails the clock).

Counts only: no agent is named, so no agent scoping applies.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from switchboard.interactions.models import AgentState
from switchboard.kit.clock import zone
from switchboard.kit.intervals import show
from switchboard.kpis.output import clock
from switchboard.web.dashboards import repository


@dataclass(frozen=True)
class QueueNow:
    queue: str
    waiting: int
    longest_wait_seconds: float


@dataclass(frozen=True)
class LiveView:
    as_of: datetime | None
    timezone: str
    queues: list[QueueNow]
    agents_by_state: dict[str, int]

    @property
    def waiting(self) -> int:
        return sum(queue.waiting for queue in self.queues)

    @property
    def longest_wait_seconds(self) -> float | None:
        waits = [queue.longest_wait_seconds for queue in self.queues if queue.waiting]
        return max(waits, default=None)

    def as_json(self) -> dict[str, Any]:
        """The shape ``/live.json`` answers with and ``live.js`` reads; documented in web.md."""
        return {
            "as_of": show(self.as_of, zone(self.timezone)) if self.as_of else None,
            "waiting": self.waiting,
            "longest_wait_seconds": self.longest_wait_seconds,
            "longest_wait": shown_wait(self.longest_wait_seconds),
            "queues": [_queue_json(queue) for queue in self.queues],
            "agents_by_state": self.agents_by_state,
        }


def _queue_json(queue: QueueNow) -> dict[str, Any]:
    seconds = queue.longest_wait_seconds if queue.waiting else None
    return {"queue": queue.queue, "waiting": queue.waiting,
            "longest_wait_seconds": seconds, "longest_wait": shown_wait(seconds)}  # fmt: skip


def shown_wait(seconds: float | None) -> str:
    return "—" if seconds is None else clock(seconds)


def build(*, session: Session, timezone: str) -> LiveView:
    now = repository.newest_event(session)
    if now is None:
        return LiveView(None, timezone, [], dict.fromkeys(_states(), 0))
    waiting = {name: (count, earliest) for name, count, earliest in
               repository.waiting_by_queue(session, now)}  # fmt: skip
    queues = [_queue_now(name, now, *waiting.get(name, (0, None)))
              for name in repository.queue_names(session)]  # fmt: skip
    counts = dict(repository.agents_by_state(session, now))
    return LiveView(now, timezone, queues, {state: counts.get(state, 0) for state in _states()})


def _queue_now(name: str, now: datetime, count: int, earliest: datetime | None) -> QueueNow:
    return QueueNow(name, count, (now - earliest).total_seconds() if earliest else 0.0)


def _states() -> list[str]:
    return [state.value for state in AgentState]
