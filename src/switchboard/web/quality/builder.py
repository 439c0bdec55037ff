"""The scorecard builder's form: rows of plain fields that work without script, read into the
scorecard's JSON shape (``domain.quality.scorecard``) and written back from it.

Every input is named after its place in that shape, with dashes for dots
(``sections-0-questions-1-weight``), so a problem the domain reports at a path
(``sections.0.questions.1.weight``) lands beside its own field; a path with no field of its own
(``sections.0.questions``) lands on the nearest row that has one. "Add section" and "Add
question" post the form and get it back with one more blank row, typed values kept.

Choices are one per line, ``label = points``, with ``!fails`` after a failing one::

    Resolved = 2
    Partly = 1
    Wrong = 0 !fails
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

QUESTION_FIELDS = ("key", "text", "answer_type", "weight", "critical", "scale_min", "scale_max",
                   "choices", "guidance")  # fmt: skip
FLAGS = ("compliance", "bonus", "allow_na")
SECTION_FIELDS = ("key", "title", "weight")
CARD_FIELDS = ("name", "description", "pass_mark", "change_note")
FAILS = "!fails"
MAX_ROWS = 40
"""Sections, and questions in a section, the form will add: a scorecard, not a census."""


@dataclass
class QuestionRow:
    values: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=lambda: {"allow_na"})

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class SectionRow:
    values: dict[str, str] = field(default_factory=dict)
    questions: list[QuestionRow] = field(default_factory=lambda: [QuestionRow()])

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class Builder:
    """The form as typed: text fields as text, so a refused form shows exactly what was sent."""

    values: dict[str, str] = field(default_factory=dict)
    sections: list[SectionRow] = field(default_factory=lambda: [SectionRow()])
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(input id, message) pairs: the summary links to each id."""

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def errors(self, anchor: str) -> list[str]:
        return [message for where, message in self.problems if where == anchor]

    def anchors(self) -> set[str]:
        """Every id a problem can land on: each field and each row's fieldset."""
        found = {*CARD_FIELDS, "sections", "questions"}
        for i, section in enumerate(self.sections):
            base = f"sections-{i}"
            found |= {base, f"{base}-questions", *(f"{base}-{n}" for n in SECTION_FIELDS)}
            for j, _ in enumerate(section.questions):
                row = f"{base}-questions-{j}"
                found |= {row, *(f"{row}-{n}" for n in (*QUESTION_FIELDS, *FLAGS))}
        return found

    def place(self, problems: list[tuple[str, str]]) -> None:
        """The domain's (path, message) problems, each on the nearest input to its path."""
        anchors = self.anchors()
        for path, message in problems:
            self.problems.append((_nearest(path, anchors), _worded(path, message)))


def _nearest(path: str, anchors: set[str]) -> str:
    parts = path.split(".") if path else []
    while parts:
        candidate = "-".join(parts)
        if candidate in anchors:
            return candidate
        parts.pop()
    return "name"


def _worded(path: str, message: str) -> str:
    """``sections.0.questions.1.weight`` → "Section 1, question 2, weight: …"."""
    words, parts = [], path.split(".") if path else []
    for i, part in enumerate(parts):
        if part.isdigit() and i > 0:
            kind = {"sections": "Section", "questions": "question", "choices": "choice"}
            words.append(f"{kind.get(parts[i - 1], parts[i - 1])} {int(part) + 1}")
        elif not (i + 1 < len(parts) and parts[i + 1].isdigit()):
            words.append(part.replace("_", " "))
    where = ", ".join(words)
    text = message[:1].upper() + message[1:] if not where else message
    return f"{where[:1].upper()}{where[1:]}: {text}" if where else text


# --- reading the posted form ------------------------------------------------------------------


def _count(values: Mapping[str, Any], name: str) -> int:
    text = values.get(name, "")
    return min(int(text), MAX_ROWS) if isinstance(text, str) and text.isdigit() else 1


def _text(values: Mapping[str, Any], name: str) -> str:
    given = values.get(name, "")
    return given.strip() if isinstance(given, str) else ""


def _raw(values: Mapping[str, Any], name: str) -> str:
    """A multi-line field keeps its lines as typed, but not a trailing blank."""
    given = values.get(name, "")
    return given.rstrip() if isinstance(given, str) else ""


def from_posted(values: Mapping[str, Any]) -> Builder:
    card = Builder({name: _text(values, name) for name in CARD_FIELDS}, sections=[])
    for i in range(_count(values, "section_count")):
        base = f"sections-{i}"
        section = SectionRow({n: _text(values, f"{base}-{n}") for n in SECTION_FIELDS}, [])
        for j in range(_count(values, f"{base}-question_count")):
            row = f"{base}-questions-{j}"
            question = QuestionRow(
                {n: (_raw if n in ("choices", "guidance") else _text)(values, f"{row}-{n}")
                 for n in QUESTION_FIELDS},
                {flag for flag in FLAGS if values.get(f"{row}-{flag}") == "yes"},
            )  # fmt: skip
            section.questions.append(question)
        card.sections.append(section)
    return card


