"""The one dependency every data route takes: who is asking, as the access policy sees them."""

from typing import Annotated

from fastapi import Depends, Request

from switchboard.access import service as access_service
from switchboard.access.viewer import Viewer
from switchboard.web.handlers import ACTOR_STATE
from switchboard.web.identity import ApiUser, DbSession


def current_viewer(request: Request, user: ApiUser, db: DbSession) -> Viewer:
    """Loaded once per request. The user's id is kept on the request first, so that a refusal
    (an inactive account here, or a role without reach in a route) is audited with its actor."""
    setattr(request.state, ACTOR_STATE, user.id)
    return access_service.load_viewer(session=db, user=user)


CurrentViewer = Annotated[Viewer, Depends(current_viewer)]
