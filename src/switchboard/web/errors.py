"""What the web layer refuses. Like every Switchboard error, each carries its HTTP status and is
rendered by the one handler in :mod:`switchboard.web.handlers`."""

from switchboard.kit.errors import SwitchboardError


class SignInRequiredError(SwitchboardError):
    """No live session or token: the API answers 401, a page redirects to the sign-in form."""

    status = 401

    def __init__(self) -> None:
        super().__init__("sign in first")


class PermissionRefusedError(SwitchboardError):
    """A request refused for want of permission. The handler records it in the audit trail as
    ``permission_denied``, in a unit of work of its own, since the request's rolls back."""

    status = 403

    def __init__(self, message: str, *, reason: str, actor_user_id: int | None) -> None:
        super().__init__(message)
        self.reason = reason
        self.actor_user_id = actor_user_id


class CsrfRefusedError(PermissionRefusedError):
    """A state-changing request without the CSRF token of the session (or sign-in form)."""

    def __init__(self, *, actor_user_id: int | None) -> None:
        super().__init__(
            "this form has expired or did not come from Switchboard: reload the page and try again",
            reason="csrf",
            actor_user_id=actor_user_id,
        )
