"""Column mappings: a small TOML file that reads another system's export as our tabular format.

``load_mapping`` checks the whole file up front, so a mistake is reported once, naming the file and
the key, before any data is read. ``mapped_rows.Resolver`` then turns each input row (column name to text) into
our field names, applying the rules. The format is documented in docs/formats.md.
"""

import re
import tomllib
from collections.abc import Collection
from collections.abc import Mapping as MappingOf
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from switchboard.ingest.fields import ALL_FIELDS, FIELDS
from switchboard.kit.errors import InputError, Location

# A time of day this far before the row's start is taken to be after midnight, not before the
# start: calls last minutes, while clocks that disagree by a few seconds must not gain a day.
MIDNIGHT_SLACK = timedelta(hours=12)
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_FORMAT_KEYS = frozenset({"delimiter", "timezone", "source_system", "roll_over_midnight"})
_RULE_KEYS = frozenset({
    "column", "columns", "template", "value", "date_column", "date_format", "time_format",
    "format", "values", "null", "when", "unless", "when_column", "when_values",
})  # fmt: skip
Condition = tuple[tuple[str, frozenset[str]], ...]
"""Columns, each with the values it must hold; the condition holds when every column does."""


@dataclass(frozen=True)
class FieldRule:
    """How one of our fields is read from the input's columns."""

    columns: tuple[str, ...] = ()
    """Candidate columns; the first with a non-empty, non-null value wins."""
    template: str | None = None
    value: str | None = None
    date_column: str | None = None
    date_format: str | None = None
    time_format: str | None = None
    format: str | None = None
    values: MappingOf[str, str] = field(default_factory=dict)
    null: frozenset[str] = frozenset()
    when: Condition = ()
    """The field is empty unless this holds (``when_column``/``when_values`` is one column of it)."""
    unless: Condition = ()
    """The field is empty when this holds."""
    optional: bool = False
    """Our own column, read only if present (no mapping names it)."""

    def referenced(self) -> list[str]:
        names = list(self.columns)
        if self.template is not None:
            names += PLACEHOLDER.findall(self.template)
        if self.date_column is not None:
            names.append(self.date_column)
        names += [column for column, _ in (*self.when, *self.unless)]
        return names

    def applies(self, row: MappingOf[str, str]) -> bool:
        """Whether the row passes ``when`` and ``unless``; an empty condition never gets in the way."""
        if self.when and not holds(self.when, row):
            return False
        return not (self.unless and holds(self.unless, row))


def holds(condition: Condition, row: MappingOf[str, str]) -> bool:
    return all(row.get(column, "").strip() in values for column, values in condition)


@dataclass(frozen=True)
class ColumnMapping:
    path: str | None = None
    delimiter: str = ","
    timezone: str | None = None
    source_system: str | None = None
    roll_over_midnight: str | None = None
    """Column holding the time of day at which the row's date applies (the row's first time)."""
    fields: MappingOf[str, FieldRule] = field(default_factory=dict)

    def check_kind(self, kind: str) -> None:
        for name in self.fields:
            if name not in FIELDS[kind]:
                raise _error(
                    self.path or "mapping", f"fields.{name}", f"is not a column of {kind} rows"
                )


