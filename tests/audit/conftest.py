"""Audit tests write through the service, one unit of work per event, as the app will."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from switchboard.audit import service as audit_service
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.db.engine import unit_of_work

START = datetime(2026, 11, 26, 9, 0, 0, 123456, tzinfo=UTC)

Recorder = Callable[..., AuditEntry]


@pytest.fixture
def record(engine: Engine) -> Recorder:
    """Record one event in a committed unit of work of its own."""

    def write(action: AuditAction = AuditAction.SIGN_IN, **kwargs: object) -> AuditEntry:
        kwargs.setdefault("actor_user_id", 7)
        with unit_of_work(engine) as session:
            return audit_service.record(session, action=action, **kwargs)  # type: ignore[arg-type]

    return write


def the_reference_day(record: Recorder) -> list[AuditEntry]:
    """Five events a minute apart, at fixed times, so their hashes are known."""
    events = [
        {"action": AuditAction.SIGN_IN_FAILED, "actor_user_id": None, "details": {"attempts": 1}},
        {"action": AuditAction.SIGN_IN, "actor_user_id": 7},
        {
            "action": AuditAction.PERMISSION_DENIED,
            "actor_user_id": 7,
            "object_type": "team",
            "object_id": 3,
        },
        {
            "action": AuditAction.EXPORT,
            "actor_user_id": 7,
            "object_type": "interactions",
            "details": {
                "rows": 1200,
                "format": "csv",
                "queue_id": 2,
                "masked": True,
                "team_id": None,
            },
        },
        {
            "action": AuditAction.PEOPLE_CHANGE,
            "actor_user_id": 1,
            "object_type": "user",
            "object_id": 9,
        },
    ]
    return [
        record(occurred_at=START + timedelta(minutes=i), **event) for i, event in enumerate(events)
    ]
