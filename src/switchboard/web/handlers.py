"""The error handlers: JSON under ``/api``, an HTML page everywhere else.

One handler renders every :class:`SwitchboardError` with its own status and message. Anything
else is a bug: the answer is a generic 500 with no exception text, SQL or traceback, and
Starlette re-raises the exception after the answer is sent so that uvicorn logs it in full.
"""

from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from switchboard.audit import service as audit_service
from switchboard.audit.models import AuditAction
from switchboard.db.engine import unit_of_work
from switchboard.kit.errors import ForbiddenError, SwitchboardError
from switchboard.web.context import web_context
from switchboard.web.cookies import SIGN_IN_PATH
from switchboard.web.errors import PermissionRefusedError, SignInRequiredError
from switchboard.web.headers import NO_STORE, SECURITY_HEADERS
from switchboard.web.templating import render

API_PREFIX = "/api/"
ACTOR_STATE = "actor_user_id"
"""Where a request keeps its signed-in user's id (``request.state``), once known, so that a
refusal raised deeper down (the access policy's :class:`ForbiddenError`) is audited with it."""
SERVER_ERROR_MESSAGE = "something went wrong on our side; it has been logged, please try again"


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(SwitchboardError, switchboard_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, server_error)


def is_api(request: Request) -> bool:
    """Whether a script reads the answer: the API, and a page's JSON (``/live.json``). Those
    get JSON errors and 401 when signed out; pages get HTML and the sign-in form."""
    path = request.url.path
    return path.startswith(API_PREFIX) or path.endswith(".json")


def switchboard_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SwitchboardError)  # registered for this class only
    if isinstance(exc, PermissionRefusedError):
        record_refusal(request, exc.actor_user_id, exc.reason)
    elif isinstance(exc, ForbiddenError):
        record_refusal(request, getattr(request.state, ACTOR_STATE, None), "role")
    if isinstance(exc, SignInRequiredError):
        if not is_api(request):
            return RedirectResponse(SIGN_IN_PATH, status_code=303)
        return error_response(request, exc.status, exc.message, {"WWW-Authenticate": "Bearer"})
    return error_response(request, exc.status, exc.message)


def http_error(request: Request, exc: Exception) -> Response:
    """Routing's own errors (404, 405), in the same two shapes as ours."""
    assert isinstance(exc, StarletteHTTPException)
    return error_response(request, exc.status_code, str(exc.detail).lower(), exc.headers)


def server_error(request: Request, exc: Exception) -> Response:
    # This answer leaves through Starlette's outermost middleware, outside the headers one.
    return error_response(request, 500, SERVER_ERROR_MESSAGE, SECURITY_HEADERS | NO_STORE)


def error_response(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    response = render(request, "error.html", status=status, status_code=status, message=message)
    response.headers.update(headers or {})
    return response


def record_refusal(request: Request, actor_user_id: int | None, reason: str) -> None:
    """In a unit of work of its own: the request's has rolled back, and the refusal must stay."""
    with unit_of_work(web_context(request).engine) as session:
        audit_service.record(
            session,
            actor_user_id=actor_user_id,
            action=AuditAction.PERMISSION_DENIED,
            details={"reason": reason, "method": request.method.lower()},
        )
