"""Switchboard's own tabular columns: what each kind of row holds, how a value is read and checked.

A row reaches this module as our field names mapped to text (or to a datetime a mapping has
already parsed). Every problem is a :class:`BadFieldError` naming our field, which the adapter turns
into a rejected line.
"""

import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from switchboard.customers.models import IdentityKind
from switchboard.ingest.records import (
    AgentStateRecord,
    BadFieldError,
    InteractionRecord,
    Record,
    SurveyRecord,
    text_problem,
)
from switchboard.interactions.models import AgentState, Direction, Outcome
from switchboard.people.models import Channel
from switchboard.surveys.models import SurveyKind

FieldValue = str | datetime | None
Row = Mapping[str, FieldValue]
E = TypeVar("E", bound=StrEnum)

INTERACTION_FIELDS = (
    "source_id", "contact_ref", "segment", "previous_source_id", "channel", "direction", "queue",
    "agent", "customer", "customer_kind", "arrived_at", "answered_at", "ended_at",
    "wrap_ended_at", "wait_seconds", "talk_seconds", "hold_seconds", "wrap_seconds", "outcome",
    "disposition", "transferred", "escalated",
)  # fmt: skip
AGENT_STATE_FIELDS = ("source_id", "agent", "state", "reason", "queue", "started_at", "ended_at")
SURVEY_FIELDS = (
    "source_id", "interaction_source_id", "interaction_source_system", "kind", "score",
    "scale_min", "scale_max", "responded_at", "comment",
)  # fmt: skip

FIELDS: dict[str, tuple[str, ...]] = {
    "interactions": INTERACTION_FIELDS,
    "agent-states": AGENT_STATE_FIELDS,
    "surveys": SURVEY_FIELDS,
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "interactions": ("source_id", "arrived_at", "outcome"),
    "agent-states": ("agent", "state", "started_at", "ended_at"),
    "surveys": ("source_id", "interaction_source_id", "kind", "score", "responded_at"),
}
ALL_FIELDS = frozenset(INTERACTION_FIELDS + AGENT_STATE_FIELDS + SURVEY_FIELDS)

SCALES: dict[SurveyKind, tuple[float, float]] = {
    SurveyKind.CSAT: (1.0, 5.0),
    SurveyKind.NPS: (0.0, 10.0),
    SurveyKind.CES: (1.0, 7.0),
}
_TRUE = frozenset({"true", "1", "yes", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "n", "f"})
_MAX_TEXT = 200  # the store's identifier and name columns are String(200)
_MAX_CUSTOMER = 320  # customer identities are String(320)
_MAX_SYSTEM = 40  # source_system columns are String(40)
MAX_SEGMENT = 2_147_483_647  # interactions.segment is a PostgreSQL integer (int4)


def text(row: Row, name: str, limit: int = _MAX_TEXT) -> str | None:
    value = row.get(name)
    if isinstance(value, datetime):
        raise BadFieldError(name, "a date and time where text was expected")
    if value is None or not value.strip():
        return None
    value = value.strip()
    problem = text_problem(value, limit)
    if problem:
        raise BadFieldError(name, problem)
    return value


def required_text(row: Row, name: str) -> str:
    value = text(row, name)
    if value is None:
        raise BadFieldError(name, "is required and empty")
    return value


def timestamp(
    row: Row, name: str, zone: ZoneInfo, *, after: datetime | None = None
) -> datetime | None:
    """ISO 8601 (or a datetime from a mapping); a time without an offset is read in ``zone``.

    ``after`` is the moment an end time must not precede (its start): see :func:`localise`.
    """
    value = row.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(value.strip())
    except ValueError:
        raise BadFieldError(name, f"not an ISO 8601 date and time: {value!r}") from None
    try:
        if moment.tzinfo is None:
            return localise(name, moment, zone, after)
        return moment.astimezone(UTC)
    except OverflowError:
        raise BadFieldError(name, f"out of the range of dates: {value!r}") from None


def localise(name: str, wall: datetime, zone: ZoneInfo, after: datetime | None) -> datetime:
    """A local wall-clock time in ``zone``, as UTC.

    When the clocks go back, the hour before the change happens twice. Such a time is read as the
    first of the two (``fold=0``), unless that puts an end time before ``after``, its start: then
    it is the second (``fold=1``). A start at 01:50 BST and an end at 01:05 on the night of
    Europe/London's change is a call of 15 minutes, not one that ends before it began. A time
    the clocks skipped when they went forward never happened, so it is refused.
    """
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) != wall.replace(fold=0):
        raise BadFieldError(
            name,
            f"{wall.isoformat()} does not exist in {zone.key}: the clocks went forward past it",
        )
    if after is not None and first < after:
        second = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
        if second != first:  # an ambiguous time: the second reading is an hour or so later
            return second
    return first


def required_timestamp(
    row: Row, name: str, zone: ZoneInfo, *, after: datetime | None = None
) -> datetime:
    value = timestamp(row, name, zone, after=after)
    if value is None:
        raise BadFieldError(name, "is required and empty")
    return value


