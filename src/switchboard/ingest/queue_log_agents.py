"""Agent states from queue_log member, pause, call and wrap-up events.

Each agent is in exactly one state at a time, so the intervals never overlap and add up to the
agent's logged-in time: on contact beats wrap-up, wrap-up beats a pause, a pause beats available.
That is what occupancy and shrinkage need later.
"""

from dataclasses import dataclass, field
from typing import Any

from switchboard.ingest.records import AgentStateRecord
from switchboard.interactions.models import AgentState
from switchboard.kit.clock import from_epoch

# Pause reasons are free text in Asterisk; these words name states the KPIs treat apart.
_REASON_STATES = (
    ("lunch", AgentState.LUNCH),
    ("train", AgentState.TRAINING),
    ("meeting", AgentState.MEETING),
    ("coach", AgentState.COACHING),
)


def pause_state(reason: str) -> AgentState:
    lowered = reason.lower()
    for word, state in _REASON_STATES:
        if word in lowered:
            return state
    return AgentState.BREAK


@dataclass(slots=True)
class _Agent:
    name: str
    queues: set[str] = field(default_factory=set)
    pause_reason: str | None = None
    calls: int = 0
    wrap_until: float = 0.0
    state: AgentState | None = None
    reason: str | None = None
    since: float = 0.0


class AgentTracker:
    """Turns agent events into closed :class:`AgentStateRecord` intervals, emitted in order."""

    def __init__(self) -> None:
        self._agents: dict[str, _Agent] = {}
        self.out: list[AgentStateRecord] = []

    def _get(self, name: str, at: float) -> _Agent:
        """The agent, with any wrap-up that ran out before ``at`` already closed."""
        agent = self._agents.get(name)
        if agent is None:
            agent = self._agents[name] = _Agent(name)
        if agent.wrap_until and at >= agent.wrap_until:
            ended = agent.wrap_until
            agent.wrap_until = 0.0
            self._switch(agent, ended)
        return agent

    def log_in(self, name: str, queue: str, at: float) -> None:
        agent = self._get(name, at)
        if not agent.queues:
            agent.pause_reason = None  # a new session starts unpaused, as Asterisk adds members
        agent.queues.add(queue)
        self._switch(agent, at)

    def log_out(self, name: str, queue: str | None, at: float) -> None:
        agent = self._get(name, at)
        if queue is None:
            agent.queues.clear()
        else:
            agent.queues.discard(queue)
        if not agent.queues:
            agent.pause_reason = None
        self._switch(agent, at)

    def pause(self, name: str, reason: str | None, at: float) -> None:
        """``reason`` None means unpause; an empty reason is a pause with no reason given."""
        agent = self._get(name, at)
        agent.pause_reason = reason
        self._switch(agent, at)

    def call_started(self, name: str, queue: str, at: float) -> None:
        agent = self._get(name, at)
        if not agent.queues:
            agent.queues.add(queue)  # taking a call proves the agent was logged in
        agent.calls += 1
        agent.wrap_until = 0.0
        self._switch(agent, at)

    def call_ended(self, name: str, at: float) -> None:
        agent = self._get(name, at)
        agent.calls = max(0, agent.calls - 1)
        self._switch(agent, at)

    def wrap_up(self, name: str, at: float, seconds: float) -> None:
        agent = self._get(name, at)
        agent.wrap_until = at + seconds
        self._switch(agent, at)

    def reset_all(self, at: float) -> None:
        """The PBX restarted: every agent's current state ends here."""
        for agent in self._agents.values():
            self._close(agent, at)
        self._agents.clear()

    def suspend(self) -> list[dict[str, Any]]:
        """Every agent's situation, as JSON, for the next import to carry on from."""
        return [
            {
                "name": a.name, "queues": sorted(a.queues), "pause_reason": a.pause_reason,
                "calls": a.calls, "wrap_until": a.wrap_until,
                "state": a.state.value if a.state else None, "reason": a.reason, "since": a.since,
            }
            for a in self._agents.values()
        ]  # fmt: skip

    def resume(self, agents: list[dict[str, Any]]) -> None:
        for fields in agents:
            state = fields["state"]
            self._agents[fields["name"]] = _Agent(
                name=fields["name"], queues=set(fields["queues"]), pause_reason=fields["pause_reason"],
                calls=fields["calls"], wrap_until=fields["wrap_until"],
                state=AgentState(state) if state else None, reason=fields["reason"], since=fields["since"],
            )  # fmt: skip

    def still_open(self) -> int:
        return sum(1 for agent in self._agents.values() if agent.state is not None)

    def _switch(self, agent: _Agent, at: float) -> None:
        state, reason = self._derive(agent, at)
        if state is agent.state and reason == agent.reason:
            return
        self._close(agent, at)
        agent.state, agent.reason, agent.since = state, reason, at

    def _derive(self, agent: _Agent, at: float) -> tuple[AgentState | None, str | None]:
        if agent.calls:
            return AgentState.ON_CONTACT, None
        if agent.wrap_until > at:
            return AgentState.WRAP_UP, None
        if not agent.queues:
            return None, None
        if agent.pause_reason is not None:
            return pause_state(agent.pause_reason), agent.pause_reason or None
        return AgentState.AVAILABLE, None

    def _close(self, agent: _Agent, at: float) -> None:
        if agent.state is None or at <= agent.since:
            agent.state = None
            return
        self.out.append(
            AgentStateRecord(
                source_id=f"{agent.name}|{agent.since:.3f}",
                agent=agent.name,
                state=agent.state,
                reason=agent.reason,
                started_at=from_epoch(agent.since),
                ended_at=from_epoch(at),
            )
        )
        agent.state = None
