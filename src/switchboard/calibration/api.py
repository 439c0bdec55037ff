"""The JSON API for calibration: see docs/quality.md.

Sessions and reports are read by quality editors and by the session's participants (a team
leader sees only the sessions they take part in); reads are audited exports. Opening and
closing a session are audited by the service.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from switchboard.calibration import service as calibration_service
from switchboard.calibration.schemas import (
    CalibrationReportRead,
    CalibrationSessionCreate,
    CalibrationSessionRead,
)
from switchboard.feedback.api import CHANGE
from switchboard.feedback.schemas import MAX_ID
from switchboard.web.api import API_PREFIX
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import Paging
from switchboard.web.data_api.refusals import refused_fields
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import SCOPED, as_created_json, as_json
from switchboard.web.data_api.schemas import ErrorRead, Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["calibration"])
SessionId = Annotated[int, Path(ge=1, le=MAX_ID)]
CLOSE: dict[int | str, dict[str, Any]] = {
    **CHANGE,
    409: {"model": ErrorRead, "description": "The session is already closed."},
}


@router.get("/calibration-sessions", response_model=Page[CalibrationSessionRead],
            responses=SCOPED)  # fmt: skip
def list_sessions(db: DbSession, viewer: CurrentViewer, page: Paging) -> Response:
    """Calibration sessions, newest first: all of them for quality editors, a team leader's
    own."""
    rows, following = calibration_service.list_sessions(
        session=db, viewer=viewer, limit=page.limit, offset=page.offset
    )
    return exports.page(db, viewer, "calibration_sessions", Found(rows, following),
                        CalibrationSessionRead)  # fmt: skip


@router.post("/calibration-sessions", response_model=CalibrationSessionRead, status_code=201,
             responses=CHANGE)  # fmt: skip
def create_session(
    db: DbSession, viewer: CurrentViewer, session_in: CalibrationSessionCreate
) -> Response:
    """Open a session: the participants then score its contacts blind, as calibration
    evaluations on its scorecard version."""
    with refused_fields():
        answer = calibration_service.create_session(
            session=db, viewer=viewer, session_in=session_in
        )
    return as_created_json(answer)


@router.get("/calibration-sessions/{session_id}", response_model=CalibrationSessionRead,
            responses=CHANGE)  # fmt: skip
def get_session(db: DbSession, viewer: CurrentViewer, session_id: SessionId) -> Response:
    answer = calibration_service.get_session(session=db, viewer=viewer, session_id=session_id)
    return exports.one(db, viewer, "calibration_session", session_id, answer,
                       CalibrationSessionRead)  # fmt: skip


@router.post("/calibration-sessions/{session_id}/close", response_model=CalibrationSessionRead,
             responses=CLOSE)  # fmt: skip
def close_session(db: DbSession, viewer: CurrentViewer, session_id: SessionId) -> Response:
    """Close the session (quality editors): its report opens to every participant."""
    return as_json(
        calibration_service.close_session(session=db, viewer=viewer, session_id=session_id)
    )


@router.get("/calibration-sessions/{session_id}/report", response_model=CalibrationReportRead,
            responses=CHANGE)  # fmt: skip
def session_report(db: DbSession, viewer: CurrentViewer, session_id: SessionId) -> Response:
    """Krippendorff's alpha per question and overall, flagged below 0.667, and each
    participant's deviation; the JSON of `switchboard qa calibration-report`."""
    answer = calibration_service.calibration_report(
        session=db, viewer=viewer, session_id=session_id
    )
    return exports.one(db, viewer, "calibration_report", session_id, answer,
                       CalibrationReportRead)  # fmt: skip
