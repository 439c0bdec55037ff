"""Asterisk queue_log: events become interactions (one per queue visit) and agent states.

The two input forms are read by :mod:`queue_log_read`; calls are assembled by
:mod:`queue_log_calls` and agent states by :mod:`queue_log_agents`.
"""

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from switchboard.ingest.queue_log_agents import AgentTracker
from switchboard.ingest.queue_log_calls import (
    OVERFLOW_EVENTS,
    CallAssembler,
    OpenCall,
    seconds,
)
from switchboard.ingest.queue_log_read import (
    LAST_UNIX_TIME,
    NAME_LIMIT,
    Event,
    read_events,
)
from switchboard.ingest.reading import ProgressCallback
from switchboard.ingest.records import (
    BadFieldError,
    InteractionRecord,
    ParseStats,
    Record,
    Rejected,
    text_problem,
)
from switchboard.kit.clock import from_epoch, zone
from switchboard.kit.errors import Location

_MEMBER_IN = frozenset({"ADDMEMBER", "AGENTLOGIN", "AGENTCALLBACKLOGIN"})
_MEMBER_OUT = frozenset({"REMOVEMEMBER", "AGENTLOGOFF", "AGENTCALLBACKLOGOFF"})
_ALL_QUEUES = frozenset({"", "NONE"})
# Events we understand that change no record: ring attempts and configuration noise.
_INFORMATIONAL = frozenset(
    {"RINGNOANSWER", "RINGCANCELED", "CONFIGRELOAD", "INFO", "SYSCOMPAT", "DID"}
)


class QueueLogAdapter:
    name = "queue-log"
    source_system = "asterisk"

    def __init__(self, *, timezone: str) -> None:
        self.zone = zone(timezone)
        self._carried: dict[str, Any] | None = None
        self._to_carry: dict[str, Any] = {}

    def resume(self, state: dict[str, Any] | None) -> None:
        """Carry on from what the last import of this source left open (see IngestCarryover)."""
        self._carried = state

    def suspend(self) -> dict[str, Any]:
        """What this import leaves open, for the next one; valid after :meth:`parse` has run."""
        return self._to_carry

    def parse(
        self,
        paths: Sequence[Path],
        *,
        stats: ParseStats,
        on_file: Callable[[Path], None],
        on_progress: ProgressCallback | None,
    ) -> Iterator[Record | Rejected]:
        machine = QueueLogMachine(stats)
        if self._carried:
            machine.resume(self._carried)
        for path in paths:
            on_file(path)
            for event in read_events(path, self.zone, stats, on_progress):
                if isinstance(event, Rejected):
                    yield event
                    continue
                try:
                    machine.handle(event)
                except BadFieldError as bad:
                    yield Rejected(
                        Location(str(path), event.line, bad.field), f"{event.name}: {bad.reason}"
                    )
                yield from machine.drain()
        machine.finish()
        self._to_carry = machine.suspend()
        yield from machine.drain()


CALLER_LIMIT = 320  # the store's width for a customer identifier
_CARRY_VERSION = 1


def _agent(event: Event) -> str:
    """The agent an agent event is about; such an event without one cannot be placed."""
    if not event.agent:
        raise BadFieldError("agent", f"{event.name} needs an agent")
    return event.agent


