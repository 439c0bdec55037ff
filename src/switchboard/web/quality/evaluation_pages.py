"""The evaluation form beside the contact: a quality analyst's worklist, a new evaluation of a
contact (on the scorecard picked, for an assignment or in a calibration session), and one
evaluation, editable while it is its evaluator's draft and read-only after, with the result.

The quality editors score; in an open calibration session, so does every calibrator taking
part in it (a team leader too), and only that session's contacts, whichever team took them.

"Save draft" keeps the answers given so far; "Submit" scores them, and every question must be
answered (422 names each one that is not, nothing saved). The acknowledge, dispute and
resolve forms on the same page are in :mod:`.review_pages`.
"""

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from switchboard.access.viewer import Viewer
from switchboard.auth.service import CurrentSession
from switchboard.calibration import service as calibration_service
from switchboard.domain.quality.lifecycle import (
    AssignmentStatus,
    EvaluationKind,
    SessionStatus,
    Status,
)
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.repository import EvaluationFilter
from switchboard.evaluations.schemas import (
    AnswersUpdate,
    ContactRead,
    EvaluationCreate,
    EvaluationDetailRead,
)
from switchboard.kit.errors import ConflictError, FieldError, NotFoundError
from switchboard.sampling import service as sampling_service
from switchboard.sampling.repository import AssignmentFilter
from switchboard.scorecards import service as scorecard_service
from switchboard.scorecards.schemas import ScorecardRead
from switchboard.web.identity import DbSession, SignedInForm, SignedInSession
from switchboard.web.quality import repository, sheet
from switchboard.web.quality.common import (
    HELPERS,
    ContactId,
    Posted,
    RecordId,
    back,
    refused,
    require_calibrator,
    require_editor,
    require_evaluations,
    timezone_of,
    viewer_of,
)
from switchboard.web.templating import render

router = APIRouter(include_in_schema=False)

WORK_PATH = "/quality"
EVALUATE = "/quality/evaluate"
EVALUATIONS = "/quality/evaluations"
LISTED = 50
Refusal = FieldError | ConflictError | ValidationError
REFUSALS = (FieldError, ConflictError, ValidationError)
OptionalId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]


@dataclass
class FormState:
    """What the page shows again after a refusal: the problems, each with the id it links to."""

    problems: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, exc: Refusal, values: dict[str, Any]) -> "FormState":
        if isinstance(exc, ValidationError):
            return cls([_placed(".".join(str(p) for p in e["loc"]), e["msg"])
                        for e in exc.errors()], values)  # fmt: skip
        if isinstance(exc, ConflictError):
            return cls([("evaluation-form", exc.message)], values)
        return cls([_placed(p.field, p.message) for p in exc.problems], values)

    def summary(self, anchor: str) -> list[tuple[str, str]]:
        """The problems of one form: the answers form has them all, the others their own."""
        return [p for p in self.problems if anchor == "answers" or p[0] == anchor]

    def errors(self, key: str) -> list[str]:
        return [message for where, message in self.problems if where == f"q-{key}"]


def _placed(path: str, message: str) -> tuple[str, str]:
    _, _, key = path.partition("answers.")
    return (f"q-{key}", f"{key}: {message}") if key else ("evaluation-form", f"{path}: {message}")


def evaluation_path(evaluation_id: int) -> str:
    return f"{EVALUATIONS}/{evaluation_id}"


# --- the worklist -----------------------------------------------------------------------------


@router.get(WORK_PATH)
def worklist(request: Request, db: DbSession, current: SignedInSession) -> HTMLResponse:
    viewer = viewer_of(db, current)
    require_editor(viewer)
    assignments, _ = sampling_service.list_assignments(
        session=db, viewer=viewer, where=AssignmentFilter(status=AssignmentStatus.OPEN),
        everyone=False, limit=LISTED, offset=0,
    )  # fmt: skip
    drafts, _ = evaluation_service.list_evaluations(
        session=db, viewer=viewer, limit=LISTED, offset=0,
        where=EvaluationFilter(evaluator_user_id=viewer.user_id, status=Status.DRAFT),
    )  # fmt: skip
    names = repository.agent_names(db, viewer, {a.agent_id for a in assignments}
                                   | {d.agent_id for d in drafts})  # fmt: skip
    return render(request, "quality/worklist.html", current=current, assignments=assignments,
                  drafts=drafts, names=names, timezone=timezone_of(request), **HELPERS)  # fmt: skip


