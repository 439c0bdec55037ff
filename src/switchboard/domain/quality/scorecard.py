"""A quality scorecard: weighted sections of weighted questions, as a centre defines it.

A question is answered yes/no, on a scale from ``scale_min`` to ``scale_max``, or by picking one
of its choices, each worth some points. Any question that allows it may be answered N/A. Flags
change what an answer does to the score (``docs/quality.md`` has the formula):

- ``critical``: a failing answer (No, a choice marked ``fails`` or worth no points) zeroes the
  question's section (``fail_section``) or the whole evaluation (``fail_all``). Scale questions
  cannot be critical: no point on a scale is a plain failure.
- ``compliance``: the question also counts towards the separate compliance score, for the
  regulatory items (ID&V before disclosure, the data-protection statement, PCI-safe card
  handling, a complaint logged as one).
- ``bonus``: the question can add points but never costs any: its points are left out of the
  section's possible points.

Scorecards travel between centres as JSON or YAML; :func:`from_dict` reads that shape and
names the path of every problem in it, :func:`to_dict` writes it back.

>>> card = from_dict({"name": "Voice", "sections": [{"key": "open", "title": "Opening",
...     "questions": [{"key": "greet", "text": "Greeted the customer?"}]}]})
>>> card.question("greet").answer_type, card.question("greet").weight
(<AnswerType.YES_NO: 'yes_no'>, 1.0)
>>> to_dict(card)["sections"][0]["questions"][0]["text"]
'Greeted the customer?'
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

YES, NO = "yes", "no"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
"""Keys are stable names that answers and reports refer to, across versions of a scorecard."""


class AnswerType(StrEnum):
    YES_NO = "yes_no"
    SCALE = "scale"
    CHOICE = "choice"


class Critical(StrEnum):
    NONE = "none"
    FAIL_SECTION = "fail_section"
    FAIL_ALL = "fail_all"


@dataclass(frozen=True)
class Choice:
    label: str
    points: float
    fails: bool = False
    """Picking it is a failing answer: it triggers a critical question and fails compliance."""


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    answer_type: AnswerType = AnswerType.YES_NO
    weight: float = 1.0
    critical: Critical = Critical.NONE
    compliance: bool = False
    bonus: bool = False
    allow_na: bool = True
    scale_min: int = 1
    scale_max: int = 5
    choices: tuple[Choice, ...] = ()
    guidance: str = ""
    """What a good answer looks like, shown to the evaluator beside the question."""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    questions: tuple[Question, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Scorecard:
    name: str
    sections: tuple[Section, ...]
    description: str = ""
    pass_mark: float | None = None
    """The overall score (0–100) an evaluation needs to pass, if the centre sets one."""
    _by_key: dict[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {q.key: q for s in self.sections for q in s.questions}
        object.__setattr__(self, "_by_key", by_key)

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def question(self, key: str) -> Question:
        return self._by_key[key]

    def has(self, key: str) -> bool:
        return key in self._by_key


class ScorecardError(ValueError):
    """A scorecard definition that cannot be used; ``problems`` are (path, message) pairs, the
    path dotted as in the file (``sections.1.questions.0.weight``)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{path}: {message}" for path, message in problems))
        self.problems = problems


# --- checking ---------------------------------------------------------------------------------


def problems(card: Scorecard) -> list[tuple[str, str]]:
    """Everything wrong with a scorecard, each with its path; empty when it can be used."""
    found: list[tuple[str, str]] = []
    if not card.name.strip():
        found.append(("name", "a scorecard needs a name"))
    if card.pass_mark is not None and not 0 <= card.pass_mark <= 100:
        found.append(("pass_mark", "must be between 0 and 100"))
    if not card.sections:
        found.append(("sections", "a scorecard needs at least one section"))
    _unique([s.key for s in card.sections], "sections", found)
    _unique([q.key for q in card.questions()], "questions", found)
    for i, section in enumerate(card.sections):
        found.extend(_section_problems(section, f"sections.{i}"))
    return found


def _unique(keys: list[str], what: str, found: list[tuple[str, str]]) -> None:
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        found.append((what, f"keys must be unique: {', '.join(repeated)} repeated"))