def apply(card: Builder, action: str) -> bool:
    """Add or remove a row as the pressed button asks; False when the button saves instead."""
    verb, _, where = action.partition(":")
    places = [int(p) for p in where.split(":") if p.isdigit()]
    if verb == "add_section" and len(card.sections) < MAX_ROWS:
        card.sections.append(SectionRow())
    elif verb == "add_question" and places and places[0] < len(card.sections):
        questions = card.sections[places[0]].questions
        if len(questions) < MAX_ROWS:
            questions.append(QuestionRow())
    elif verb == "remove_section" and places and len(card.sections) > 1:
        card.sections.pop(min(places[0], len(card.sections) - 1))
    elif verb == "remove_question" and len(places) == 2 and places[0] < len(card.sections):
        questions = card.sections[places[0]].questions
        if len(questions) > 1 and places[1] < len(questions):
            questions.pop(places[1])
    else:
        return verb not in ("add_section", "add_question", "remove_section", "remove_question")
    return False


# --- into the scorecard's shape ---------------------------------------------------------------


def definition(card: Builder) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The JSON shape of what was typed, and the problems only the form can see (a weight that
    is not a number, a choice line without points); the domain checks the rest."""
    problems: list[tuple[str, str]] = []
    out: dict[str, Any] = {"name": card.get("name"), "sections": []}
    if card.get("description"):
        out["description"] = card.get("description")
    if card.get("pass_mark"):
        out["pass_mark"] = _number(card.get("pass_mark"), "pass_mark", problems)
    for i, section in enumerate(card.sections):
        out["sections"].append(_section(section, f"sections.{i}", problems))
    return out, problems


def _number(text: str, path: str, problems: list[tuple[str, str]], kind: type = float) -> Any:
    try:
        return kind(text)
    except ValueError:
        problems.append((path, f"{text!r} is not a {'whole ' if kind is int else ''}number"))
        return None


def _section(row: SectionRow, path: str, problems: list[tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"key": row.get("key"), "title": row.get("title")}
    if row.get("weight"):
        out["weight"] = _number(row.get("weight"), f"{path}.weight", problems)
    out["questions"] = [_question(q, f"{path}.questions.{j}", problems)
                        for j, q in enumerate(row.questions)]  # fmt: skip
    return {k: v for k, v in out.items() if v is not None}


def _question(row: QuestionRow, path: str, problems: list[tuple[str, str]]) -> dict[str, Any]:
    answer_type = row.get("answer_type") or "yes_no"
    out: dict[str, Any] = {"key": row.get("key"), "text": row.get("text"),
                           "answer_type": answer_type,
                           "critical": row.get("critical") or "none",
                           **{flag: flag in row.flags for flag in FLAGS}}  # fmt: skip
    if row.get("weight"):
        out["weight"] = _number(row.get("weight"), f"{path}.weight", problems)
    if answer_type == "scale":
        for end in ("scale_min", "scale_max"):
            if row.get(end):
                out[end] = _number(row.get(end), f"{path}.{end}", problems, int)
    if row.get("choices").strip():
        out["choices"] = parse_choices(row.get("choices"), f"{path}.choices", problems)
    if row.get("guidance").strip():
        out["guidance"] = row.get("guidance").strip()
    return {k: v for k, v in out.items() if v is not None}


def parse_choices(text: str, path: str, problems: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """``label = points [!fails]`` lines as the shape's choices."""
    found: list[dict[str, Any]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        fails = line.endswith(FAILS)
        label, equals, points = line.removesuffix(FAILS).rstrip().rpartition("=")
        try:
            value = float(points)
        except ValueError:
            value = None
        if not equals or value is None or not label.strip():
            problems.append((path, f"line {n}: write it as 'label = points', "
                             f"with '{FAILS}' after a failing choice"))  # fmt: skip
            continue
        found.append({"label": label.strip(), "points": value, "fails": fails})
    return found


# --- from the scorecard's shape ---------------------------------------------------------------


def from_definition(data: Mapping[str, Any]) -> Builder:
    """A stored definition as the form shows it, for editing a draft."""
    card = Builder({"name": str(data.get("name", "")),
                    "description": str(data.get("description", "")),
                    "pass_mark": _shown(data.get("pass_mark"))}, sections=[])  # fmt: skip
    for section in data.get("sections", []):
        card.sections.append(SectionRow(
            {"key": str(section.get("key", "")), "title": str(section.get("title", "")),
             "weight": _shown(section.get("weight", 1.0))},
            [_question_row(q) for q in section.get("questions", [])] or [QuestionRow()],
        ))  # fmt: skip
    card.sections = card.sections or [SectionRow()]
    return card


def _question_row(q: Mapping[str, Any]) -> QuestionRow:
    values = {"key": str(q.get("key", "")), "text": str(q.get("text", "")),
              "answer_type": str(q.get("answer_type", "yes_no")),
              "weight": _shown(q.get("weight", 1.0)), "critical": str(q.get("critical", "none")),
              "scale_min": _shown(q.get("scale_min", "")),
              "scale_max": _shown(q.get("scale_max", "")),
              "choices": "\n".join(choice_line(c) for c in q.get("choices", [])),
              "guidance": str(q.get("guidance", ""))}  # fmt: skip
    defaults = {"compliance": False, "bonus": False, "allow_na": True}
    return QuestionRow(values, {f for f in FLAGS if q.get(f, defaults[f])})


def choice_line(choice: Mapping[str, Any]) -> str:
    fails = f" {FAILS}" if choice.get("fails") else ""
    return f"{choice.get('label', '')} = {_shown(choice.get('points', 0))}{fails}"


def _shown(value: Any) -> str:
    """A number as a person writes it: 1, not 1.0."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
