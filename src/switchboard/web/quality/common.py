"""What every quality page's route shares: the posted form, the viewer, the role checks that
answer 403 with an audit row, and how scores are written."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from switchboard.access.policy import (
    ARBITRATORS,
    CALIBRATORS,
    QUALITY_EDITORS,
    Kind,
    Reach,
    reach_of,
)
from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.auth.service import CurrentSession
from switchboard.kit.clock import zone
from switchboard.people.models import Role
from switchboard.web.context import web_context
from switchboard.web.errors import PermissionRefusedError

MAX_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
ContactId = Annotated[int, Path(ge=1, le=2**63 - 1)]
LISTS = frozenset({"question_keys"})
"""Fields a form may repeat (checkboxes): always read as lists."""
MAX_UPLOAD = 1_000_000


async def posted(request: Request) -> dict[str, Any]:
    """The form's fields: text as text, repeated checkboxes as lists, an uploaded file's
    text under its field's name and its file name under ``<name>_filename``."""
    form = await request.form()
    found: dict[str, Any] = {}
    for key in form:
        if key == "csrf_token":
            continue
        given = form.getlist(key)
        texts = [v for v in given if isinstance(v, str)]
        files = [v for v in given if isinstance(v, UploadFile)]
        if files and files[0].filename:
            data = await files[0].read(MAX_UPLOAD + 1)
            found[key] = data.decode("utf-8", errors="replace")
            found[f"{key}_filename"] = files[0].filename
        for upload in files:  # read once, here: closed now, not left to the collector
            await upload.close()
        if files:
            continue
        if key in LISTS:
            found[key] = texts
        else:
            found[key] = texts[0] if texts else ""
    return found


Posted = Annotated[dict[str, Any], Depends(posted)]


def viewer_of(db: Session, current: CurrentSession) -> Viewer:
    return load_viewer(session=db, user=current.user)


def refused(viewer: Viewer, message: str) -> PermissionRefusedError:
    """A 403 that the audit trail records as ``permission_denied``."""
    return PermissionRefusedError(message, reason="quality", actor_user_id=viewer.user_id)


def require_editor(viewer: Viewer) -> None:
    if viewer.role not in QUALITY_EDITORS:
        raise refused(viewer, "scorecards and scoring are for quality analysts")


def require_calibrator(viewer: Viewer) -> None:
    """The roles that score at all: the quality editors, and team leaders in the calibration
    sessions they take part in (which the caller checks)."""
    if viewer.role not in CALIBRATORS:
        raise refused(viewer, "scoring is for quality analysts, and calibration for its "
                      "participants")  # fmt: skip


def require_arbitrator(viewer: Viewer) -> None:
    if viewer.role not in ARBITRATORS:
        raise refused(viewer, "disputes are resolved by quality analysts and managers")


def require_evaluations(viewer: Viewer) -> None:
    if reach_of(viewer.role, Kind.EVALUATIONS) is Reach.NONE:
        raise refused(viewer, "your role sees no evaluations")


def require_own(viewer: Viewer) -> int:
    if reach_of(viewer.role, Kind.EVALUATIONS) is Reach.NONE or viewer.agent_id is None:
        raise refused(viewer, "my evaluations is for people who take contacts")
    return viewer.agent_id


def leads(viewer: Viewer) -> bool:
    """Whether the viewer's evaluations reach goes beyond themselves."""
    return reach_of(viewer.role, Kind.EVALUATIONS) >= Reach.LED_TEAMS


def require_leader(viewer: Viewer) -> None:
    if not leads(viewer):
        raise refused(viewer, "team evaluations are for team leaders and managers")


def back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def timezone_of(request: Request) -> str:
    return web_context(request).settings.timezone


def local_time(moment: datetime | None, timezone: str) -> str:
    if moment is None:
        return "—"
    return f"{moment.astimezone(zone(timezone)):%d %b %Y %H:%M}"


def score(value: float | None) -> str:
    """A score out of 100 as the pages write it."""
    return "—" if value is None else f"{value:.1f}"


def words(value: Any) -> str:
    text = str(getattr(value, "value", value))
    return text.replace("_", " ").capitalize()


def is_editor(role: Role) -> bool:
    return role in QUALITY_EDITORS


def is_arbitrator(role: Role) -> bool:
    return role in ARBITRATORS


HELPERS: dict[str, Any] = {
    "local_time": local_time, "score": score, "words": words, "is_editor": is_editor,
    "is_arbitrator": is_arbitrator,
}  # fmt: skip