def number(row: Row, name: str) -> float | None:
    raw = text(row, name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadFieldError(name, f"not a number: {raw!r}") from None
    if not math.isfinite(value):
        raise BadFieldError(name, f"not a finite number: {raw!r}")
    return value


def seconds(row: Row, name: str) -> float:
    value = number(row, name)
    if value is None:
        return 0.0
    if value < 0:
        raise BadFieldError(name, f"a duration cannot be negative: {value:g}")
    return value


def boolean(row: Row, name: str) -> bool:
    raw = text(row, name)
    if raw is None:
        return False
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise BadFieldError(name, f"not one of {', '.join(sorted(_TRUE | _FALSE))}: {raw!r}")


def choice(row: Row, name: str, kind: type[E], default: E | None = None) -> E:
    raw = text(row, name)
    if raw is None:
        if default is None:
            raise BadFieldError(name, "is required and empty")
        return default
    try:
        return kind(raw.lower())
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise BadFieldError(name, f"{raw!r} is not one of {allowed}") from None


def segment(row: Row) -> int:
    raw = text(row, "segment")
    if raw is None:
        return 1
    # Length first: int() of thousands of digits is slow, and refused beyond 4300 of them.
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10 or not 1 <= int(raw) <= MAX_SEGMENT:
        raise BadFieldError("segment", f"not a whole number from 1 to {MAX_SEGMENT}: {raw!r}")
    return int(raw)


def not_before(later: datetime | None, earlier: datetime, name: str, earlier_name: str) -> None:
    if later is not None and later < earlier:
        raise BadFieldError(name, f"{later.isoformat()} is before {earlier_name}")


def _latest(first: datetime, *others: datetime | None) -> datetime:
    return max([first, *(moment for moment in others if moment is not None)])


def interaction(row: Row, zone: ZoneInfo, source_system: str) -> InteractionRecord:
    source_id = required_text(row, "source_id")
    arrived_at = required_timestamp(row, "arrived_at", zone)
    # Each later stage is read after the latest earlier one, for the hour that happens twice.
    answered_at = timestamp(row, "answered_at", zone, after=arrived_at)
    ended_at = timestamp(row, "ended_at", zone, after=_latest(arrived_at, answered_at))
    not_before(ended_at, arrived_at, "ended_at", "arrived_at")
    wrap_ended_at = timestamp(
        row, "wrap_ended_at", zone, after=_latest(arrived_at, answered_at, ended_at)
    )
    return InteractionRecord(
        source_id=source_id,
        contact_ref=text(row, "contact_ref") or source_id,
        segment=segment(row),
        previous_source_id=text(row, "previous_source_id"),
        arrived_at=arrived_at,
        outcome=choice(row, "outcome", Outcome),
        channel=choice(row, "channel", Channel, Channel.VOICE),
        direction=choice(row, "direction", Direction, Direction.INBOUND),
        queue=text(row, "queue"),
        agent=text(row, "agent"),
        customer=text(row, "customer", _MAX_CUSTOMER),
        customer_kind=choice(row, "customer_kind", IdentityKind, IdentityKind.PHONE),
        answered_at=answered_at,
        ended_at=ended_at,
        wrap_ended_at=wrap_ended_at,
        wait_seconds=seconds(row, "wait_seconds"),
        talk_seconds=seconds(row, "talk_seconds"),
        hold_seconds=seconds(row, "hold_seconds"),
        wrap_seconds=seconds(row, "wrap_seconds"),
        disposition=text(row, "disposition"),
        transferred=boolean(row, "transferred"),
        escalated=boolean(row, "escalated"),
    )


def agent_state(row: Row, zone: ZoneInfo, source_system: str) -> AgentStateRecord:
    agent = required_text(row, "agent")
    state = choice(row, "state", AgentState)
    started_at = required_timestamp(row, "started_at", zone)
    ended_at = required_timestamp(row, "ended_at", zone, after=started_at)
    not_before(ended_at, started_at, "ended_at", "started_at")
    # Without an id of its own, an interval is known by who, what and when: re-reading the same
    # export then finds the same ids, which is what makes a repeated import a no-op.
    derived = f"{agent}|{state.value}|{started_at.isoformat()}"
    return AgentStateRecord(
        source_id=text(row, "source_id") or derived[:_MAX_TEXT],
        agent=agent,
        state=state,
        started_at=started_at,
        ended_at=ended_at,
        reason=text(row, "reason"),
        queue=text(row, "queue"),
    )


def survey(row: Row, zone: ZoneInfo, source_system: str) -> SurveyRecord:
    kind = choice(row, "kind", SurveyKind)
    score = number(row, "score")
    if score is None:
        raise BadFieldError("score", "is required and empty")
    low, high = _scale(row, kind)
    if not low <= score <= high:
        raise BadFieldError("score", f"{score:g} is outside the scale {low:g} to {high:g}")
    return SurveyRecord(
        source_id=required_text(row, "source_id"),
        interaction_source_system=text(row, "interaction_source_system", _MAX_SYSTEM)
        or source_system,
        interaction_source_id=required_text(row, "interaction_source_id"),
        kind=kind,
        score=score,
        scale_min=low,
        scale_max=high,
        responded_at=required_timestamp(row, "responded_at", zone),
        comment=text(row, "comment", limit=10_000),
    )


def _scale(row: Row, kind: SurveyKind) -> tuple[float, float]:
    default_low, default_high = SCALES[kind]
    low = number(row, "scale_min")
    high = number(row, "scale_max")
    low = default_low if low is None else low
    high = default_high if high is None else high
    if low >= high:
        raise BadFieldError("scale_max", f"{high:g} is not above scale_min {low:g}")
    return low, high


Builder = Callable[[Row, ZoneInfo, str], Record]
BUILDERS: dict[str, Builder] = {
    "interactions": interaction,
    "agent-states": agent_state,
    "surveys": survey,
}
