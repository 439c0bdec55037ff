"""Time helpers. Stored timestamps are always timezone-aware UTC."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from switchboard.kit.errors import SwitchboardError


def utcnow() -> datetime:
    return datetime.now(UTC)


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``, or a clear error naming it."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SwitchboardError(
            f"unknown timezone {name!r}: use an IANA name such as Europe/London"
        ) from exc


def from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