class QueueLogMachine:
    """Feeds events to the call assembler and the agent tracker, and collects their records."""

    def __init__(self, stats: ParseStats) -> None:
        self.stats = stats
        self.calls = CallAssembler()
        self.agents = AgentTracker()
        self._awaiting_wrap: dict[str, InteractionRecord] = {}
        self.latest = 0.0  # the latest event time seen
        self._carried: dict[str, Any] | None = None
        self._ready: list[Record] = []
        self._handlers: dict[str, Callable[[Event], None]] = {
            "ENTERQUEUE": self._enter,
            "CONNECT": self._connect,
            "COMPLETEAGENT": self._complete,
            "COMPLETECALLER": self._complete,
            "BLINDTRANSFER": self._transfer,
            "ATTENDEDTRANSFER": self._transfer,
            "TRANSFER": self._transfer,
            "ABANDON": self._leave,
            "EXITEMPTY": self._leave,
            "EXITWITHTIMEOUT": self._leave,
            "EXITWITHKEY": self._leave,
            "PAUSE": self._pause,
            "PAUSEALL": self._pause,
            "UNPAUSE": self._unpause,
            "UNPAUSEALL": self._unpause,
            "WRAPUPSTART": self._wrap_up,
            "QUEUESTART": self._restart,
        }
        for name in OVERFLOW_EVENTS:
            self._handlers[name] = self._overflow
        for name in _MEMBER_IN:
            self._handlers[name] = self._member_in
        for name in _MEMBER_OUT:
            self._handlers[name] = self._member_out

    def known_events(self) -> frozenset[str]:
        """Every event name this machine understands, including those that change no record."""
        return frozenset(self._handlers) | _INFORMATIONAL

    def handle(self, event: Event) -> None:
        if self._carried is not None:
            self._take_up_carried(event.time)
        self.latest = max(self.latest, event.time)
        handler = self._handlers.get(event.name)
        if handler is not None:
            handler(event)
        elif event.name not in _INFORMATIONAL:
            self.stats.count(self.stats.unknown_events, event.name)

    def drain(self) -> Iterator[Record]:
        ready, self._ready = self._ready, []
        yield from ready
        if self.agents.out:
            states, self.agents.out = self.agents.out, []
            yield from states

    def finish(self) -> None:
        """The input is over: calls still open are reported (and carried to the next import)."""
        self._ready.extend(self._awaiting_wrap.values())
        self._awaiting_wrap.clear()
        self.stats.add_unclosed(call.source_id for call in self.calls.open.values())
        still_open = self.agents.still_open()
        if still_open:
            self.stats.skipped["agent_state_still_open"] = still_open

    def suspend(self) -> dict[str, Any]:
        calls = self.calls.suspend(self.latest)
        return {
            "version": _CARRY_VERSION,
            "latest": self.latest,
            **calls,
            "agents": self.agents.suspend(),
        }

    def resume(self, state: dict[str, Any]) -> None:
        """Take over what the last import left open, once the first event shows this input
        carries on from where that one ended (see :meth:`_take_up_carried`)."""
        if state.get("version") == _CARRY_VERSION:  # else left by another version: start afresh
            self._carried = state

    def _take_up_carried(self, first_event_at: float) -> None:
        """Only a continuation may carry on: input that starts before the last one ended is an
        earlier or overlapping file, and its own events say what was open then."""
        carried, self._carried = self._carried, None
        if carried is None or first_event_at < carried["latest"]:
            return
        self.calls.resume(carried)
        self.agents.resume(carried.get("agents", []))
        self.latest = carried["latest"]

    def _call(self, event: Event) -> OpenCall | None:
        call = self.calls.open.get((event.callid, event.queue))
        if call is None:
            self.stats.count(self.stats.orphaned_events, event.name)
        return call

    def _enter(self, event: Event) -> None:
        if not event.callid:
            raise BadFieldError("callid", "a call event needs a call id")
        caller = event.data[1].strip() if len(event.data) > 1 else ""
        problem = text_problem(caller, CALLER_LIMIT)
        if problem:
            raise BadFieldError("data2", f"caller id {problem}")
        displaced = self.calls.enter(event.callid, event.queue, event.time, event.data)
        if displaced is not None:
            self.stats.add_unclosed([displaced.source_id])

    def _connect(self, event: Event) -> None:
        call = self._call(event)
        if call is not None:
            self.calls.connect(call, event.agent or None, event.time, event.data)
            if event.agent:
                self._release_wrap(event.agent)
                self.agents.call_started(event.agent, event.queue, event.time)

    def _complete(self, event: Event) -> None:
        call = self._call(event)
        if call is not None:
            self._answered(
                self.calls.complete(call, event.name, event.agent, event.time, event.data), event
            )

    def _transfer(self, event: Event) -> None:
        call = self._call(event)
        if call is not None:
            self._answered(
                self.calls.transfer(call, event.name, event.agent, event.time, event.data), event
            )

    def _answered(self, record: InteractionRecord, event: Event) -> None:
        """Hold an answered call back until we know whether a WRAPUPSTART follows for its agent."""
        agent = record.agent
        if agent is None:
            self._ready.append(record)
            return
        self._release_wrap(agent)
        self._awaiting_wrap[agent] = record
        self.agents.call_ended(agent, event.time)

    def _release_wrap(self, agent: str) -> None:
        waiting = self._awaiting_wrap.pop(agent, None)
        if waiting is not None:
            self._ready.append(waiting)

    def _leave(self, event: Event) -> None:
        call = self._call(event)
        if call is not None:
            self._ready.append(self.calls.leave(call, event.name, event.time, event.data))

    def _overflow(self, event: Event) -> None:
        if not event.callid:
            raise BadFieldError("callid", "a call event needs a call id")
        self._ready.append(self.calls.overflow(event.callid, event.queue, event.name, event.time))

    def _member_in(self, event: Event) -> None:
        self.agents.log_in(_agent(event), event.queue or "NONE", event.time)

    def _member_out(self, event: Event) -> None:
        queue = None if event.queue in _ALL_QUEUES else event.queue
        self.agents.log_out(_agent(event), queue, event.time)

    def _pause(self, event: Event) -> None:
        reason = event.data[0].strip() if event.data else ""
        problem = text_problem(reason, NAME_LIMIT)
        if problem:
            raise BadFieldError("data1", f"pause reason {problem}")
        self.agents.pause(_agent(event), reason, event.time)

    def _unpause(self, event: Event) -> None:
        self.agents.pause(_agent(event), None, event.time)

    def _wrap_up(self, event: Event) -> None:
        """XiVO/Wazo: data1 is the wrap-up time the agent now has, in seconds."""
        agent = _agent(event)
        duration = seconds(event.data, 0)
        if event.time + duration >= LAST_UNIX_TIME:
            raise BadFieldError("data1", "the wrap-up would end after the year 9999")
        record = self._awaiting_wrap.pop(agent, None)
        if record is not None:
            record.wrap_seconds = duration
            record.wrap_ended_at = from_epoch(event.time + duration)
            self._ready.append(record)
        self.agents.wrap_up(agent, event.time, duration)

    def _restart(self, event: Event) -> None:
        """Asterisk (re)started: calls still in queue were lost, agents start afresh."""
        self.stats.add_unclosed(call.source_id for call in self.calls.open.values())
        self.calls.open.clear()
        for agent in list(self._awaiting_wrap):
            self._release_wrap(agent)
        self.agents.reset_all(event.time)
