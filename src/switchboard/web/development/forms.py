"""The development pages' forms: what each posted form becomes (the API's own input schemas,
so a page validates exactly as the API does) and what a refused form shows again.

A refused form keeps every value the user typed and lists each problem twice, GOV.UK style: in
an error summary at the top of the form, linking to the field, and next to the field itself.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from switchboard.actions.schemas import ActionCreate
from switchboard.coaching.schemas import CoachedKpi, CoachingSessionCreate
from switchboard.domain.kpi import REGISTRY
from switchboard.domain.performance.smart import Criterion, Status
from switchboard.feedback.schemas import FeedbackAcknowledge, FeedbackCreate
from switchboard.goals.checking import Checked
from switchboard.goals.schemas import GoalCreate
from switchboard.kit.clock import zone
from switchboard.kit.errors import FieldError, InputError, SwitchboardError
from switchboard.reflections.schemas import ReflectionCreate
from switchboard.wellbeing.schemas import CheckInCreate

Schema = TypeVar("Schema", bound=BaseModel)

GOAL_KPIS = tuple(get_args(CoachedKpi))
"""KPIs a personal goal or a coaching session can aim at: one person's, with a direction."""
KPI_CHOICES = [(name, REGISTRY[name].title) for name in GOAL_KPIS]
NEW_ACTIONS = 3
"""Action rows on the coaching form: a session agrees a few actions, not a list."""
REVIEW_DATES = 3
CRITERION_FIELDS = {
    Criterion.SPECIFIC: ("behaviour", "kpi"), Criterion.MEASURABLE: ("evidence", "target"),
    Criterion.ACHIEVABLE: ("target", "target"), Criterion.RELEVANT: ("development_area",) * 2,
    Criterion.TIME_BOUND: ("deadline", "deadline"), Criterion.BALANCE: ("kpi", "kpi"),
}  # fmt: skip
"""The field each SMART finding is about: (behaviour goal's, KPI goal's)."""
CRITERION_NAMES = {
    Criterion.SPECIFIC: "Specific", Criterion.MEASURABLE: "Measurable",
    Criterion.ACHIEVABLE: "Achievable", Criterion.RELEVANT: "Relevant",
    Criterion.TIME_BOUND: "Time-bound", Criterion.BALANCE: "Balance",
}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    field: str
    """The input's id on the page: the summary links to it."""
    message: str


@dataclass(frozen=True)
class Finding:
    criterion: str
    status: str
    reasons: tuple[str, ...]
    field: str


