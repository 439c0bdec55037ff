"""The scorecard file shape as Switchboard keeps and shares it: checking a definition
(the domain's rules, and what the stores need besides), reading JSON or YAML with the line of
every problem, and writing it back. A definition read here and written by :func:`dumped`
reads back equal, which is what makes re-importing an export harmless."""

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

import yaml

from switchboard.domain.quality.scorecard import Scorecard as Card
from switchboard.domain.quality.scorecard import ScorecardError, from_dict, to_dict
from switchboard.kit.errors import FieldError, InputError, Location, Problem
from switchboard.kit.text import storable
from switchboard.scorecards.schemas import MAX_NAME, ExportFormat

MAX_NUMBER = 1_000_000
"""Weights, points and scale ends stay within ± this: larger ones are typing slips, and sums
of them must stay exact in floating point."""
MAX_VALUES = 50_000
"""Values one definition may hold; YAML aliases could otherwise make a small file enormous."""
MEDIA_TYPES: dict[str, str] = {"json": "application/json", "yaml": "application/yaml"}
MAX_INDEX_DIGITS = 9
Found = list[tuple[str, str]]
"""Problems as (dotted path, message) pairs, as ``ScorecardError`` gives them."""


class ScorecardFileError(InputError):
    """An imported file that cannot be used: the first problem is the error's own location
    and reason, and ``problems`` lists every one, so one attempt names every mistake."""

    def __init__(self, problems: list[tuple[Location, str]]) -> None:
        (first, reason), rest = problems[0], problems[1:]
        if rest:
            more = "; ".join(f"{_where(where)}: {why}" for where, why in rest)
            reason = f"{reason} (and {len(rest)} more: {more})"
        super().__init__(first, reason)
        self.problems = problems

    def as_field_error(self) -> FieldError:
        """The problems as refusals of the request's ``text``, each with its line."""
        return FieldError([
            Problem(field_of("text", where.field or ""),
                    f"line {where.line}: {why}" if where.line else why)
            for where, why in self.problems
        ])  # fmt: skip


def _where(where: Location) -> str:
    line = f"line {where.line}" if where.line else "the file"
    return f"{line}, field {where.field!r}" if where.field else line


def field_of(body_field: str, path: str) -> str:
    """``path`` within a request's ``body_field``, as a refusal names it. The refusal reads a
    part of digits as a list index, so a field name that looks like digits but is none ("¹",
    or too long for ``int``) is bracketed."""
    parts = [f"[{part}]" if part.isdigit() and not _index(part) else part
             for part in path.split(".") if path]  # fmt: skip
    return ".".join([body_field, *parts])


def _index(part: str) -> bool:
    return part.isdecimal() and len(part) <= MAX_INDEX_DIGITS


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def joined(path: str, name: str) -> str:
    return f"{path}.{name}" if path and name else path or name


# --- checking definitions ---------------------------------------------------------------------


def checked(data: Any) -> tuple[Card | None, Found]:
    """The scorecard ``data`` defines, or every problem with it (each with its path)."""
    found = _value_problems(data)
    if found:
        return None, found
    try:
        card = from_dict(data)
    except ScorecardError as exc:
        return None, exc.problems
    if len(card.name.strip()) > MAX_NAME:
        return None, [("name", f"at most {MAX_NAME} characters")]
    return card, []


def _value_problems(data: Any) -> Found:
    """What the domain does not check but the stores need: text field names, text they can
    keep, finite numbers of a sane size. Walked without recursion: nesting is the sender's."""
    found: Found = []
    stack: list[tuple[str, Any]] = [("", data)]
    for seen, (path, value) in enumerate(_drain(stack)):
        if seen >= MAX_VALUES:
            return [("", f"too large: more than {MAX_VALUES:,} values")]
        found.extend(_one_value_problem(path, value, stack))
    return found


def _drain(stack: list[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Pops until empty, including what is pushed meanwhile: a depth-first walk."""
    while stack:
        yield stack.pop()


def _one_value_problem(path: str, value: Any, stack: list[tuple[str, Any]]) -> Found:
    if isinstance(value, Mapping):
        bad = [key for key in value if not isinstance(key, str)]
        stack.extend(
            (joined(path, k), v) for k, v in reversed(list(value.items())) if isinstance(k, str)
        )
        return [(path, f"field names must be text, not {key!r}") for key in bad]
    if isinstance(value, list):
        stack.extend((joined(path, str(i)), v) for i, v in reversed(list(enumerate(value))))
    elif isinstance(value, str):
        try:
            storable(value)
        except ValueError as exc:
            return [(path, str(exc))]
    elif _number(value) and not abs(value) <= MAX_NUMBER:  # NaN compares false: refused too
        return [(path, f"must be a number between -{MAX_NUMBER:,} and {MAX_NUMBER:,}")]
    return []


# --- reading and writing files ---------------------------------------------------------------


def file_definition(text: str, filename: str) -> dict[str, Any]:
    """The file's scorecard in its stored shape, or :class:`ScorecardFileError`."""
    data = _parsed(text, filename)
    card, found = checked(data)
    if card is None:
        tree = _tree(text)
        located = [(Location(filename, _line_of(tree, p), p or None), why) for p, why in found]
        raise ScorecardFileError(sorted(located, key=lambda problem: problem[0].line))
    definition = to_dict(card)
    definition["name"] = card.name.strip()
    return definition


def _parsed(text: str, filename: str) -> Any:
    as_json = _is_json(text, filename)
    try:
        return json.loads(text) if as_json else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise _unreadable(filename, exc.lineno, f"not valid JSON: {exc.msg}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = 0 if mark is None else mark.line + 1
        raise _unreadable(filename, line, f"not valid YAML: {exc.problem or exc}") from None
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        kind = "JSON" if as_json else "YAML"
        raise _unreadable(filename, 0, f"not valid {kind}: {exc or 'nested too deeply'}") from None


def _unreadable(filename: str, line: int, reason: str) -> ScorecardFileError:
    return ScorecardFileError([(Location(filename, line), reason)])


def _is_json(text: str, filename: str) -> bool:
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".json", ".yaml", ".yml"):
        return suffix == ".json"
    return text.lstrip().startswith(("{", "["))


def _tree(text: str) -> yaml.Node | None:
    """The file's YAML node tree, whose marks give each field's line; JSON reads as YAML too."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


def _line_of(tree: yaml.Node | None, path: str) -> int:
    """The line of the field at ``path``; for a field the file lacks, the line of the nearest
    part it has (the section missing a title); 0 when not even the first part is there."""
    node, line = tree, 0
    for part in path.split(".") if path else []:
        step = _child(node, part)
        if step is None:
            break
        node, line = step
    return line


def _child(node: yaml.Node | None, part: str) -> tuple[yaml.Node, int] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return value, key.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
        item = node.value[int(part)]
        return item, item.start_mark.line + 1
    return None


def dumped(definition: Mapping[str, Any], fmt: ExportFormat) -> str:
    """The definition as a file that :func:`file_definition` reads back equal."""
    if fmt == "json":
        return json.dumps(definition, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(dict(definition), sort_keys=False, allow_unicode=True, width=96)


def filename_for(name: str, number: int, fmt: ExportFormat) -> str:
    """``customer-service-voice-v2.yaml``: the name in plain ASCII, safe in any header."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return f"{slug[:80] or 'scorecard'}-v{number}.{fmt}"
