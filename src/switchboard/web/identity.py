"""Who is asking: FastAPI dependencies for pages (the session cookie) and for the API (a bearer
token, or the session cookie with the CSRF header).

Every state-changing page route depends on :func:`signed_in_form`, which checks the form's CSRF
token against the session's secret; the sign-in form, which has no session yet, checks its own
double-submit token in :mod:`switchboard.web.views`.
"""

from typing import Annotated, TypeVar

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

Found = TypeVar("Found")

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


def _session_user(request: Request, db: Session, token: str) -> CurrentSession | None:
    """Read in the request's own unit of work, which stays read-only: the idle clock's
    occasional write commits at once in a short one of its own, because in the request's,
    SQLite would hold its one write lock from that write until the whole page was built."""
    return _touched(request, auth_service.check_session(session=db, session_token=token))


def _token_user(request: Request, db: Session, token: str) -> User | None:
    """As :func:`_session_user`, for a bearer token and its last-used time."""
    return _touched(request, auth_service.check_token(session=db, token=token))


def _touched(request: Request, checked: auth_service.Authenticated[Found] | None) -> Found | None:
    if checked is None:
        return None
    if checked.touch is not None:
        with unit_of_work(web_context(request).engine) as session:
            checked.touch(session)
    return checked.found


def optional_session(request: Request, db: DbSession) -> CurrentSession | None:
    """The live session behind the cookie, or None when signed out or expired."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return _session_user(request, db, token)


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
    db: DbSession,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: Annotated[str | None, Depends(session_cookie_scheme)],
) -> User:
    """For the API: a bearer token wins; without one, the session cookie, and then a
    state-changing call must also send the session's CSRF secret in ``X-CSRF-Token``."""
    return authenticate_api_call(request, db, bearer, cookie)


def authenticate_api_call(
    request: Request, db: Session, bearer: HTTPAuthorizationCredentials | None, cookie: str | None
) -> User:
    """:func:`api_user` as a plain call, for a dependency that does more in the same trip to
    the thread pool (the data routes' viewer)."""
    if bearer is not None:
        user = _token_user(request, db, bearer.credentials)
        if user is None:
            raise SignInRequiredError()
        return user
    current = _session_user(request, db, cookie) if cookie else None
    if current is None:
        raise SignInRequiredError()
    if request.method not in csrf.SAFE_METHODS and not csrf.tokens_match(
        current.csrf_secret, request.headers.get(csrf.HEADER)
    ):
        raise CsrfRefusedError(actor_user_id=current.user.id)
    return current.user


ApiUser = Annotated[User, Depends(api_user)]
