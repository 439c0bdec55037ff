"""Reading queue_log lines into events, in either form, with every field checked.

File form, one event a line::

    1384000000|1384000000.42|support|SIP/1001|CONNECT|12|1384000012.43|3

Database form (realtime ``queue_log`` table, as Asterisk and XiVO/Wazo write it), with the
time as local text read in ``--timezone``::

    time,callid,queuename,agent,event,data1,data2,data3,data4,data5
    2013-11-08 09:53:09.948070,1384000000.42,support,SIP/1001,CONNECT,12,1384000012.43,3,,
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from switchboard.ingest.reading import NOT_UTF8, ProgressCallback, numbered_lines
from switchboard.ingest.records import ParseStats, Rejected, text_problem
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
LAST_UNIX_TIME = 253_402_300_800  # 10000-01-01: Python's datetimes end there
NAME_LIMIT = 200  # the store's width for call ids, queue and agent names
_NOBODY = frozenset({"", "NONE"})  # how queue_log writes "no agent" and "no queue"


@dataclass(slots=True)
class Event:
    line: int
    time: float
    callid: str
    queue: str
    agent: str
    """Empty when the line names no agent (``NONE``)."""
    name: str
    data: list[str]


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
        yield from _csv_events(path, _chain(first, lines), _LocalClock(tz), stats)


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
        if not 0 <= at < LAST_UNIX_TIME:  # also refuses nan and inf
            yield Rejected(Location(str(path), number, "time"), f"{fields[0]!r} is not a Unix time")
            continue
        yield _event(path, number, at, fields)


def _csv_events(
    path: Path, lines: Iterator[tuple[int, str | None]], clock: "_LocalClock", stats: ParseStats
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
        item = _csv_row(path, number, row, columns, clock)
        if item is not None:
            yield item


def _csv_row(
    path: Path, number: int, row: list[str], columns: list[str], clock: "_LocalClock"
) -> Event | Rejected | None:
    if not any(cell.strip() for cell in row):
        return None
    values = dict(zip(columns, row, strict=False))
    if not values.get("event"):
        return Rejected(Location(str(path), number, "event"), "no event name")
    text = values.get("time", "")
    try:
        at = clock.epoch(text)
    except (ValueError, OverflowError) as exc:
        return Rejected(
            Location(str(path), number, "time"), f"{text!r} is not a date and time ({exc})"
        )
    if "data" in values and "data1" not in values:
        data = values["data"].split("|")
    else:
        data = _unpadded([values.get(f"data{i}", "") for i in range(1, 6)])
    fields = [values.get(k, "") for k in ("time", "callid", "queuename", "agent")]
    return _event(path, number, at, [*fields, values["event"], *data])


def _unpadded(data: list[str]) -> list[str]:
    """The table has five data columns: Asterisk puts any further fields into data5, joined by
    ``|``, and leaves unused columns empty. Give back the fields as the file form has them."""
    fields = [*data[:4], *data[4].split("|")]
    while fields and not fields[-1].strip():
        fields.pop()
    return fields


class _LocalClock:
    """Reads the export's local times in order, so the repeated hour of a DST fall-back is
    resolved: when a time in that hour would run backwards, it is the second pass (fold=1)."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self.last = float("-inf")

    def epoch(self, text: str) -> float:
        moment = datetime.fromisoformat(text.strip())
        if moment.tzinfo is not None:
            return self._remember(moment.timestamp())
        first = moment.replace(tzinfo=self.tz)
        if first.astimezone(UTC).astimezone(self.tz).replace(tzinfo=None) != moment:
            raise ValueError(
                f"that local time does not exist in {self.tz.key}: the clocks went forward"
            )
        at = first.timestamp()
        if at < self.last:
            second = moment.replace(tzinfo=self.tz, fold=1).timestamp()
            at = second if second != at else at
        return self._remember(at)

    def _remember(self, at: float) -> float:
        self.last = max(self.last, at)
        return at


def _event(path: Path, number: int, at: float, fields: list[str]) -> Event | Rejected:
    name = fields[4].strip().upper()
    if not name:
        return Rejected(Location(str(path), number, "event"), "no event name")
    callid, queue, agent = (fields[i].strip() for i in (1, 2, 3))
    for field, value in (("callid", callid), ("queuename", queue), ("agent", agent)):
        problem = text_problem(value, NAME_LIMIT)
        if problem:
            return Rejected(Location(str(path), number, field), problem)
    return Event(number, at, callid, queue, "" if agent in _NOBODY else agent, name, fields[5:])
