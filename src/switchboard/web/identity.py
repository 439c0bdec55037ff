"""Who is asking: FastAPI dependencies for pages (the session cookie) and for the API (a bearer
token, or the session cookie with the CSRF header).

Every state-changing page route depends on :func:`signed_in_form`, which checks the form's CSRF
token against the session's secret; the sign-in form, which has no session yet, checks its own
double-submit token in :mod:`switchboard.web.views`.
"""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from switchboard.auth import service as auth_service
from switchboard.auth.service import CurrentSession
from switchboard.db.engine import unit_of_work
from switchboard.people.models import User
from switchboard.web import csrf
from switchboard.web.context import db_session, web_context
from switchboard.web.cookies import SESSION_COOKIE
from switchboard.web.errors import CsrfRefusedError, SignInRequiredError

# "function" scope: the unit of work commits before the response is sent, so a failed commit is
# a 500 rather than a success the store never kept.
DbSession = Annotated[Session, Depends(db_session, scope="function")]

bearer_scheme = HTTPBearer(
    auto_error=False, description="A per-user API token (`sb_...`), made by an administrator."
)
session_cookie_scheme = APIKeyCookie(
    name=SESSION_COOKIE,
    auto_error=False,
    description="The web app's session; state-changing calls also need the X-CSRF-Token header.",
)


def _session_user(request: Request, token: str) -> CurrentSession | None:
    """Checked in a short unit of work of its own, so that the idle clock's occasional write
    commits at once: in the request's own, SQLite would hold its one write lock from that write
    until the whole page was built."""
    with unit_of_work(web_context(request).engine) as session:
        return auth_service.authenticate_session(session=session, session_token=token)


def _token_user(request: Request, token: str) -> User | None:
    """As :func:`_session_user`, for a bearer token and its last-used time."""
    with unit_of_work(web_context(request).engine) as session:
        return auth_service.authenticate_token(session=session, token=token)


def optional_session(request: Request) -> CurrentSession | None:
    """The live session behind the cookie, or None when signed out or expired."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return _session_user(request, token)


OptionalSession = Annotated[CurrentSession | None, Depends(optional_session)]


def signed_in(current: OptionalSession) -> CurrentSession:
    """For pages: signed out, the handler redirects to the sign-in form."""
    if current is None:
        raise SignInRequiredError()
    return current


SignedInSession = Annotated[CurrentSession, Depends(signed_in)]


async def signed_in_form(request: Request, current: SignedInSession) -> CurrentSession:
    """For state-changing pages: a session, and the form's CSRF token must be its secret."""
    if request.method not in csrf.SAFE_METHODS:
        form = await request.form()  # Starlette keeps the parsed form for the route's own fields
        given = form.get(csrf.FORM_FIELD)
        if not csrf.tokens_match(current.csrf_secret, given if isinstance(given, str) else None):
            raise CsrfRefusedError(actor_user_id=current.user.id)
    return current


SignedInForm = Annotated[CurrentSession, Depends(signed_in_form)]


def api_user(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: Annotated[str | None, Depends(session_cookie_scheme)],
) -> User:
    """For the API: a bearer token wins; without one, the session cookie, and then a
    state-changing call must also send the session's CSRF secret in ``X-CSRF-Token``."""
    if bearer is not None:
        user = _token_user(request, bearer.credentials)
        if user is None:
            raise SignInRequiredError()
        return user
    current = _session_user(request, cookie) if cookie else None
    if current is None:
        raise SignInRequiredError()
    if request.method not in csrf.SAFE_METHODS and not csrf.tokens_match(
        current.csrf_secret, request.headers.get(csrf.HEADER)
    ):
        raise CsrfRefusedError(actor_user_id=current.user.id)
    return current.user


ApiUser = Annotated[User, Depends(api_user)]
