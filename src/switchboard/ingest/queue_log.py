"""Asterisk queue_log: the pipe-separated file, or the queue_log table exported as CSV.

File form, one event a line::

    1384000000|1384000000.42|support|SIP/1001|CONNECT|12|1384000012.43|3

Database form (realtime ``queue_log`` table, as Asterisk and XiVO/Wazo write it), with the
time as local text read in ``--timezone``::

    time,callid,queuename,agent,event,data1,data2,data3,data4,data5
    2013-11-08 09:53:09.948070,1384000000.42,support,SIP/1001,CONNECT,12,1384000012.43,3,,
"""

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from switchboard.ingest.queue_log_agents import AgentTracker
from switchboard.ingest.queue_log_calls import (
    OVERFLOW_EVENTS,
    CallAssembler,
    OpenCall,
    seconds,
)
from switchboard.ingest.reading import NOT_UTF8, ProgressCallback, numbered_lines
from switchboard.ingest.records import (
    BadFieldError,
    InteractionRecord,
    ParseStats,
    Record,
    Rejected,
)
from switchboard.kit.clock import from_epoch, zone
from switchboard.kit.errors import Location

CSV_COLUMNS = (
    "time",
    "callid",
    "queuename",
    "agent",
    "event",
    "data1",
    "data2",
    "data3",
    "data4",
    "data5",
)
_MEMBER_IN = frozenset({"ADDMEMBER", "AGENTLOGIN", "AGENTCALLBACKLOGIN"})
_MEMBER_OUT = frozenset({"REMOVEMEMBER", "AGENTLOGOFF", "AGENTCALLBACKLOGOFF"})
_ALL_QUEUES = frozenset({"", "NONE"})
_LAST_UNIX_TIME = 253_402_300_800  # 10000-01-01: Python's datetimes end there
# Events we understand that change no record: ring attempts and configuration noise.
_INFORMATIONAL = frozenset(
    {"RINGNOANSWER", "RINGCANCELED", "CONFIGRELOAD", "INFO", "SYSCOMPAT", "DID"}
)


@dataclass(slots=True)
class Event:
    line: int
    time: float
    callid: str
    queue: str
    agent: str
    name: str
    data: list[str]


class QueueLogAdapter:
    name = "queue-log"
    source_system = "asterisk"

    def __init__(self, *, timezone: str) -> None:
        self.zone = zone(timezone)

    def parse(
        self,
        paths: Sequence[Path],
        *,
        stats: ParseStats,
        on_file: Callable[[Path], None],
        on_progress: ProgressCallback | None,
    ) -> Iterator[Record | Rejected]:
        machine = QueueLogMachine(stats)
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
        yield from machine.drain()


def read_events(
    path: Path, tz: ZoneInfo, stats: ParseStats, on_progress: ProgressCallback | None
) -> Iterator[Event | Rejected]:
    lines = numbered_lines(path, on_progress)
    for number, text in lines:
        if text is None:
            stats.lines_read += 1
            yield Rejected(Location(str(path), number), NOT_UTF8)
            continue
        if not text.strip():
            continue
        first = (number, text)
        break
    else:
        return
    if "|" in first[1]:
        yield from _pipe_events(path, _chain(first, lines), stats)
    else:
        yield from _csv_events(path, _chain(first, lines), tz, stats)


def _chain(
    first: tuple[int, str | None], rest: Iterator[tuple[int, str | None]]
) -> Iterator[tuple[int, str | None]]:
    yield first
    yield from rest


def _pipe_events(
    path: Path, lines: Iterator[tuple[int, str | None]], stats: ParseStats
) -> Iterator[Event | Rejected]:
    for number, text in lines:
        stats.lines_read += 1
        if text is None:
            yield Rejected(Location(str(path), number), NOT_UTF8)
            continue
        fields = text.split("|")
        if len(fields) < 5:
            if text.strip():
                reason = f"expected time|callid|queuename|agent|event|data..., found {len(fields)} field(s)"
                yield Rejected(Location(str(path), number, "event"), reason)
            continue
        try:
            at = float(fields[0])
        except ValueError:
            at = -1.0
        if not 0 <= at < _LAST_UNIX_TIME:  # also refuses nan and inf
            yield Rejected(Location(str(path), number, "time"), f"{fields[0]!r} is not a Unix time")
            continue
        yield _event(path, number, at, fields)


