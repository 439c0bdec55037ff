"""The one dependency every data route takes: who is asking, as the access policy sees them."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials

from switchboard.access import service as access_service
from switchboard.access.viewer import Viewer
from switchboard.web.handlers import ACTOR_STATE
from switchboard.web.identity import (
    DbSession,
    authenticate_api_call,
    bearer_scheme,
    session_cookie_scheme,
)


def current_viewer(
    request: Request,
    db: DbSession,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    cookie: Annotated[str | None, Depends(session_cookie_scheme)],
) -> Viewer:
    """Who is asking (as :data:`ApiUser`) and what they may see, loaded once per request in one
    trip to the thread pool. The user's id is kept on the request first, so that a refusal (an
    inactive account here, or a role without reach in a route) is audited with its actor."""
    user = authenticate_api_call(request, db, bearer, cookie)
    setattr(request.state, ACTOR_STATE, user.id)
    return access_service.load_viewer(session=db, user=user)


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]
