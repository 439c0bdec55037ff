"""Applying a column mapping: each input row (column name to text) becomes our field names.

The mapping itself is loaded and checked by :mod:`switchboard.ingest.mapping`.
"""

from collections.abc import Collection
from collections.abc import Mapping as MappingOf
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from switchboard.ingest.fields import FIELDS, REQUIRED, FieldValue
from switchboard.ingest.mapping import MIDNIGHT_SLACK, PLACEHOLDER, ColumnMapping, FieldRule
from switchboard.ingest.records import BadFieldError


class Resolver:
    """Reads our fields for one kind of row out of the input's columns."""

    def __init__(self, mapping: ColumnMapping, kind: str) -> None:
        self.mapping = mapping
        self.required = REQUIRED[kind]
        self.rules = {
            name: mapping.fields.get(name) or FieldRule(columns=(name,), optional=True)
            for name in FIELDS[kind]
        }

    def columns(self) -> frozenset[str]:
        """Every input column the rules read."""
        names = {column for rule in self.rules.values() for column in rule.referenced()}
        anchor = self.mapping.roll_over_midnight
        return frozenset(names if anchor is None else names | {anchor})

    def missing_column(self, header: Collection[str]) -> tuple[str, str] | None:
        """The first column the input must have and lacks, with why, or None."""
        anchor = self.mapping.roll_over_midnight
        if anchor is not None and anchor not in header:
            return anchor, "missing column named by the mapping's format.roll_over_midnight"
        for name, rule in self.rules.items():
            for column in rule.referenced():
                if column in header:
                    continue
                if not rule.optional:
                    return column, f"missing column named by the mapping's fields.{name}"
                if name in self.required:
                    return column, "missing required column"
        return None

    def resolve(self, row: MappingOf[str, str]) -> dict[str, FieldValue]:
        return {name: self.value(name, rule, row) for name, rule in self.rules.items()}

    def value(self, name: str, rule: FieldRule, row: MappingOf[str, str]) -> FieldValue:
        if not rule.applies(row):
            return None
        if rule.value is not None:
            return rule.value
        if rule.template is not None:
            return self.template(rule, rule.template, row)
        column, raw = self.first(rule, row)
        if raw is None:
            return None
        raw = rule.values.get(raw, raw)
        if rule.date_column is not None:
            return self.date_time(name, rule, column, raw, row)
        if rule.format is not None:
            return _strptime(name, column, raw, rule.format)
        return raw

    def first(self, rule: FieldRule, row: MappingOf[str, str]) -> tuple[str, str | None]:
        for column in rule.columns:
            raw = row.get(column, "").strip()
            if raw and raw not in rule.null:
                return column, raw
        return "", None

    def template(self, rule: FieldRule, template: str, row: MappingOf[str, str]) -> str | None:
        parts: dict[str, str] = {}
        for column in PLACEHOLDER.findall(template):
            raw = row.get(column, "").strip()
            if not raw or raw in rule.null:
                return None  # a key with a hole in it would collide with other rows' keys
            parts[column] = raw
        return PLACEHOLDER.sub(lambda match: parts[match.group(1)], template)

    def date_time(
        self, name: str, rule: FieldRule, column: str, raw: str, row: MappingOf[str, str]
    ) -> datetime:
        # Loading checked that a date_column comes with both formats.
        date_column, date_format = rule.date_column or "", rule.date_format or ""
        time_format = rule.time_format or ""
        day = _parse_date(name, date_column, row.get(date_column, ""), date_format)
        # A local wall-clock time: fields.localise reads it in the mapping's zone, refusing one
        # the clocks skipped and placing one in the hour that happens twice after its start.
        moment = datetime.combine(day, _parse_time(name, column, raw, time_format))
        anchor_column = self.mapping.roll_over_midnight
        anchor = row.get(anchor_column, "").strip() if anchor_column else ""
        if anchor_column and anchor and anchor not in rule.null:
            start = datetime.combine(day, _parse_time(name, anchor_column, anchor, time_format))
            if moment < start - MIDNIGHT_SLACK:
                moment = _next_day(name, moment)
        return moment


def _next_day(name: str, moment: datetime) -> datetime:
    try:
        return moment + timedelta(days=1)
    except OverflowError:
        raise BadFieldError(name, "rolls over midnight past the last representable date") from None


def _strptime(name: str, column: str, raw: str, fmt: str) -> datetime:
    try:
        return datetime.strptime(raw, fmt)
    except ValueError:
        raise BadFieldError(name, f"column {column!r}: {raw!r} does not match {fmt!r}") from None


# Exports repeat the same dates and times of day endlessly; a bounded cache keeps strptime,
# which is slow, off the hot path without letting memory grow with the file.
@lru_cache(maxsize=4096)
def _cached_date(raw: str, fmt: str) -> date | None:
    try:
        return datetime.strptime(raw, fmt).date()
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def _cached_time(raw: str, fmt: str) -> time | None:
    try:
        return datetime.strptime(raw, fmt).timetz()
    except ValueError:
        return None


def _parse_date(name: str, column: str, raw: str, fmt: str) -> date:
    parsed = _cached_date(raw.strip(), fmt)
    if parsed is None:
        raise BadFieldError(name, f"column {column!r}: {raw.strip()!r} does not match {fmt!r}")
    return parsed


def _parse_time(name: str, column: str, raw: str, fmt: str) -> time:
    parsed = _cached_time(raw, fmt)
    if parsed is None:
        raise BadFieldError(name, f"column {column!r}: {raw!r} does not match {fmt!r}")
    return parsed
