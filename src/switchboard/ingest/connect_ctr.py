"""Amazon Connect contact trace records (CTRs): one interaction per contact a queue or agent saw.

A CTR is one contact: a call, chat, task or email. A transfer makes a new contact whose
``PreviousContactId`` names the one before it and whose ``InitialContactId`` names the first, so
the segments share ``contact_ref`` and the store links them. Connect delivers at least once and
re-sends a CTR when it changes, so ``LastUpdateTimestamp`` becomes ``source_updated_at`` and the
writer keeps the newest version of each ``ContactId``. Field mapping: docs/formats.md.
"""

import math
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from switchboard.customers.models import IdentityKind
from switchboard.ingest.json_stream import JsonValues, Malformed, Value
from switchboard.ingest.reading import ProgressCallback
from switchboard.ingest.records import (
    BadFieldError,
    InteractionRecord,
    ParseStats,
    Record,
    Rejected,
    text_problem,
)
from switchboard.interactions.models import Direction, Outcome
from switchboard.kit.errors import Location
from switchboard.people.models import Channel

CHANNELS = {
    "VOICE": Channel.VOICE,
    "CHAT": Channel.CHAT,
    "TASK": Channel.TASK,
    "EMAIL": Channel.EMAIL,  # Connect added email contacts in 2024; the model has the channel
}
# EXTERNAL_OUTBOUND is an agent's quick-connect call to an outside party: outbound as well.
OUTBOUND_METHODS = frozenset({"OUTBOUND", "EXTERNAL_OUTBOUND"})
_ENDPOINT_KINDS = {
    "TELEPHONE_NUMBER": IdentityKind.PHONE,
    "EMAIL_ADDRESS": IdentityKind.EMAIL,
    "VOIP": IdentityKind.HANDLE,
}
# Endpoints on the centre's own side (a flow, one of its numbers) say nothing about the customer.
_SYSTEM_ENDPOINTS = frozenset({"CONTACT_FLOW", "CONNECT_PHONENUMBER_ARN"})
NAME_LIMIT = 200  # the store's width for ids, names and dispositions
ADDRESS_LIMIT = 320  # the store's width for a customer identifier (an email address at most)
MAX_SECONDS = 1e9  # about 31 years: anything longer is corrupt, not a long call
SEGMENT_MEMORY = 100_000  # transferred contacts remembered for numbering the next segment