@dataclass
class FormState:
    """One form as the page shows it: the values to fill in again and what was wrong."""

    name: str
    values: Mapping[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """A SMART check's findings, criterion by criterion (goal forms)."""
    notice: str | None = None
    warnings: list[str] = field(default_factory=list)

    def error(self, name: str) -> str | None:
        wanted = f"{self.name}-{name}"
        found = [p.message for p in self.problems if p.field == wanted]
        return "; ".join(found) or None

    @property
    def refused(self) -> bool:
        return bool(self.problems)


class FormRefusedError(SwitchboardError):
    """A form the page shows again with its problems (422); nothing was saved."""

    status = 422

    def __init__(self, state: FormState) -> None:
        super().__init__("; ".join(p.message for p in state.problems))
        self.state = state


def values_of(form: FormData) -> dict[str, Any]:
    """Single fields as text; repeated ones (checkboxes, review dates) as lists."""
    found: dict[str, Any] = {}
    for key in form:
        if key == "csrf_token":
            continue
        given = [v for v in form.getlist(key) if isinstance(v, str)]
        found[key] = given if len(given) > 1 or key in _LISTS else (given[0] if given else "")
    return found


_LISTS = frozenset({"review_date", "completed_action_ids"})


def _text(values: Mapping[str, Any], name: str) -> str:
    given = values.get(name, "")
    return given.strip() if isinstance(given, str) else ""


def _optional(values: Mapping[str, Any], name: str) -> str | None:
    return _text(values, name) or None


def _loc_field(form: str, loc: tuple[int | str, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query")]
    if parts[:1] == ["actions"] and len(parts) >= 3:  # actions.0.title → coaching-action_title_1
        return f"{form}-action_{parts[2]}_{int(parts[1]) + 1}"
    if parts[:1] == ["review_dates"]:
        return f"{form}-review_date_1"
    return f"{form}-{parts[0]}" if parts else form


def validated(
    schema: type[Schema], form: str, data: dict[str, Any], values: Mapping[str, Any]
) -> Schema:
    """``data`` as ``schema``, or :class:`FormRefusedError` naming every field it refuses."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(_loc_field(form, tuple(e["loc"])), _message(e)) for e in exc.errors()]
        raise FormRefusedError(FormState(form, values, problems)) from None


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _message(error: Mapping[str, Any]) -> str:
    message = str(error["msg"])
    name = str(error["loc"][-1]).replace("_", " ") if error["loc"] else "the form"
    return f"{name.capitalize()}: {message.removeprefix('Value error, ')}"


@contextmanager
def service_refusals(form: str, values: Mapping[str, Any]) -> Iterator[None]:
    """A service's :class:`FieldError` as the form's own problems."""
    try:
        yield
    except InputError as exc:
        name = exc.location.field or "form"
        problem = Problem(_loc_field(form, (name,)), f"{_label(name)}: {exc.reason}")
        raise FormRefusedError(FormState(form, values, [problem])) from None
    except FieldError as exc:
        problems = [Problem(_loc_field(form, (p.field,)), f"{p.field.replace('_', ' ').capitalize()}: "
                            f"{p.message}") for p in exc.problems]  # fmt: skip
        raise FormRefusedError(FormState(form, values, problems)) from None


# --- the forms --------------------------------------------------------------------------------


def _day(values: Mapping[str, Any], name: str) -> str | None:
    return _optional(values, name)


def _moment(values: Mapping[str, Any], name: str, timezone: str) -> str | None:
    """A ``datetime-local`` input is the centre's local time; the schemas want an offset."""
    text = _text(values, name)
    if not text:
        return None
    try:
        local = datetime.fromisoformat(text)
    except ValueError:
        return text  # the schema refuses it, naming the field
    return (local if local.tzinfo else local.replace(tzinfo=zone(timezone))).isoformat()


def goal_in(values: Mapping[str, Any], agent_id: int) -> GoalCreate:
    kind = _text(values, "kind") or "kpi"
    reviews = [d for d in values.get("review_date", []) if isinstance(d, str) and d.strip()]
    data: dict[str, Any] = {
        "level": "personal", "agent_id": agent_id, "kind": kind, "title": _text(values, "title"),
        "deadline": _day(values, "deadline"), "review_dates": reviews,
        "parent_id": _optional(values, "parent_id"),
        "development_area": _optional(values, "development_area"),
    }  # fmt: skip
    if kind == "kpi":
        data |= {"kpi": _optional(values, "kpi"), "target": _optional(values, "target"),
                 "baseline_from": _day(values, "baseline_from"),
                 "baseline_to": _day(values, "baseline_to")}  # fmt: skip
    else:
        data |= {"behaviour": _text(values, "behaviour"), "evidence": _text(values, "evidence")}
    return validated(GoalCreate, "goal", data, values)


def goal_refused(checked: Checked, values: Mapping[str, Any]) -> FormRefusedError:
    """A SMART refusal: every finding criterion by criterion, each failure in the summary."""
    behaviour = _text(values, "kind") == "behaviour"
    findings = [
        Finding(CRITERION_NAMES[f.criterion], f.status.value, f.reasons,
                f"goal-{CRITERION_FIELDS[f.criterion][0 if behaviour else 1]}")
        for f in checked.smart.findings
    ]  # fmt: skip
    problems = [Problem(f.field, f"{f.criterion}: {' '.join(f.reasons)}")
                for f in findings if f.status == Status.FAIL.value]  # fmt: skip
    return FormRefusedError(FormState("goal", values, problems, findings))


def goal_warnings(checked: Checked | None) -> list[str]:
    if checked is None:
        return []
    return [f"{CRITERION_NAMES[f.criterion]}: {' '.join(f.reasons)}"
            for f in checked.smart.findings if f.status is Status.WARN]  # fmt: skip


def _ids(text: str) -> list[str]:
    return [part for part in text.replace(",", " ").split() if part]


def feedback_in(values: Mapping[str, Any], agent_id: int, timezone: str) -> FeedbackCreate:
    data = {
        "agent_id": agent_id, "model": _text(values, "model") or "sbi",
        "tone": _text(values, "tone") or "positive",
        **{name: _text(values, name) for name in
           ("situation", "behaviour", "impact", "went_well", "even_better", "event")},
        "observed_at": _moment(values, "observed_at", timezone),
        "interaction_ids": _ids(_text(values, "interaction_ids")),
        "private": _text(values, "private") == "yes",
    }  # fmt: skip
    return validated(FeedbackCreate, "feedback", data, values)


def _agreed(values: Mapping[str, Any], n: int) -> dict[str, Any] | None:
    title = _text(values, f"action_title_{n}")
    due = _day(values, f"action_due_{n}")
    if not title and not due:
        return None
    return {"title": title, "due_on": due, "owner": _text(values, f"action_owner_{n}") or "agent"}


def session_in(values: Mapping[str, Any], agent_id: int, timezone: str) -> CoachingSessionCreate:
    rows = [_agreed(values, n) for n in range(1, NEW_ACTIONS + 1)]
    data = {
        "agent_id": agent_id, "kind": _text(values, "kind") or "coaching",
        "held_at": _moment(values, "held_at", timezone), "kpi": _optional(values, "kpi"),
        **{name: _text(values, name) for name in
           ("goal", "reality", "options", "way_forward", "follow_up")},
        "interaction_ids": _ids(_text(values, "interaction_ids")),
        "completed_action_ids": values.get("completed_action_ids", []),
        "actions": [row for row in rows if row is not None],
    }  # fmt: skip
    return validated(CoachingSessionCreate, "coaching", data, values)


def action_in(values: Mapping[str, Any]) -> ActionCreate:
    data = {"title": _text(values, "title"), "due_on": _day(values, "due_on"),
            "important": _text(values, "important") == "yes",
            "urgent": _text(values, "urgent") == "yes"}  # fmt: skip
    return validated(ActionCreate, "action", data, values)


def acknowledgement_in(values: Mapping[str, Any]) -> FeedbackAcknowledge:
    reply = _text(values, "response")
    return validated(FeedbackAcknowledge, "ack", {"response": reply or None}, values)


def reflection_in(values: Mapping[str, Any]) -> ReflectionCreate:
    data = {name: _text(values, name) for name in ("situation", "task", "action", "result")}
    try:
        return ReflectionCreate.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(_star_field(e), _message(e)) for e in exc.errors()]
        raise FormRefusedError(FormState("star", values, problems)) from None


def _star_field(error: Mapping[str, Any]) -> str:
    """A blank part is refused by the whole entry's validator: point at the first blank one."""
    if error["loc"]:
        return f"star-{error['loc'][0]}"
    blank = str(error["msg"]).rsplit(": ", 1)[-1].split(" ")[0]
    return f"star-{blank}"


def check_in_in(values: Mapping[str, Any]) -> CheckInCreate:
    data = {"mood": _optional(values, "mood"), "workload": _optional(values, "workload"),
            "note": _text(values, "note")}  # fmt: skip
    return validated(CheckInCreate, "wellbeing", data, values)


def reflection_text(values: Mapping[str, Any]) -> str:
    text = _text(values, "reflection")
    if not text:
        raise FormRefusedError(FormState("audit", values, [Problem(
            "audit-reflection", "Reflection: write what you make of your figures")]))  # fmt: skip
    if len(text) > 20_000 or "\x00" in text:
        raise FormRefusedError(FormState("audit", values, [Problem(
            "audit-reflection", "Reflection: at most 20,000 characters of plain text")]))  # fmt: skip
    return text


def today_local(timezone: str) -> date:
    return datetime.now(zone(timezone)).date()
