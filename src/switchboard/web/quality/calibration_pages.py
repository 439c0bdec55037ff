"""The calibration pages: the sessions the viewer takes part in (every one for a quality
editor), and one session with its participants' progress, the viewer's own blind scoring
links, and the agreement report once the viewer may read it (the service decides: a
participant after submitting all of theirs, or once the session is closed)."""

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from switchboard.access.policy import QUALITY_EDITORS
from switchboard.access.viewer import Viewer
from switchboard.calibration import service as calibration_service
from switchboard.calibration.schemas import CalibrationReportRead
from switchboard.domain.quality.lifecycle import EvaluationKind
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.repository import EvaluationFilter
from switchboard.evaluations.schemas import EvaluationRead
from switchboard.kit.errors import ForbiddenError
from switchboard.web.identity import DbSession, SignedInForm, SignedInSession
from switchboard.web.quality import repository
from switchboard.web.quality.common import (
    HELPERS,
    RecordId,
    back,
    refused,
    require_editor,
    timezone_of,
    viewer_of,
)
from switchboard.web.templating import render

router = APIRouter(include_in_schema=False)

LIST_PATH = "/quality/calibration"
LISTED = 100
LEVEL_WORDS = {"nominal": "Nominal (categories)", "ordinal": "Ordinal (ranked)",
               "interval": "Interval (equal steps)", "ratio": "Ratio"}  # fmt: skip


@router.get(LIST_PATH)
def sessions(request: Request, db: DbSession, current: SignedInSession) -> HTMLResponse:
    viewer = viewer_of(db, current)
    try:
        found, _ = calibration_service.list_sessions(session=db, viewer=viewer, limit=LISTED,
                                                     offset=0)  # fmt: skip
    except ForbiddenError as exc:
        raise refused(viewer, exc.message) from exc
    return render(request, "quality/calibration_list.html", current=current, sessions=found,
                  timezone=timezone_of(request), **HELPERS)  # fmt: skip


@router.get(f"{LIST_PATH}/{{session_id}}")
def calibration_session(request: Request, db: DbSession, current: SignedInSession,
                        session_id: RecordId) -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    try:
        found = calibration_service.get_session(session=db, viewer=viewer, session_id=session_id)
    except ForbiddenError as exc:
        raise refused(viewer, exc.message) from exc
    report, blind = _report(db, viewer, session_id)
    mine = _own_scores(db, viewer, session_id, len(found.interaction_ids))
    people = repository.user_names(db, found.participant_user_ids)
    return render(request, "quality/calibration.html", current=current, s=found, report=report,
                  blind=blind, mine=mine, people=people, participant=viewer.user_id in people,
                  editor=viewer.role in QUALITY_EDITORS, levels=LEVEL_WORDS,
                  timezone=timezone_of(request), **HELPERS)  # fmt: skip


def _report(
    db: Session, viewer: Viewer, session_id: int
) -> tuple[CalibrationReportRead | None, str]:
    """The report, or why it is not shown yet (calibration is blind until then)."""
    try:
        found = calibration_service.calibration_report(session=db, viewer=viewer,
                                                       session_id=session_id)  # fmt: skip
    except ForbiddenError as exc:
        return None, exc.message
    return found, ""


def _own_scores(
    db: Session, viewer: Viewer, session_id: int, contacts: int
) -> dict[int, EvaluationRead]:
    """The viewer's own evaluations in the session, by contact: scored blind, so only theirs.
    One at most for each of the session's ``contacts``, so one page holds them all."""
    found, _ = evaluation_service.list_evaluations(
        session=db, viewer=viewer, limit=max(contacts, 1), offset=0,
        where=EvaluationFilter(evaluator_user_id=viewer.user_id, kind=EvaluationKind.CALIBRATION,
                               calibration_session_id=session_id),
    )  # fmt: skip
    return {e.interaction_id: e for e in found}


@router.post(f"{LIST_PATH}/{{session_id}}/close")
def close(db: DbSession, current: SignedInForm, session_id: RecordId) -> Response:
    viewer = viewer_of(db, current)
    require_editor(viewer)
    calibration_service.close_session(session=db, viewer=viewer, session_id=session_id)
    return back(f"{LIST_PATH}/{session_id}")
