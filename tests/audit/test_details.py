"""Personal data never reaches the audit log: the service refuses it before writing."""

from typing import Any

import pytest
from sqlalchemy import Engine, text

from switchboard.audit.details import PersonalDataError, check_details
from switchboard.audit.models import AuditAction
from tests.audit.conftest import Recorder


@pytest.mark.parametrize(
    "details",
    [
        {"email": "alice@example.com"},
        {"username": "Alice"},
        {"name": "alice smith"},
        {"note": "called about her mortgage"},
        {"score": 0.5},
        {"user_ids": [1, 2]},
        {"nested": {"id": 1}},
        {"Bad Key": 1},
        {f"k{i}": i for i in range(21)},
    ],
    ids=[
        "email",
        "capitalised",
        "spaces",
        "free-text",
        "float",
        "list",
        "nested",
        "key",
        "too-many",
    ],
)
def test_it_refuses_details_that_could_hold_personal_data(details: dict[str, Any]) -> None:
    with pytest.raises(PersonalDataError):
        check_details(details)


def test_it_accepts_ids_counts_flags_and_short_identifiers() -> None:
    check_details({"user_id": 42, "rows": 1200, "masked": True, "team_id": None, "format": "csv"})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"object_type": "user", "object_id": "alice@example.com"},
        {"object_type": "user", "object_id": "Alice Smith"},
        {"object_type": "User record", "object_id": 1},
        {"details": {"username": "alice@example.com"}},
    ],
)
def test_recording_personal_data_fails_and_writes_nothing(
    engine: Engine, record: Recorder, kwargs: dict[str, Any]
) -> None:
    with pytest.raises(PersonalDataError):
        record(AuditAction.PEOPLE_CHANGE, **kwargs)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_log")).scalar() == 0


def test_a_personal_data_refusal_is_a_client_error() -> None:
    assert PersonalDataError.status == 422
