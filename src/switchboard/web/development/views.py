"""The development pages: "My development" for an agent, "Team development" for whoever leads
people, one agent's development as their leader sees it, and the one-to-one agenda.

Forms post here with the session's CSRF token (:data:`SignedInForm`) and work without script.
A refused form is shown again with 422, its values kept and every problem listed; a form whose
answer has something to read (a goal's SMART warnings, feedback's checks) shows the page with
it, and the others redirect back (303) so that reloading never posts twice.
"""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from switchboard.actions import service as action_service
from switchboard.actions.schemas import ActionUpdate
from switchboard.auth.service import CurrentSession
from switchboard.coaching import agenda as agenda_service
from switchboard.coaching import service as coaching_service
from switchboard.feedback import service as feedback_service
from switchboard.goals import service as goal_service
from switchboard.goals.service import GoalRefusedError
from switchboard.kit.clock import zone
from switchboard.reflections import service as reflection_service
from switchboard.selfaudits import service as selfaudit_service
from switchboard.web.context import web_context
from switchboard.web.development import forms, improvements, pages
from switchboard.web.development.forms import FormRefusedError, FormState
from switchboard.web.development.improvement_pages import involving
from switchboard.web.development.presentation import TEMPLATE_HELPERS
from switchboard.web.development.requests import (
    Posted,
    RecordId,
    centre_reading,
    viewer_of,
)
from switchboard.web.identity import DbSession, SignedInForm, SignedInSession
from switchboard.web.templating import render
from switchboard.wellbeing import service as wellbeing_service

router = APIRouter(include_in_schema=False)
router.include_router(improvements.router)

MY_PATH = "/my-development"
TEAM_PATH = "/team-development"
PeriodText = Annotated[str | None, Query(max_length=40)]


def _back(path: str, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"{path}#{anchor}", status_code=303)


# --- My development ---------------------------------------------------------------------------