def _section_problems(section: Section, path: str) -> list[tuple[str, str]]:
    found = _key_problems(section.key, path)
    if not section.title.strip():
        found.append((f"{path}.title", "a section needs a title"))
    if section.weight <= 0:
        found.append((f"{path}.weight", "must be more than 0"))
    if not section.questions:
        found.append((f"{path}.questions", "a section needs at least one question"))
    elif all(q.bonus for q in section.questions):
        found.append((f"{path}.questions", "a section needs a question that is not a bonus"))
    for j, question in enumerate(section.questions):
        found.extend(_question_problems(question, f"{path}.questions.{j}"))
    return found


def _key_problems(key: str, path: str) -> list[tuple[str, str]]:
    if KEY_PATTERN.match(key):
        return []
    return [(f"{path}.key", "use lower-case letters, digits, '_', '-' or '.' (up to 64)")]


def _question_problems(q: Question, path: str) -> list[tuple[str, str]]:
    found = _key_problems(q.key, path)
    if not q.text.strip():
        found.append((f"{path}.text", "a question needs its wording"))
    if q.weight <= 0:
        found.append((f"{path}.weight", "must be more than 0"))
    if q.bonus and (q.critical is not Critical.NONE or q.compliance):
        found.append((f"{path}.bonus", "a bonus question cannot be critical or compliance"))
    if q.answer_type is AnswerType.SCALE:
        if q.scale_max <= q.scale_min:
            found.append((f"{path}.scale_max", "must be more than scale_min"))
        if q.critical is not Critical.NONE:
            found.append((f"{path}.critical", "a scale has no failing answer: use yes/no or "
                          "a choice marked 'fails'"))  # fmt: skip
    if q.answer_type is AnswerType.CHOICE:
        found.extend(_choice_problems(q, path))
    elif q.choices:
        found.append(
            (f"{path}.choices", f"only a choice question has choices, not {q.answer_type}")
        )
    return found