class _Fields:
    """Typed, validated reads from one JSON object of a CTR; an absent object reads as empty."""

    def __init__(self, data: Mapping[str, object] | None, prefix: str = "") -> None:
        self.data: Mapping[str, object] = data or {}
        self.prefix = prefix

    def __bool__(self) -> bool:
        return bool(self.data)

    def nested(self, key: str) -> "_Fields":
        value = self.data.get(key)
        if value is not None and not isinstance(value, dict):
            raise BadFieldError(self.prefix + key, "must be a JSON object")
        return _Fields(value, f"{self.prefix}{key}.")

    def text(self, key: str, *, limit: int = NAME_LIMIT) -> str | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise BadFieldError(self.prefix + key, "must be text")
        problem = text_problem(value, limit)
        if problem:
            raise BadFieldError(self.prefix + key, problem)
        return value

    def time(self, key: str) -> datetime | None:
        text = self.text(key)
        if text is None:
            return None
        try:
            parsed = datetime.fromisoformat(text)
            # Connect writes UTC with a Z; a time without an offset is read as UTC too.
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        except (ValueError, OverflowError):
            raise BadFieldError(
                self.prefix + key, f"{text!r} is not an ISO 8601 timestamp"
            ) from None

    def seconds(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadFieldError(self.prefix + key, f"{value!r} is not a number of seconds")
        # An int is checked by comparison alone: math.isfinite overflows on one beyond a float.
        finite = isinstance(value, int) or math.isfinite(value)
        if not finite or not 0 <= value < MAX_SECONDS:
            raise BadFieldError(
                self.prefix + key, f"{_shown(value)} is not a plausible number of seconds"
            )
        return float(value)


def _shown(value: float) -> str:
    """A number for a message: one of a thousand digits is cut short."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"


class ConnectCtrAdapter:
    name = "connect-ctr"
    source_system = "amazon-connect"

    def parse(
        self,
        paths: Sequence[Path],
        *,
        stats: ParseStats,
        on_file: Callable[[Path], None],
        on_progress: ProgressCallback | None,
    ) -> Iterator[Record | Rejected]:
        segments = _Segments()
        for path in paths:
            on_file(path)
            values = JsonValues(path, on_progress)
            for item in values:
                converted = _convert(str(path), item, stats)
                if isinstance(converted, InteractionRecord):
                    segments.number(converted)
                if converted is not None:
                    yield converted
            stats.lines_read += values.lines


def _convert(
    file: str, item: Value | Malformed, stats: ParseStats
) -> InteractionRecord | Rejected | None:
    if isinstance(item, Malformed):
        return Rejected(Location(file, item.line), item.reason)
    try:
        record = contact_record(item.value)
    except BadFieldError as bad:
        return Rejected(Location(file, item.line, bad.field), bad.reason)
    if record is None:
        stats.count(stats.skipped, "not_queued")
    return record


def contact_record(ctr: object) -> InteractionRecord | None:
    """The interaction a CTR describes, or None for a contact that never reached a queue or agent."""
    if not isinstance(ctr, dict):
        raise BadFieldError(None, "a contact trace record must be a JSON object")
    fields = _Fields(ctr)
    contact_id = fields.text("ContactId")
    if contact_id is None:
        raise BadFieldError("ContactId", "missing; every contact trace record has one")
    queue, agent = fields.nested("Queue"), fields.nested("Agent")
    if not queue and not agent:
        return None  # IVR or self-service only: offered to nobody, so not an interaction
    record = InteractionRecord(
        source_id=contact_id,
        contact_ref=fields.text("InitialContactId") or contact_id,
        previous_source_id=fields.text("PreviousContactId"),
        arrived_at=_arrived_at(fields, queue),
        outcome=Outcome.ANSWERED,
        channel=_channel(fields),
        direction=_direction(fields),
        queue=queue.text("Name") or queue.text("ARN"),
        agent=agent.text("Username") or agent.text("ARN"),
        ended_at=fields.time("DisconnectTimestamp"),
        source_updated_at=fields.time("LastUpdateTimestamp"),
    )
    record.customer, record.customer_kind = _customer(fields.nested("CustomerEndpoint"))
    _add_handling(record, queue, agent)
    _add_outcome(record, fields)
    return record


def _arrived_at(fields: _Fields, queue: _Fields) -> datetime:
    arrived = queue.time("EnqueueTimestamp") or fields.time("InitiationTimestamp")
    if arrived is None:
        raise BadFieldError(
            "InitiationTimestamp", "missing, and there is no Queue.EnqueueTimestamp"
        )
    return arrived


def _channel(fields: _Fields) -> Channel:
    name = fields.text("Channel")
    if name is None:
        raise BadFieldError("Channel", "missing; expected VOICE, CHAT, TASK or EMAIL")
    if name not in CHANNELS:
        raise BadFieldError(
            "Channel", f"unknown channel {name!r}; expected VOICE, CHAT, TASK or EMAIL"
        )
    return CHANNELS[name]


def _direction(fields: _Fields) -> Direction:
    method = fields.text("InitiationMethod")
    return Direction.OUTBOUND if method in OUTBOUND_METHODS else Direction.INBOUND


def _customer(endpoint: _Fields) -> tuple[str | None, IdentityKind]:
    address = endpoint.text("Address", limit=ADDRESS_LIMIT)
    kind = endpoint.text("Type")
    if address is None or kind in _SYSTEM_ENDPOINTS:
        return None, IdentityKind.PHONE
    # An endpoint of a type we do not know is still someone: keep it as an opaque handle.
    return address, _ENDPOINT_KINDS.get(kind or "", IdentityKind.HANDLE)


def _add_handling(record: InteractionRecord, queue: _Fields, agent: _Fields) -> None:
    record.wait_seconds = _wait(queue)
    record.answered_at = agent.time("ConnectedToAgentTimestamp")
    record.wrap_ended_at = agent.time("AfterContactWorkEndTimestamp")
    record.talk_seconds = agent.seconds("AgentInteractionDuration") or 0.0
    record.hold_seconds = agent.seconds("CustomerHoldDuration") or 0.0
    record.wrap_seconds = agent.seconds("AfterContactWorkDuration") or 0.0


def _wait(queue: _Fields) -> float:
    enqueued, dequeued = queue.time("EnqueueTimestamp"), queue.time("DequeueTimestamp")
    duration = queue.seconds("Duration")
    if enqueued is None or dequeued is None:
        return duration or 0.0
    wait = (dequeued - enqueued).total_seconds()
    if wait < 0:
        raise BadFieldError(
            queue.prefix + "DequeueTimestamp", "is earlier than Queue.EnqueueTimestamp"
        )
    return wait


def _add_outcome(record: InteractionRecord, fields: _Fields) -> None:
    transferred_at = fields.time("TransferCompletedTimestamp")
    if transferred_at is not None or fields.nested("TransferredToEndpoint"):
        record.outcome, record.transferred = Outcome.TRANSFERRED, True
    elif record.answered_at is not None:
        record.outcome = Outcome.ANSWERED
    else:
        record.outcome = Outcome.ABANDONED  # queued (or rung at an agent) but never connected
    reason = fields.text("DisconnectReason")
    record.disposition = reason.lower() if reason else None
    if record.disposition is None and fields.text("InitiationMethod") == "CALLBACK":
        record.disposition = "callback"


class _Segments:
    """Numbers transfer segments: one more than the contact before it, when that one was seen.

    Only transferred contacts can have a next segment, so only they are remembered, and only the
    most recent ``SEGMENT_MEMORY`` of them, which keeps memory flat. A segment whose previous
    contact is not remembered (another file, long ago) is numbered 2.
    """

    def __init__(self, limit: int = SEGMENT_MEMORY) -> None:
        self.limit = limit
        self._transferred: OrderedDict[str, int] = OrderedDict()

    def number(self, record: InteractionRecord) -> None:
        previous = record.previous_source_id
        record.segment = 1 if previous is None else self._transferred.get(previous, 1) + 1
        if record.transferred:
            self._transferred[record.source_id] = record.segment
            self._transferred.move_to_end(record.source_id)
            if len(self._transferred) > self.limit:
                self._transferred.popitem(last=False)
