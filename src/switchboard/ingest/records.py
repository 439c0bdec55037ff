"""What adapters produce: plain records in our own vocabulary, before they meet the store."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from switchboard.customers.models import IdentityKind
from switchboard.interactions.models import AgentState, Direction, Outcome
from switchboard.kit.errors import Location
from switchboard.people.models import Channel
from switchboard.surveys.models import SurveyKind


@dataclass(slots=True)
class InteractionRecord:
    source_id: str
    contact_ref: str
    arrived_at: datetime
    outcome: Outcome
    channel: Channel = Channel.VOICE
    direction: Direction = Direction.INBOUND
    queue: str | None = None
    agent: str | None = None
    customer: str | None = None
    """Raw identifier (phone number, account); the writer turns it into a pseudonymous key."""
    customer_kind: IdentityKind = IdentityKind.PHONE
    segment: int = 1
    previous_source_id: str | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    wrap_ended_at: datetime | None = None
    wait_seconds: float = 0.0
    talk_seconds: float = 0.0
    hold_seconds: float = 0.0
    wrap_seconds: float = 0.0
    disposition: str | None = None
    transferred: bool = False
    escalated: bool = False
    source_updated_at: datetime | None = None


@dataclass(slots=True)
class AgentStateRecord:
    source_id: str
    agent: str
    state: AgentState
    started_at: datetime
    ended_at: datetime
    reason: str | None = None
    queue: str | None = None


@dataclass(slots=True)
class SurveyRecord:
    source_id: str
    interaction_source_system: str
    interaction_source_id: str
    kind: SurveyKind
    score: float
    scale_min: float
    scale_max: float
    responded_at: datetime
    comment: str | None = None


def text_problem(value: str, limit: int) -> str | None:
    """Why the store could not keep ``value`` as text, if it could not: too long for its column,
    a NUL (PostgreSQL text cannot hold one), or half a surrogate pair (JSON's \\u escapes can
    write one; UTF-8 cannot)."""
    if len(value) > limit:
        return f"longer than {limit} characters"
    if "\x00" in value:
        return "contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains an unpaired surrogate"
    return None


class BadFieldError(Exception):
    """One field of one record cannot mean what its format says; the adapter turns it into a
    :class:`Rejected` with the file and line. ``field`` is None when the record as a whole is wrong."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(f"{field}: {reason}" if field else reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Rejected:
    """A malformed input record: where it is and why it was refused."""

    location: Location
    reason: str


Record = InteractionRecord | AgentStateRecord | SurveyRecord


UNCLOSED_LISTED = 20  # the summary names this many unclosed ids; the count covers them all


@dataclass
class ParseStats:
    """What a parser saw beyond the records it produced; it ends up in the summary."""

    lines_read: int = 0
    unknown_events: dict[str, int] = field(default_factory=dict)
    unclosed: int = 0
    """Contacts that opened and never closed."""
    unclosed_ids: list[str] = field(default_factory=list)
    """The first :data:`UNCLOSED_LISTED` of their source ids (only so many, to keep memory flat)."""
    orphaned_events: dict[str, int] = field(default_factory=dict)
    """Closing events whose opening event is not in the input (a file that starts mid-call)."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Valid records that are deliberately not stored, by reason (e.g. never queued)."""

    def add_unclosed(self, source_ids: Iterable[str]) -> None:
        for source_id in source_ids:
            self.unclosed += 1
            if len(self.unclosed_ids) < UNCLOSED_LISTED:
                self.unclosed_ids.append(source_id)

    def count(self, bucket: dict[str, int], name: str) -> None:
        bucket[name] = bucket.get(name, 0) + 1