def _csv_events(
    path: Path, lines: Iterator[tuple[int, str | None]], tz: ZoneInfo, stats: ParseStats
) -> Iterator[Event | Rejected]:
    last_line = [0]
    undecodable: set[int] = set()

    def texts() -> Iterator[str]:
        for number, text in lines:
            last_line[0] = number
            if text is None:
                undecodable.add(number)
            yield text or ""

    columns: list[str] = list(CSV_COLUMNS)
    reader = csv.reader(texts())
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            stats.lines_read += 1
            yield Rejected(Location(str(path), last_line[0]), f"not a CSV row: {exc}")
            continue
        number = last_line[0]
        if reader.line_num == 1 and row and row[0].strip().lower() in ("time", "id"):
            columns = [name.strip().lower() for name in row]
            continue
        stats.lines_read += 1
        if number in undecodable:
            yield Rejected(Location(str(path), number), NOT_UTF8)
            continue
        item = _csv_row(path, number, row, columns, tz)
        if item is not None:
            yield item


def _csv_row(
    path: Path, number: int, row: list[str], columns: list[str], tz: ZoneInfo
) -> Event | Rejected | None:
    if not any(cell.strip() for cell in row):
        return None
    values = dict(zip(columns, row, strict=False))
    if not values.get("event"):
        return Rejected(Location(str(path), number, "event"), "no event name")
    try:
        at = _local_time(values.get("time", ""), tz)
    except (ValueError, OverflowError):
        return Rejected(
            Location(str(path), number, "time"),
            f"{values.get('time', '')!r} is not a date and time",
        )
    if "data" in values and "data1" not in values:
        data = values["data"].split("|")
    else:
        data = [values.get(f"data{i}", "") for i in range(1, 6)]
    fields = [values.get(k, "") for k in ("time", "callid", "queuename", "agent")]
    return _event(path, number, at, [*fields, values["event"], *data])


def _local_time(text: str, tz: ZoneInfo) -> float:
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.timestamp()


def _event(path: Path, number: int, at: float, fields: list[str]) -> Event | Rejected:
    name = fields[4].strip().upper()
    if not name:
        return Rejected(Location(str(path), number, "event"), "no event name")
    return Event(
        number, at, fields[1].strip(), fields[2].strip(), fields[3].strip(), name, fields[5:]
    )


class QueueLogMachine:
    """Feeds events to the call assembler and the agent tracker, and collects their records."""

    def __init__(self, stats: ParseStats) -> None:
        self.stats = stats
        self.calls = CallAssembler()
        self.agents = AgentTracker()
        self._awaiting_wrap: dict[str, InteractionRecord] = {}
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
        self._ready.extend(self._awaiting_wrap.values())
        self._awaiting_wrap.clear()
        self.stats.unclosed.extend(call.source_id for call in self.calls.open.values())
        self.calls.open.clear()
        still_open = self.agents.still_open()
        if still_open:
            self.stats.skipped["agent_state_still_open"] = still_open

    def _call(self, event: Event) -> OpenCall | None:
        call = self.calls.open.get((event.callid, event.queue))
        if call is None:
            self.stats.count(self.stats.orphaned_events, event.name)
        return call

    def _enter(self, event: Event) -> None:
        if not event.callid:
            raise BadFieldError("callid", "a call event needs a call id")
        displaced = self.calls.enter(event.callid, event.queue, event.time, event.data)
        if displaced is not None:
            self.stats.unclosed.append(displaced.source_id)

    def _connect(self, event: Event) -> None:
        call = self._call(event)
        if call is not None:
            self.calls.connect(call, event.agent, event.time, event.data)
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
        self.agents.log_in(event.agent, event.queue or "NONE", event.time)

    def _member_out(self, event: Event) -> None:
        queue = None if event.queue in _ALL_QUEUES else event.queue
        self.agents.log_out(event.agent, queue, event.time)

    def _pause(self, event: Event) -> None:
        reason = event.data[0].strip() if event.data else ""
        self.agents.pause(event.agent, reason, event.time)

    def _unpause(self, event: Event) -> None:
        self.agents.pause(event.agent, None, event.time)

    def _wrap_up(self, event: Event) -> None:
        """XiVO/Wazo: data1 is the wrap-up time the agent now has, in seconds."""
        duration = seconds(event.data, 0)
        record = self._awaiting_wrap.pop(event.agent, None)
        if record is not None:
            record.wrap_seconds = duration
            record.wrap_ended_at = from_epoch(event.time + duration)
            self._ready.append(record)
        self.agents.wrap_up(event.agent, event.time, duration)

    def _restart(self, event: Event) -> None:
        """Asterisk (re)started: calls still in queue were lost, agents start afresh."""
        self.stats.unclosed.extend(call.source_id for call in self.calls.open.values())
        self.calls.open.clear()
        for agent in list(self._awaiting_wrap):
            self._release_wrap(agent)
        self.agents.reset_all(event.time)