@router.get(EVALUATE)
def find_contact(db: DbSession, current: SignedInSession,
                 interaction: Annotated[int, Query(ge=1, le=2**63 - 1)]) -> Response:  # fmt: skip
    """The worklist's "score a contact by its id" box."""
    require_editor(viewer_of(db, current))
    return back(f"{EVALUATE}/{interaction}")


# --- a new evaluation -------------------------------------------------------------------------


@dataclass
class Setting:
    """What a new evaluation scores with, and what it fulfils."""

    version_id: int
    card: Any
    name: str
    scorecards: list[ScorecardRead]
    scorecard_id: int | None = None
    session_id: int | None = None
    assignment_id: int | None = None


def _setting(db: Session, viewer: Viewer, scorecard: int | None, session_id: int | None,
             assignment: int | None) -> Setting:  # fmt: skip
    cards, _ = scorecard_service.list_scorecards(session=db, viewer=viewer, limit=100, offset=0)
    published = [c for c in cards if c.published_version_id is not None]
    if session_id is not None:
        version = scorecard_service.get_version(
            session=db, version_id=_open_session(db, viewer, session_id)
        )
    else:
        chosen = next((c for c in published if c.id == scorecard), None) or (
            published[0] if published else None)  # fmt: skip
        if chosen is None:
            raise NotFoundError("no scorecard is published yet: publish one to score contacts")
        version = scorecard_service.current_version(session=db, scorecard_id=chosen.id)
    return Setting(version.id, scorecard_service.card_of(version), str(version.definition["name"]),
                   published, version.scorecard_id, session_id, assignment)  # fmt: skip


def _require_scorer(viewer: Viewer, session_id: int | None) -> None:
    if session_id is None:
        require_editor(viewer)
    else:
        require_calibrator(viewer)


def _open_session(db: Session, viewer: Viewer, session_id: int) -> int:
    """The version the session scores on, once the viewer may score in it: 404 for a session
    they may not read, 403 when they do not take part, 409 once it is closed."""
    found = calibration_service.get_session(session=db, viewer=viewer, session_id=session_id)
    if viewer.user_id not in found.participant_user_ids:
        raise refused(viewer, "only the session's participants score in it")
    if found.status is not SessionStatus.OPEN:
        raise ConflictError(f"calibration session {session_id} is closed")
    return found.version_id


def _new_page(request: Request, db: Session, current: CurrentSession, interaction_id: int,
              setting: Setting, state: FormState | None = None,
              status: int = 200) -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    contact = evaluation_service.contact_context(session=db, viewer=viewer,
                                                 interaction_id=interaction_id,
                                                 calibration_session_id=setting.session_id)  # fmt: skip
    parts = sheet.from_card(setting.card)
    if state is not None:
        sheet.refill(parts, state.values)
    return _form(request, current, contact, [], parts, state or FormState(), status=status,
                 setting=setting, action=f"{EVALUATE}/{interaction_id}", evaluation=None,
                 names=repository.agent_names(db, viewer, [contact.agent_id or 0]))  # fmt: skip


def _form(request: Request, current: CurrentSession, contact: ContactRead,
          thread: list[ContactRead], parts: list[sheet.Part], state: FormState, *,
          status: int = 200, **context: Any) -> HTMLResponse:  # fmt: skip
    return render(request, "quality/evaluation.html", status=status, current=current,
                  contact=contact, thread=thread, parts=parts, state=state,
                  option_words=sheet.option_words, NA=sheet.NA, timezone=timezone_of(request),
                  **context, **HELPERS)  # fmt: skip


@router.get(f"{EVALUATE}/{{interaction_id}}")
def new_evaluation(request: Request, db: DbSession, current: SignedInSession,
                   interaction_id: ContactId, scorecard: OptionalId = None,
                   session: OptionalId = None, assignment: OptionalId = None) -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    _require_scorer(viewer, session)
    setting = _setting(db, viewer, scorecard, session, assignment)
    return _new_page(request, db, current, interaction_id, setting)