def load_mapping(path: Path) -> ColumnMapping:
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(Location(where), f"cannot read the mapping: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(Location(where), "the mapping is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(Location(where), f"not valid TOML: {exc}") from None
    return _Loader(where).mapping(data)


def _error(file: str, key: str, reason: str) -> InputError:
    return InputError(Location(file), f"key {key!r} {reason}")


class _Loader:
    """Reads the parsed TOML, refusing anything it does not understand, with the key at fault."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, reason: str) -> InputError:
        return _error(self.file, key, reason)

    def mapping(self, data: dict[str, Any]) -> ColumnMapping:
        self.unknown(data, {"format", "fields"}, "")
        fmt = self.table(data.get("format", {}), "format")
        self.unknown(fmt, _FORMAT_KEYS, "format.")
        rules = self.table(data.get("fields"), "fields")
        return ColumnMapping(
            path=self.file,
            delimiter=self.delimiter(fmt.get("delimiter", ",")),
            timezone=self.timezone(fmt.get("timezone")),
            source_system=self.source_system(fmt.get("source_system")),
            roll_over_midnight=self.optional_text(fmt, "roll_over_midnight", "format."),
            fields={name: self.rule(name, spec) for name, spec in rules.items()},
        )

    def unknown(self, table: dict[str, Any], allowed: Collection[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(f"{prefix}{key}", f"is not a known key (known: {known})")

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def delimiter(self, value: Any) -> str:
        if not isinstance(value, str) or len(value) != 1 or value in '"\r\n':
            raise self.fail("format.delimiter", 'must be one character, e.g. "," or "\\t"')
        return value

    def timezone(self, value: Any) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (TypeError, ValueError, KeyError, OSError):  # each a different way to be unknown
            raise self.fail("format.timezone", f"is not a known timezone: {value!r}") from None
        return str(value)

    def source_system(self, value: Any) -> str | None:
        if value is not None and (not isinstance(value, str) or not 0 < len(value) <= 40):
            raise self.fail("format.source_system", "must be text of 1 to 40 characters")
        return value

    def optional_text(self, table: dict[str, Any], key: str, prefix: str) -> str | None:
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise self.fail(f"{prefix}{key}", "must be a non-empty string")
        return value

    def rule(self, name: str, spec: Any) -> FieldRule:
        key = f"fields.{name}"
        if name not in ALL_FIELDS:
            raise self.fail(key, "is not one of our columns (see docs/formats.md)")
        if isinstance(spec, str) and spec:
            return FieldRule(columns=(spec,))
        if not isinstance(spec, dict):
            raise self.fail(key, "must be a column name or a table")
        self.unknown(spec, _RULE_KEYS, f"{key}.")
        return self.checked(key, self.rule_from(key, spec))

    def rule_from(self, key: str, spec: dict[str, Any]) -> FieldRule:
        def text(name: str) -> str | None:
            return self.optional_text(spec, name, f"{key}.")

        return FieldRule(
            columns=self.columns(key, spec),
            template=text("template"),
            value=self.constant(key, spec.get("value")),
            date_column=text("date_column"),
            date_format=text("date_format"),
            time_format=text("time_format"),
            format=text("format"),
            values=self.values(key, spec.get("values", {})),
            null=frozenset(self.strings(f"{key}.null", spec.get("null", []))),
            when=self.when(key, spec),
            unless=self.condition(f"{key}.unless", spec.get("unless")),
        )

    def when(self, key: str, spec: dict[str, Any]) -> Condition:
        """``when``, or the older one-column form ``when_column`` with ``when_values``."""
        old = "when_column" in spec or "when_values" in spec
        if old and "when" in spec:
            raise self.fail(key, "has both when and when_column/when_values; use when alone")
        if not old:
            return self.condition(f"{key}.when", spec.get("when"))
        column = self.optional_text(spec, "when_column", f"{key}.")
        values = self.strings(f"{key}.when_values", spec.get("when_values", []))
        if column is None or not values:
            raise self.fail(key, "when_column and when_values go together")
        return ((column, frozenset(values)),)

    def condition(self, key: str, value: Any) -> Condition:
        if value is None:
            return ()
        table = self.table(value, key)
        if not table:
            raise self.fail(key, "must name at least one column")
        condition: list[tuple[str, frozenset[str]]] = []
        for column, wanted in table.items():
            values = self.strings(f"{key}.{column}", wanted)
            if not values:
                raise self.fail(f"{key}.{column}", "must list at least one value")
            condition.append((column, frozenset(values)))
        return tuple(condition)

    def checked(self, key: str, rule: FieldRule) -> FieldRule:
        sources = [bool(rule.columns), rule.template is not None, rule.value is not None]
        if sum(sources) != 1:
            raise self.fail(key, "needs exactly one of column, columns, template or value")
        if rule.template is not None and not PLACEHOLDER.search(rule.template):
            raise self.fail(f"{key}.template", "names no {column}")
        if rule.date_column and not (rule.columns and rule.date_format and rule.time_format):
            raise self.fail(key, "date_column needs column(s), date_format and time_format")
        if rule.format and rule.date_column:
            raise self.fail(f"{key}.format", "cannot be combined with date_column")
        return rule

    def columns(self, key: str, spec: dict[str, Any]) -> tuple[str, ...]:
        if "column" in spec and "columns" in spec:
            raise self.fail(key, "has both column and columns")
        if "column" in spec:
            return (self.strings(f"{key}.column", spec["column"], single=True)[0],)
        if "columns" in spec:
            found = self.strings(f"{key}.columns", spec["columns"])
            if not found:
                raise self.fail(f"{key}.columns", "must name at least one column")
            return tuple(found)
        return ()

    def strings(self, key: str, value: Any, *, single: bool = False) -> list[str]:
        if isinstance(value, str):
            return [value]
        if single or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a string" + ("" if single else " or a list of strings"))
        return value

    def constant(self, key: str, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        raise self.fail(f"{key}.value", "must be a string, number or boolean")

    def values(self, key: str, value: Any) -> dict[str, str]:
        table = self.table(value, f"{key}.values")
        mapped: dict[str, str] = {}
        for source, ours in table.items():
            constant = self.constant(f"{key}.values.{source}", ours)
            if constant is None:
                raise self.fail(f"{key}.values.{source}", "must be a value")
            mapped[source] = constant
        return mapped
