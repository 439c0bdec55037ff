"""What signing in and setting a password can refuse; each message is safe to show the user."""

from datetime import datetime

from switchboard.kit.errors import SwitchboardError


class WeakPasswordError(SwitchboardError):
    """A new password breaks a rule of the password policy; the message names the rule."""

    status = 422


class InvalidCredentialsError(SwitchboardError):
    """Wrong username or password. One message for both, so it never tells which was wrong."""

    status = 401

    def __init__(self) -> None:
        super().__init__("wrong username or password")


class AccountLockedError(SwitchboardError):
    """Too many failed sign-ins: refused, even with the right password, until ``locked_until``."""

    status = 423  # Locked: the request was understood and the credentials may be right.

    def __init__(self, locked_until: datetime) -> None:
        super().__init__(
            "the account is locked after too many failed sign-ins, until "
            f"{locked_until.isoformat(timespec='seconds')}"
        )
        self.locked_until = locked_until
