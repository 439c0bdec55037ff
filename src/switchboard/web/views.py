"""The pages so far: sign-in, sign-out and the signed-in user's home."""

from datetime import UTC
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.responses import HTMLResponse

from switchboard.access.service import load_viewer
from switchboard.auth import service as auth_service
from switchboard.auth.errors import AccountLockedError
from switchboard.auth.service import SignInRefused
from switchboard.web import csrf
from switchboard.web.context import web_context
from switchboard.web.cookies import (
    SESSION_COOKIE,
    SIGN_IN_CSRF_COOKIE,
    SIGN_IN_PATH,
    clear_session_cookie,
    set_session_cookie,
    set_sign_in_csrf_cookie,
)
from switchboard.web.dashboards.audience import dashboards_for, leads_people
from switchboard.web.dashboards.repository import teams_in_reach
from switchboard.web.errors import CsrfRefusedError
from switchboard.web.identity import DbSession, OptionalSession, SignedInForm, SignedInSession
from switchboard.web.templating import render

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]


@router.get("/")
def home(request: Request, db: DbSession, current: SignedInSession) -> HTMLResponse:
    viewer = load_viewer(session=db, user=current.user)
    has_team = leads_people(viewer) and bool(teams_in_reach(db, viewer))
    return render(request, "home.html", current=current,
                  dashboards=dashboards_for(viewer, has_team=has_team))  # fmt: skip


@router.get(SIGN_IN_PATH)
def sign_in_form(request: Request, current: OptionalSession, signed_out: bool = False) -> Response:
    if current is not None:
        return RedirectResponse("/", status_code=303)
    return sign_in_page(request, notice="You have signed out." if signed_out else None)


@router.post(SIGN_IN_PATH)
def sign_in(
    request: Request,
    db: DbSession,
    username: FormText = "",
    password: FormText = "",
    csrf_token: FormText = "",
) -> Response:
    if not csrf.tokens_match(request.cookies.get(SIGN_IN_CSRF_COOKIE), csrf_token):
        raise CsrfRefusedError(actor_user_id=None)
    context = web_context(request)
    outcome = auth_service.sign_in(
        session=db, username=username, password=password, hasher=context.password_hasher
    )
    if isinstance(outcome, SignInRefused):
        # Returned, not raised: the unit of work commits the failure count and the lock.
        message = refusal_message(outcome, context.settings.timezone)
        return sign_in_page(request, status=outcome.error.status, error=message, username=username)
    if previous := request.cookies.get(SESSION_COOKIE):
        auth_service.sign_out(session=db, session_token=previous)
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(response, request, outcome.session_token)
    return response


@router.post("/sign-out")
def sign_out(request: Request, db: DbSession, current: SignedInForm) -> Response:
    auth_service.sign_out(session=db, session_token=request.cookies[SESSION_COOKIE])
    response = RedirectResponse(f"{SIGN_IN_PATH}?signed_out=true", status_code=303)
    clear_session_cookie(response, request)
    return response


def sign_in_page(
    request: Request,
    *,
    status: int = 200,
    error: str | None = None,
    notice: str | None = None,
    username: str = "",
) -> HTMLResponse:
    """The form, with the double-submit CSRF token in both the form and its cookie."""
    token = request.cookies.get(SIGN_IN_CSRF_COOKIE) or csrf.new_sign_in_token()
    response = render(
        request,
        "sign_in.html",
        status=status,
        csrf_token=token,
        error=error,
        notice=notice,
        username=username,
    )
    set_sign_in_csrf_cookie(response, request, token)
    return response


def refusal_message(refusal: SignInRefused, timezone: str) -> str:
    """The same words for an unknown user and a wrong password; a lock says until when."""
    error = refusal.error
    if not isinstance(error, AccountLockedError):
        return "Wrong username or password."
    until = error.locked_until
    until = until if until.tzinfo else until.replace(tzinfo=UTC)
    local = until.astimezone(ZoneInfo(timezone))
    return (
        "This account is locked after too many failed sign-ins. Try again after "
        f"{local:%H:%M} on {local.day} {local:%B %Y} ({timezone})."
    )