def _my_page(
    request: Request, db: Session, current: CurrentSession, *, period: str | None = None,
    form: FormState | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    agent_id = pages.require_own(viewer)
    reading = centre_reading(request)
    chosen = selfaudit_service.bounded_period(period or None, today=reading.today)
    page = pages.my_development(session=db, viewer=viewer, agent_id=agent_id, period=chosen,
                                reading=reading)  # fmt: skip
    return render(request, "development/my_development.html", status=status, current=current,
                  page=page, form=form or FormState(""), period=period or "",
                  improvements=involving(session=db, viewer=viewer, agent_id=agent_id),
                  kpi_choices=forms.KPI_CHOICES, review_slots=forms.REVIEW_DATES,
                  today=reading.today, timezone=reading.timezone, **TEMPLATE_HELPERS)  # fmt: skip


@router.get(MY_PATH)
def my_development(
    request: Request, db: DbSession, current: SignedInSession, period: PeriodText = None
) -> HTMLResponse:
    return _my_page(request, db, current, period=period)


@router.post(f"{MY_PATH}/reflection")
def save_self_audit(request: Request, db: DbSession, current: SignedInForm,
                    values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    agent_id = pages.require_own(viewer)
    reading = centre_reading(request)
    period_text = str(values.get("period") or "") or None
    try:
        text = forms.reflection_text(values)
    except FormRefusedError as refusal:
        return _my_page(request, db, current, period=period_text, form=refusal.state, status=422)
    selfaudit_service.save_reflection(
        session=db, viewer=viewer, agent_id=agent_id, reflection=text,
        period=selfaudit_service.bounded_period(period_text, today=reading.today),
        settings=reading.settings, timezone=reading.timezone,
    )  # fmt: skip
    query = f"?period={period_text}" if period_text else ""
    return _back(MY_PATH + query, "self-audit")


@router.post(f"{MY_PATH}/goals")
def my_new_goal(request: Request, db: DbSession, current: SignedInForm,
                values: Posted) -> Response:  # fmt: skip
    agent_id = pages.require_own(viewer_of(db, current))
    state = _set_goal(request, db, current, values, agent_id)
    return _my_page(request, db, current, form=state, status=422 if state.refused else 200)


def _set_goal(request: Request, db: Session, current: CurrentSession, values: dict[str, Any],
              agent_id: int) -> FormState:  # fmt: skip
    """The goal form's outcome: saved with its SMART warnings, or refused with every finding."""
    try:
        goal_in = forms.goal_in(values, agent_id)
        with forms.service_refusals("goal", values):
            saved = goal_service.create(session=db, viewer=viewer_of(db, current), goal_in=goal_in,
                                        reading=centre_reading(request))  # fmt: skip
    except GoalRefusedError as refused:
        db.rollback()
        return forms.goal_refused(refused.checked, values).state
    except FormRefusedError as refusal:
        return refusal.state
    return FormState("goal", notice=f"Goal saved: {saved.goal.title}.",
                     warnings=forms.goal_warnings(saved.check))  # fmt: skip


@router.post(f"{MY_PATH}/feedback/{{feedback_id}}/acknowledge")
def acknowledge(request: Request, db: DbSession, current: SignedInForm, values: Posted,
                feedback_id: RecordId) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    pages.require_own(viewer)
    try:
        ack = forms.acknowledgement_in(values)
    except FormRefusedError as refusal:
        return _my_page(request, db, current, form=refusal.state, status=422)
    feedback_service.acknowledge(session=db, viewer=viewer, feedback_id=feedback_id,
                                 acknowledgement_in=ack)  # fmt: skip
    return _back(MY_PATH, f"feedback-{feedback_id}")


@router.post(f"{MY_PATH}/actions")
def add_action(request: Request, db: DbSession, current: SignedInForm,
               values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    pages.require_own(viewer)
    try:
        action_in = forms.action_in(values)
        with forms.service_refusals("action", values):
            action_service.create_action(session=db, viewer=viewer, action_in=action_in)
    except FormRefusedError as refusal:
        return _my_page(request, db, current, form=refusal.state, status=422)
    return _back(MY_PATH, "actions")


@router.post(f"{MY_PATH}/actions/{{action_id}}/done")
def action_done(db: DbSession, current: SignedInForm, action_id: RecordId) -> Response:
    viewer = viewer_of(db, current)
    pages.require_own(viewer)
    action_service.update_action(session=db, viewer=viewer, action_id=action_id,
                                 action_in=ActionUpdate(done=True))  # fmt: skip
    return _back(MY_PATH, "actions")


@router.post(f"{MY_PATH}/reflections")
def add_reflection(request: Request, db: DbSession, current: SignedInForm,
                   values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    pages.require_own(viewer)
    try:
        entry = forms.reflection_in(values)
    except FormRefusedError as refusal:
        return _my_page(request, db, current, form=refusal.state, status=422)
    reflection_service.create(session=db, viewer=viewer, reflection_in=entry)
    return _back(MY_PATH, "reflective-log")


@router.post(f"{MY_PATH}/wellbeing")
def check_in(request: Request, db: DbSession, current: SignedInForm,
             values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    pages.require_own(viewer)
    try:
        check_in_in = forms.check_in_in(values)
    except FormRefusedError as refusal:
        return _my_page(request, db, current, form=refusal.state, status=422)
    wellbeing_service.record_check_in(session=db, viewer=viewer, check_in_in=check_in_in)
    return _back(MY_PATH, "wellbeing")


# --- Team development -------------------------------------------------------------------------


@router.get(TEAM_PATH)
def team_development(request: Request, db: DbSession, current: SignedInSession) -> HTMLResponse:
    viewer = viewer_of(db, current)
    page = pages.team_development(session=db, viewer=viewer, reading=centre_reading(request))
    return render(request, "development/team_development.html", current=current, page=page,
                  timezone=web_context(request).settings.timezone, **TEMPLATE_HELPERS)  # fmt: skip


def _agent_page(
    request: Request, db: Session, current: CurrentSession, agent_id: int, *,
    form: FormState | None = None, status: int = 200,
) -> HTMLResponse:  # fmt: skip
    reading = centre_reading(request)
    page = pages.agent_development(session=db, viewer=viewer_of(db, current), agent_id=agent_id,
                                   reading=reading)  # fmt: skip
    now = datetime.now(zone(reading.timezone)).replace(second=0, microsecond=0, tzinfo=None)
    return render(request, "development/agent.html", status=status, current=current, page=page,
                  form=form or FormState(""), kpi_choices=forms.KPI_CHOICES,
                  review_slots=forms.REVIEW_DATES, new_actions=forms.NEW_ACTIONS,
                  today=reading.today, now=now.isoformat(timespec="minutes"),
                  timezone=reading.timezone, **TEMPLATE_HELPERS)  # fmt: skip


@router.get(f"{TEAM_PATH}/agents/{{agent_id}}")
def agent_development(
    request: Request, db: DbSession, current: SignedInSession, agent_id: RecordId
) -> HTMLResponse:
    return _agent_page(request, db, current, agent_id)


@router.post(f"{TEAM_PATH}/agents/{{agent_id}}/goals")
def agent_new_goal(request: Request, db: DbSession, current: SignedInForm, values: Posted,
                   agent_id: RecordId) -> Response:  # fmt: skip
    pages.require_agent_in_reach(db, viewer_of(db, current), agent_id)
    state = _set_goal(request, db, current, values, agent_id)
    return _agent_page(request, db, current, agent_id, form=state,
                       status=422 if state.refused else 200)  # fmt: skip


@router.post(f"{TEAM_PATH}/agents/{{agent_id}}/feedback")
def give_feedback(request: Request, db: DbSession, current: SignedInForm, values: Posted,
                  agent_id: RecordId) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    pages.require_agent_in_reach(db, viewer, agent_id)
    timezone = centre_reading(request).timezone
    try:
        feedback_in = forms.feedback_in(values, agent_id, timezone)
        with forms.service_refusals("feedback", values):
            saved = feedback_service.give_feedback(session=db, viewer=viewer,
                                                   feedback_in=feedback_in)  # fmt: skip
    except FormRefusedError as refusal:
        db.rollback()
        return _agent_page(request, db, current, agent_id, form=refusal.state, status=422)
    state = FormState("feedback", notice="Feedback saved.",
                      warnings=[f.message for f in saved.findings])  # fmt: skip
    return _agent_page(request, db, current, agent_id, form=state)


@router.post(f"{TEAM_PATH}/agents/{{agent_id}}/coaching")
def record_session(request: Request, db: DbSession, current: SignedInForm, values: Posted,
                   agent_id: RecordId) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    pages.require_agent_in_reach(db, viewer, agent_id)
    try:
        session_in = forms.session_in(values, agent_id, centre_reading(request).timezone)
        with forms.service_refusals("coaching", values):
            coaching_service.record_session(session=db, viewer=viewer, session_in=session_in)
    except FormRefusedError as refusal:
        db.rollback()
        return _agent_page(request, db, current, agent_id, form=refusal.state, status=422)
    kind = "One-to-one" if session_in.kind.value == "one_to_one" else "Coaching session"
    return _agent_page(request, db, current, agent_id,
                       form=FormState("coaching", notice=f"{kind} recorded."))  # fmt: skip


@router.get(f"{TEAM_PATH}/agents/{{agent_id}}/one-to-one")
def one_to_one(
    request: Request, db: DbSession, current: SignedInSession, agent_id: RecordId
) -> HTMLResponse:
    viewer = viewer_of(db, current)
    pages.require_agent_in_reach(db, viewer, agent_id)
    agenda = agenda_service.one_to_one(session=db, viewer=viewer, agent_id=agent_id,
                                       reading=centre_reading(request))  # fmt: skip
    return render(request, "development/one_to_one.html", current=current, agenda=agenda,
                  timezone=web_context(request).settings.timezone, **TEMPLATE_HELPERS)  # fmt: skip