@router.post(f"{EVALUATE}/{{interaction_id}}")
def create(request: Request, db: DbSession, current: SignedInForm, interaction_id: ContactId,
           values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    session_id = _int(values, "session")
    _require_scorer(viewer, session_id)
    setting = _setting(db, viewer, _int(values, "scorecard"), session_id,
                       _int(values, "assignment"))  # fmt: skip
    parts = sheet.from_card(setting.card)
    try:
        made = evaluation_service.create_evaluation(session=db, viewer=viewer, evaluation_in=(
            EvaluationCreate(
                version_id=setting.version_id, interaction_id=interaction_id,
                kind=EvaluationKind.CALIBRATION if setting.session_id else EvaluationKind.REGULAR,
                calibration_session_id=setting.session_id, assignment_id=setting.assignment_id,
                answers=sheet.answers_in(parts, values), summary=str(values.get("summary", "")),
            )))  # fmt: skip
        if values.get("action") == "submit":
            evaluation_service.submit(session=db, viewer=viewer, evaluation_id=made.id)
    except REFUSALS as exc:
        db.rollback()
        return _new_page(request, db, current, interaction_id, setting,
                         FormState.of(exc, values), status=422)  # fmt: skip
    return back(evaluation_path(made.id))


def _int(values: dict[str, Any], name: str) -> int | None:
    text = values.get(name)
    return int(text) if isinstance(text, str) and text.isdigit() and len(text) < 10 else None


# --- one evaluation ---------------------------------------------------------------------------


def evaluation_page(request: Request, db: Session, current: CurrentSession, evaluation_id: int,
                    state: FormState | None = None, status: int = 200,
                    form: str = "") -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    require_evaluations(viewer)
    detail = evaluation_service.get_evaluation(session=db, viewer=viewer,
                                               evaluation_id=evaluation_id)  # fmt: skip
    parts = sheet.from_detail(detail)
    editable = detail.status is Status.DRAFT and detail.evaluator_user_id == viewer.user_id
    if state is not None and form == "answers":
        sheet.refill(parts, state.values)
    return _form(request, current, detail.contact, detail.thread, parts, state or FormState(),
                 status=status, evaluation=detail, editable=editable, form=form,
                 action=evaluation_path(evaluation_id), roles=_roles(viewer, detail),
                 failed_critical=sheet.failed_critical(parts),
                 names=repository.agent_names(db, viewer, [detail.agent_id]),
                 people=repository.user_names(db, _people(detail)))  # fmt: skip


def _roles(viewer: Viewer, detail: EvaluationDetailRead) -> dict[str, bool]:
    """Which of the forms after submission the viewer gets."""
    own = viewer.agent_id is not None and viewer.agent_id == detail.agent_id
    return {
        "own": own, "agent": own and detail.status is Status.SUBMITTED,
        "arbitrator": detail.status is Status.DISPUTED and not own
        and detail.evaluator_user_id != viewer.user_id and HELPERS["is_arbitrator"](viewer.role),
    }  # fmt: skip


def _people(detail: EvaluationDetailRead) -> set[int]:
    found = {detail.evaluator_user_id, *(c.changed_by for c in detail.history)}
    if detail.dispute is not None:
        found |= {detail.dispute.raised_by, detail.dispute.arbitrator_user_id or 0}
    return found


@router.get(f"{EVALUATIONS}/{{evaluation_id}}")
def evaluation(request: Request, db: DbSession, current: SignedInSession,
               evaluation_id: RecordId) -> HTMLResponse:  # fmt: skip
    return evaluation_page(request, db, current, evaluation_id)


@router.post(f"{EVALUATIONS}/{{evaluation_id}}")
def save(request: Request, db: DbSession, current: SignedInForm, evaluation_id: RecordId,
         values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    require_calibrator(viewer)
    detail = evaluation_service.get_evaluation(session=db, viewer=viewer,
                                               evaluation_id=evaluation_id)  # fmt: skip
    if detail.kind is EvaluationKind.REGULAR:
        require_editor(viewer)
    try:
        answers = sheet.answers_in(sheet.from_detail(detail), values)
        evaluation_service.save_answers(session=db, viewer=viewer, evaluation_id=evaluation_id,
                                        answers_in=AnswersUpdate(
                                            answers=answers,
                                            summary=str(values.get("summary", ""))))  # fmt: skip
        if values.get("action") == "submit":
            evaluation_service.submit(session=db, viewer=viewer, evaluation_id=evaluation_id)
    except REFUSALS as exc:
        db.rollback()
        return evaluation_page(request, db, current, evaluation_id, FormState.of(exc, values),
                               status=422, form="answers")  # fmt: skip
    return back(evaluation_path(evaluation_id))
