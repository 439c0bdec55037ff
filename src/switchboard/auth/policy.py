"""The rules for passwords, lockout and session lifetime, in one place.

These are module constants rather than settings: they are the issue's security requirements, and
a deployment that weakens them should have to change (and review) code, not an environment
variable. ``docs/security.md`` states each one.
"""

import unicodedata
from datetime import timedelta
from functools import cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-untyped]  # ships no hints

from switchboard.auth.errors import WeakPasswordError

MIN_PASSWORD_LENGTH = 12
LOCK_AFTER_FAILURES = 10
LOCK_DURATION = timedelta(minutes=30)
SESSION_IDLE_TIMEOUT = timedelta(minutes=15)
SESSION_MAX_AGE = timedelta(hours=12)
SESSION_TOUCH_INTERVAL = timedelta(minutes=1)
"""A session's idle clock is written at most this often, not on every request: a page and its
API calls then cost no write to the store. Idle expiry counts from the last write, so a session
idle for 15 minutes always ends, and one idle for 14 may end early."""


def normalise(password: str) -> str:
    """NFKC, as NIST SP 800-63B advises: the same password typed on another keyboard or OS
    (composed or decomposed accents, full-width digits) must still match."""
    return unicodedata.normalize("NFKC", password)


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common leaked passwords, from the list bundled with zxcvbn (MIT).
    Loaded once, from the installed package: nothing is downloaded."""
    return frozenset(word.lower() for word in FREQUENCY_LISTS["passwords"])


def check_password(password: str, *, username: str) -> None:
    """Raise :class:`WeakPasswordError` naming the first rule ``password`` breaks."""
    password = normalise(password)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(
            f"the password is too short: it needs at least {MIN_PASSWORD_LENGTH} characters"
        )
    if password.lower() in common_passwords():
        raise WeakPasswordError("the password is on the list of common passwords: choose another")
    if password.lower() == username.lower():
        raise WeakPasswordError("the password must not be the username")
