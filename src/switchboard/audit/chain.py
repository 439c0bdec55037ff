"""The hash chain: how a row's fields become its hash, the same on every database.

Each row's hash covers the previous row's hash and the row's own fields, serialised in a fixed
order as compact JSON with the time written as ISO 8601 UTC with microseconds. Editing any field
changes the row's hash; removing or reordering rows breaks the link to the row before.

The id is not hashed: the database assigns it after the hash is computed, and ``prev_hash``
already pins each row to its place in the chain.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
"""The ``prev_hash`` of the first row."""


@dataclass(frozen=True)
class ChainedFields:
    """The fields of a row that its hash covers, in the order they are serialised."""

    occurred_at: datetime
    actor_user_id: int | None
    action: str
    object_type: str | None
    object_id: str | None
    details: dict[str, Any] | None


def canonical_time(moment: datetime) -> str:
    """``2026-11-26T09:30:00.000000Z``: one spelling per instant, whatever the database returns."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(prev_hash: str, fields: ChainedFields) -> bytes:
    payload = [
        prev_hash,
        canonical_time(fields.occurred_at),
        fields.actor_user_id,
        fields.action,
        fields.object_type,
        fields.object_id,
        fields.details,
    ]
    # sort_keys makes the details' key order irrelevant: PostgreSQL and SQLite may return it differently.
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.encode("ascii")


def row_hash(prev_hash: str, fields: ChainedFields) -> str:
    return hashlib.sha256(canonical_bytes(prev_hash, fields)).hexdigest()