def _choice_problems(q: Question, path: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    labels = [c.label for c in q.choices]
    if len(q.choices) < 2:
        found.append((f"{path}.choices", "a choice question needs at least two choices"))
    _unique(labels, f"{path}.choices", found)
    if any(c.points < 0 for c in q.choices):
        found.append((f"{path}.choices", "points cannot be negative"))
    if q.choices and max(c.points for c in q.choices) <= 0:
        found.append((f"{path}.choices", "at least one choice must be worth points"))
    if q.critical is not Critical.NONE and not any(c.fails or c.points == 0 for c in q.choices):
        found.append((f"{path}.critical", "a critical choice question needs a choice that fails "
                      "(marked 'fails', or worth no points)"))  # fmt: skip
    return found


# --- the shared file shape --------------------------------------------------------------------


def from_dict(data: Mapping[str, Any]) -> Scorecard:
    """A scorecard from the JSON/YAML shape; :class:`ScorecardError` lists every problem."""
    found: list[tuple[str, str]] = []
    reader = _Reader(found)
    card = reader.scorecard(data)
    if card is not None:
        found.extend(problems(card))
    if found or card is None:
        raise ScorecardError(found or [("", "not a scorecard")])
    return card


def to_dict(card: Scorecard) -> dict[str, Any]:
    """The JSON/YAML shape of a scorecard, leaving out settings at their defaults."""
    out: dict[str, Any] = {"name": card.name}
    if card.description:
        out["description"] = card.description
    if card.pass_mark is not None:
        out["pass_mark"] = card.pass_mark
    out["sections"] = [_section_dict(s) for s in card.sections]
    return out


def _section_dict(section: Section) -> dict[str, Any]:
    return {"key": section.key, "title": section.title, "weight": section.weight,
            "questions": [_question_dict(q) for q in section.questions]}  # fmt: skip


def _question_dict(q: Question) -> dict[str, Any]:
    default = Question(q.key, q.text)
    out: dict[str, Any] = {"key": q.key, "text": q.text}
    for name in ("answer_type", "weight", "critical", "compliance", "bonus", "allow_na",
                 "guidance"):  # fmt: skip
        value = getattr(q, name)
        if value != getattr(default, name):
            out[name] = str(value) if isinstance(value, StrEnum) else value
    if q.answer_type is AnswerType.SCALE:
        out["scale_min"], out["scale_max"] = q.scale_min, q.scale_max
    if q.choices:
        out["choices"] = [_choice_dict(c) for c in q.choices]
    return out


def _choice_dict(choice: Choice) -> dict[str, Any]:
    out: dict[str, Any] = {"label": choice.label, "points": choice.points}
    if choice.fails:
        out["fails"] = True
    return out


@dataclass
class _Reader:
    """Reads the file shape field by field, noting each problem with its path and going on,
    so that one import names every mistake at once."""

    found: list[tuple[str, str]]

    def scorecard(self, data: Any) -> Scorecard | None:
        if not isinstance(data, Mapping):
            self.found.append(("", "a scorecard is a mapping with a name and sections"))
            return None
        self._extra(data, {"name", "description", "pass_mark", "sections"}, "")
        sections = [self.section(s, f"sections.{i}") for i, s in
                    enumerate(self.get(data, "sections", list, "", []))]  # fmt: skip
        pass_mark = self.get(data, "pass_mark", float, "", None)
        return Scorecard(
            name=self.get(data, "name", str, "", ""),
            description=self.get(data, "description", str, "", ""),
            pass_mark=pass_mark,
            sections=tuple(s for s in sections if s is not None),
        )

    def section(self, data: Any, path: str) -> Section | None:
        if not self._mapping(data, path):
            return None
        self._extra(data, {"key", "title", "weight", "questions"}, path)
        questions = [self.question(q, f"{path}.questions.{j}") for j, q in
                     enumerate(self.get(data, "questions", list, path, []))]  # fmt: skip
        return Section(
            key=self.get(data, "key", str, path, ""),
            title=self.get(data, "title", str, path, ""),
            weight=self.get(data, "weight", float, path, 1.0),
            questions=tuple(q for q in questions if q is not None),
        )

    def question(self, data: Any, path: str) -> Question | None:
        if not self._mapping(data, path):
            return None
        names = {"key", "text", "answer_type", "weight", "critical", "compliance", "bonus",
                 "allow_na", "scale_min", "scale_max", "choices", "guidance"}  # fmt: skip
        self._extra(data, names, path)
        choices = [self.choice(c, f"{path}.choices.{k}") for k, c in
                   enumerate(self.get(data, "choices", list, path, []))]  # fmt: skip
        return Question(
            key=self.get(data, "key", str, path, ""),
            text=self.get(data, "text", str, path, ""),
            answer_type=self.enum(data, "answer_type", AnswerType, path, AnswerType.YES_NO),
            weight=self.get(data, "weight", float, path, 1.0),
            critical=self.enum(data, "critical", Critical, path, Critical.NONE),
            compliance=self.get(data, "compliance", bool, path, False),
            bonus=self.get(data, "bonus", bool, path, False),
            allow_na=self.get(data, "allow_na", bool, path, True),
            scale_min=self.get(data, "scale_min", int, path, 1),
            scale_max=self.get(data, "scale_max", int, path, 5),
            choices=tuple(c for c in choices if c is not None),
            guidance=self.get(data, "guidance", str, path, ""),
        )

    def choice(self, data: Any, path: str) -> Choice | None:
        if not self._mapping(data, path):
            return None
        self._extra(data, {"label", "points", "fails"}, path)
        return Choice(
            label=self.get(data, "label", str, path, ""),
            points=self.get(data, "points", float, path, 0.0),
            fails=self.get(data, "fails", bool, path, False),
        )

    def get(self, data: Mapping[str, Any], name: str, kind: type, path: str, default: Any) -> Any:
        value = data.get(name, default)
        if value is default:
            return default
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, kind) and not (kind is not bool and isinstance(value, bool)):
            return value
        self.found.append((_join(path, name), f"expected {_KIND_NAMES[kind]}, got {value!r}"))
        return default

    def enum(self, data: Mapping[str, Any], name: str, kind: type[StrEnum], path: str,
             default: StrEnum) -> Any:  # fmt: skip
        value = data.get(name, default)
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self.found.append((_join(path, name), f"{value!r} is not one of {allowed}"))
            return default

    def _mapping(self, data: Any, path: str) -> bool:
        if isinstance(data, Mapping):
            return True
        self.found.append((path, "expected a mapping"))
        return False

    def _extra(self, data: Mapping[str, Any], allowed: set[str], path: str) -> None:
        for name in sorted(set(data) - allowed):
            self.found.append((_join(path, str(name)), "unknown field"))


_KIND_NAMES = {str: "text", float: "a number", int: "a whole number", bool: "true or false",
               list: "a list"}  # fmt: skip


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
