"""The improvement activity pages (Plan-Do-Review) and the goal alignment page, on a router of
their own that :mod:`switchboard.web.development.views` includes.

As on the other development pages, forms post with the session's CSRF token and work without
script; a refused form is shown again with 422 and its values, and a saved one redirects (303).
"""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from switchboard.auth.service import CurrentSession
from switchboard.improvements import service as improvement_service
from switchboard.kit.errors import ForbiddenError
from switchboard.web.development import forms, pages
from switchboard.web.development import improvement_pages as plan_pages
from switchboard.web.development.alignment import alignment_page
from switchboard.web.development.forms import FormRefusedError, FormState
from switchboard.web.development.presentation import TEMPLATE_HELPERS
from switchboard.web.development.requests import Posted, RecordId, centre_reading, viewer_of
from switchboard.web.identity import DbSession, SignedInForm, SignedInSession
from switchboard.web.templating import render

router = APIRouter(include_in_schema=False)

PATH = "/team-development/improvements"
ALIGNMENT_PATH = "/team-development/alignment"
DEFAULT_DAYS = 28
"""The plan form's before and after days, as the API's defaults."""


def _list_page(request: Request, db: Session, current: CurrentSession, *,
               form: FormState | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    reading = centre_reading(request)
    page = plan_pages.improvements_page(session=db, viewer=viewer_of(db, current), reading=reading)
    return render(request, "development/improvements.html", status=status, current=current,
                  page=page, form=form or FormState(""), kpi_choices=plan_pages.REVIEW_KPIS,
                  verdicts=plan_pages.VERDICT_WORDS, controls=plan_pages.CONTROL_WORDS,
                  default_days=DEFAULT_DAYS, today=reading.today, **TEMPLATE_HELPERS)  # fmt: skip


@router.get(PATH)
def improvements(request: Request, db: DbSession, current: SignedInSession) -> HTMLResponse:
    return _list_page(request, db, current)


@router.post(PATH)
def plan_improvement(request: Request, db: DbSession, current: SignedInForm,
                     values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    pages.require_leader(viewer)
    try:
        plan_in = plan_pages.plan_in(values)
        with forms.service_refusals("plan", values):
            saved = improvement_service.create(session=db, viewer=viewer, improvement_in=plan_in)
    except FormRefusedError as refusal:
        db.rollback()
        state = plan_pages.plan_refused(refusal).state
        return _list_page(request, db, current, form=state, status=422)
    return RedirectResponse(f"{PATH}/{saved.id}", status_code=303)


def _one_page(request: Request, db: Session, current: CurrentSession, improvement_id: int, *,
              form: FormState | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    reading = centre_reading(request)
    page = plan_pages.improvement_page(session=db, viewer=viewer_of(db, current),
                                       improvement_id=improvement_id, reading=reading)  # fmt: skip
    return render(request, "development/improvement.html", status=status, current=current,
                  page=page, form=form or FormState(""), verdicts=plan_pages.VERDICT_WORDS,
                  controls=plan_pages.CONTROL_WORDS, **TEMPLATE_HELPERS)  # fmt: skip


@router.get(f"{PATH}/{{improvement_id}}")
def improvement(request: Request, db: DbSession, current: SignedInSession,
                improvement_id: RecordId) -> HTMLResponse:  # fmt: skip
    return _one_page(request, db, current, improvement_id)


@router.post(f"{PATH}/{{improvement_id}}/note")
def save_review_note(request: Request, db: DbSession, current: SignedInForm, values: Posted,
                     improvement_id: RecordId) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    plan_pages.require_development(viewer)
    try:
        note_in = plan_pages.note_in(values)
    except FormRefusedError as refusal:
        return _one_page(request, db, current, improvement_id, form=refusal.state, status=422)
    try:
        improvement_service.update(session=db, viewer=viewer, improvement_id=improvement_id,
                                   improvement_in=note_in)  # fmt: skip
    except ForbiddenError as exc:  # an agent of the group, or a manager not of its team
        raise pages.refused(viewer, exc.message) from exc
    return RedirectResponse(f"{PATH}/{improvement_id}#review-note", status_code=303)


@router.get(ALIGNMENT_PATH)
def alignment(request: Request, db: DbSession, current: SignedInSession) -> HTMLResponse:
    page = alignment_page(session=db, viewer=viewer_of(db, current))
    return render(request, "development/alignment.html", current=current, page=page,
                  **TEMPLATE_HELPERS)  # fmt: skip
