"""Keep personal data out of the audit log.

A row must stay valid after a person is erased, so it may hold ids, counts and flags, never
names, usernames, e-mail addresses or free text. These checks are a guard rail, not a proof: a
short lower-case word still passes, so callers must pass ids (``user_id=42``), never the values
people type.
"""

import re
from typing import Any

from switchboard.kit.errors import SwitchboardError

IDENTIFIER = re.compile(r"[a-z][a-z0-9_]{0,39}")
"""A key, an object type, or a string value: ``export``, ``interactions``, ``csv``."""

OBJECT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}")
"""An object id: ``42``, ``team:7``, a UUID. No ``@`` or spaces, so no e-mail or full name."""

MAX_DETAIL_KEYS = 20


class PersonalDataError(SwitchboardError):
    """An audit row was given something that could be personal data."""

    status = 422


def check_identifier(name: str, value: str | None) -> None:
    if value is not None and not IDENTIFIER.fullmatch(value):
        raise PersonalDataError(f"audit {name} {value!r} must be a lower-case identifier")


def check_object_id(value: str | None) -> None:
    if value is not None and not OBJECT_ID.fullmatch(value):
        raise PersonalDataError(f"audit object id {value!r} must be an id, not a name or free text")


def check_details(details: dict[str, Any] | None) -> None:
    """Details are a flat map of identifier keys to ints, bools, None or identifier strings."""
    if details is None:
        return
    if len(details) > MAX_DETAIL_KEYS:
        raise PersonalDataError(f"audit details hold at most {MAX_DETAIL_KEYS} keys")
    for key, value in details.items():
        if not isinstance(key, str) or not IDENTIFIER.fullmatch(key):
            raise PersonalDataError(f"audit details key {key!r} must be a lower-case identifier")
        _check_value(key, value)


def _check_value(key: str, value: Any) -> None:
    # Floats are refused too: their text form is not canonical, and the row's hash depends on it.
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str) and IDENTIFIER.fullmatch(value):
        return
    raise PersonalDataError(
        f"audit details {key!r} must be an int, a bool, null or a lower-case identifier, "
        f"not {type(value).__name__}; personal data never goes in the audit log"
    )
