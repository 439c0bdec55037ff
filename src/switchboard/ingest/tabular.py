"""Switchboard's own tabular format: CSV or JSON Lines rows of interactions, agent states or surveys.

The columns are documented in docs/formats.md. A TOML mapping (see ``mapping.py``) lets the same
adapter read another system's export. Files are streamed row by row, so memory stays flat; a bad
row is rejected with its line and field, while a file that lacks a required column is refused as
a whole before any of it is read.
"""

import csv
import json
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from switchboard.ingest.fields import BUILDERS, FIELDS
from switchboard.ingest.json_stream import too_long_reason
from switchboard.ingest.mapped_rows import Resolver
from switchboard.ingest.mapping import ColumnMapping, load_mapping
from switchboard.ingest.reading import NOT_UTF8, ProgressCallback, numbered_lines
from switchboard.ingest.records import BadFieldError, ParseStats, Record, Rejected
from switchboard.kit.errors import InputError, Location, SwitchboardError

__all__ = ["ColumnMapping", "TabularAdapter", "load_mapping"]

JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_SNIFF_BYTES = 4096

InputRow = dict[str, str]
Numbered = tuple[int, InputRow | Rejected]


class TabularAdapter:
    name = "csv"

    def __init__(
        self, *, kind: str, mapping: ColumnMapping | None = None, timezone: str = "UTC"
    ) -> None:
        if kind not in FIELDS:
            raise SwitchboardError(f"unknown kind {kind!r}: use one of {', '.join(FIELDS)}")
        self.kind = kind
        self.mapping = mapping or ColumnMapping()
        self.mapping.check_kind(kind)
        self.source_system = self.mapping.source_system or "csv"
        # A mapping describes one system's export, whose clock is part of its format: its zone
        # wins over the general default the caller passes.
        self.zone = _zone(self.mapping.timezone or timezone)
        self.resolver = Resolver(self.mapping, kind)
        self.build = BUILDERS[kind]

    def parse(
        self,
        paths: Sequence[Path],
        *,
        stats: ParseStats,
        on_file: Callable[[Path], None],
        on_progress: ProgressCallback | None,
    ) -> Iterator[Record | Rejected]:
        for path in paths:
            on_file(path)
            yield from self._file(path, stats, on_progress)

    def _file(
        self, path: Path, stats: ParseStats, on_progress: ProgressCallback | None
    ) -> Iterator[Record | Rejected]:
        if is_json_lines(path):
            rows = json_rows(path, self.resolver.columns(), on_progress)
        else:
            rows = csv_rows(path, self.mapping.delimiter, self._check_header, on_progress)
        for number, row in rows:
            stats.lines_read += 1
            yield row if isinstance(row, Rejected) else self._record(path, number, row)

    def _record(self, path: Path, number: int, row: InputRow) -> Record | Rejected:
        try:
            return self.build(self.resolver.resolve(row), self.zone, self.source_system)
        except BadFieldError as exc:
            return Rejected(Location(str(path), number, exc.field), exc.reason)

    def _check_header(self, path: Path, line: int, header: list[str]) -> None:
        missing = self.resolver.missing_column(set(header))
        if missing is not None:
            column, reason = missing
            raise InputError(Location(str(path), line, column), reason)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (TypeError, ValueError, KeyError, OSError):
        raise SwitchboardError(f"unknown timezone {name!r}") from None


def is_json_lines(path: Path) -> bool:
    """By extension, else by content: a JSON Lines file starts with an object."""
    if path.suffix.lower() in JSON_LINES_SUFFIXES:
        return True
    with path.open("rb") as handle:
        start = handle.read(_SNIFF_BYTES)
    return start.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{")


def json_rows(
    path: Path, used: Collection[str], on_progress: ProgressCallback | None
) -> Iterator[Numbered]:
    """Objects of the file; keys in ``used`` must hold plain values, other keys are ignored."""
    for number, text in numbered_lines(path, on_progress):
        if text is None:
            yield number, Rejected(Location(str(path), number), NOT_UTF8)
        elif text.strip():
            yield number, _json_object(str(path), number, text, used)


def _json_object(file: str, number: int, text: str, used: Collection[str]) -> InputRow | Rejected:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejected(Location(file, number), f"not valid JSON: {exc}")
    except ValueError:  # the one other ValueError: an integer too long to convert
        return Rejected(Location(file, number), too_long_reason())
    except RecursionError:  # absurdly deep nesting
        return Rejected(Location(file, number), "not valid JSON: nested too deeply")
    if not isinstance(data, dict):
        return Rejected(Location(file, number), "not a JSON object")
    row: InputRow = {}
    for key, value in data.items():
        if not isinstance(value, dict | list):
            row[key] = _json_text(value)
        elif key in used:
            return Rejected(Location(file, number, key), "must be text, a number or a boolean")
    return row


def _json_text(value: str | float | bool | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before numbers: a bool is an int in Python
        return "true" if value else "false"
    return str(value)


class _Lines:
    """Feeds csv.reader decoded lines, remembering the first one that was not UTF-8.

    The line ending goes back on, so a quoted field that spans lines keeps its line break.
    """

    def __init__(self, path: Path, on_progress: ProgressCallback | None) -> None:
        self._lines = numbered_lines(path, on_progress)
        self.number = 0
        self.bad: int | None = None

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        self.number, text = next(self._lines)
        if text is None:
            self.bad = self.bad or self.number
            return "\n"
        return text + "\n"


HeaderCheck = Callable[[Path, int, list[str]], None]


def csv_rows(
    path: Path, delimiter: str, check: HeaderCheck, on_progress: ProgressCallback | None
) -> Iterator[Numbered]:
    lines = _Lines(path, on_progress)
    records = _records(path, csv.reader(lines, delimiter=delimiter), lines)
    header: list[str] | None = None
    for start, record in records:
        if isinstance(record, Rejected) and header is None:
            raise InputError(record.location, f"the header row is unreadable: {record.reason}")
        if isinstance(record, Rejected):
            yield start, record
        elif header is None:
            header = [name.strip() for name in record]
            check(path, start, header)
        else:
            yield start, _row(path, start, header, record)
    if header is None:
        raise InputError(Location(str(path)), "the file is empty: a header row is required")


def _records(
    path: Path, reader: Iterator[list[str]], lines: _Lines
) -> Iterator[tuple[int, list[str] | Rejected]]:
    """Non-blank records with the line each starts on; unreadable ones come back as Rejected."""
    while True:
        start = lines.number + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, Rejected(Location(str(path), start), f"unreadable CSV: {exc}")
            continue
        if lines.bad is not None:
            yield lines.bad, Rejected(Location(str(path), lines.bad), NOT_UTF8)
            lines.bad = None
        elif any(value.strip() for value in record):
            yield start, record


def _row(path: Path, line: int, header: list[str], record: list[str]) -> InputRow | Rejected:
    if len(record) != len(header):
        reason = f"has {len(record)} fields where the header has {len(header)}"
        return Rejected(Location(str(path), line), reason)
    return dict(zip(header, record, strict=True))
