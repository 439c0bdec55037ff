"""After submission: "My evaluations" for an agent, the team's evaluations for whoever leads
people, the disputes queue for the arbitrators, and the forms on an evaluation's page that
acknowledge it, dispute it or resolve the dispute. Each redirects back to the evaluation (303),
or shows it again with 422 and the problem."""

from dataclasses import dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from switchboard.access.viewer import Viewer
from switchboard.auth.service import CurrentSession
from switchboard.domain.quality.lifecycle import SCORED, EvaluationKind, Status
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.repository import EvaluationFilter
from switchboard.evaluations.schemas import (
    AcknowledgeIn,
    DisputeCreate,
    EvaluationRead,
    ResolveIn,
)
from switchboard.web.identity import DbSession, SignedInForm, SignedInSession
from switchboard.web.quality import repository, sheet
from switchboard.web.quality.common import (
    HELPERS,
    Posted,
    RecordId,
    back,
    require_arbitrator,
    require_leader,
    require_own,
    timezone_of,
    viewer_of,
)
from switchboard.web.quality.evaluation_pages import (
    EVALUATIONS,
    REFUSALS,
    FormState,
    evaluation_page,
    evaluation_path,
)
from switchboard.web.templating import render

router = APIRouter(include_in_schema=False)

MY_PATH = "/my-evaluations"
TEAM_PATH = "/quality/team"
DISPUTES_PATH = "/quality/disputes"
LISTED = 100
PageNumber = Annotated[int, Query(ge=1, le=100_000)]
FORM_FIELDS = {"acknowledge": "ack-response", "dispute": "dispute-reason",
               "resolve": "resolve-reason"}  # fmt: skip
"""The field each form's problems link to."""


@dataclass(frozen=True)
class Listing:
    """One page of a list, with the links to the pages either side."""

    evaluations: list[EvaluationRead]
    previous_url: str | None
    next_url: str | None


def _listed(db: Session, viewer: Viewer, where: EvaluationFilter, path: str,
            page: int) -> Listing:  # fmt: skip
    """Every list here is of regular evaluations: a calibration one never counts for the agent.
    The filter is the query's, so each page is full until the last."""
    found, following = evaluation_service.list_evaluations(
        session=db, viewer=viewer, where=replace(where, kind=EvaluationKind.REGULAR),
        limit=LISTED, offset=(page - 1) * LISTED,
    )  # fmt: skip
    return Listing(found, _page_url(path, page - 1) if page > 1 else None,
                   _page_url(path, page + 1) if following is not None else None)  # fmt: skip


def _page_url(path: str, page: int) -> str:
    return path if page == 1 else f"{path}?page={page}"


def _list_page(request: Request, db: Session, current: CurrentSession, viewer: Viewer,
               listing: Listing, *, heading: str, intro: str,
               mine: bool = False) -> HTMLResponse:  # fmt: skip
    names = repository.agent_names(db, viewer, {e.agent_id for e in listing.evaluations})
    return render(request, "quality/evaluations.html", current=current, heading=heading,
                  intro=intro, evaluations=listing.evaluations, page=listing, names=names,
                  mine=mine, timezone=timezone_of(request), **HELPERS)  # fmt: skip


@router.get(MY_PATH)
def my_evaluations(request: Request, db: DbSession, current: SignedInSession,
                   page: PageNumber = 1) -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    agent_id = require_own(viewer)
    found = _listed(db, viewer, EvaluationFilter(agent_id=agent_id, statuses=SCORED), MY_PATH,
                    page)  # fmt: skip
    return _list_page(request, db, current, viewer, found, heading="My evaluations", mine=True,
                      intro="Your contacts as quality scored them. Open one to read the answers "
                      "and comments, then acknowledge it or, if you disagree, dispute it.")  # fmt: skip


@router.get(TEAM_PATH)
def team_evaluations(request: Request, db: DbSession, current: SignedInSession,
                     page: PageNumber = 1) -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    require_leader(viewer)
    where = EvaluationFilter(statuses=SCORED, not_agent_id=viewer.agent_id)
    found = _listed(db, viewer, where, TEAM_PATH, page)
    return _list_page(request, db, current, viewer, found, heading="Team evaluations",
                      intro="The submitted evaluations of the agents you lead, latest contact "
                      "first.")  # fmt: skip


@router.get(DISPUTES_PATH)
def disputes(request: Request, db: DbSession, current: SignedInSession,
             page: PageNumber = 1) -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    require_arbitrator(viewer)
    where = EvaluationFilter(status=Status.DISPUTED, not_evaluator_user_id=viewer.user_id,
                             not_agent_id=viewer.agent_id)  # fmt: skip
    found = _listed(db, viewer, where, DISPUTES_PATH, page)
    return _list_page(request, db, current, viewer, found, heading="Disputes",
                      intro="Evaluations their agents dispute, for you to resolve: never one you "
                      "scored yourself.")  # fmt: skip


# --- the forms on an evaluation's page --------------------------------------------------------


def _refused(request: Request, db: Session, current: CurrentSession, evaluation_id: int,
             exc: Any, values: dict[str, Any], form: str) -> HTMLResponse:  # fmt: skip
    db.rollback()
    state = FormState.of(exc, values)
    anchor = FORM_FIELDS[form]
    state.problems = [(anchor, message) for _, message in state.problems]
    return evaluation_page(request, db, current, evaluation_id, state, status=422, form=form)


@router.post(f"{EVALUATIONS}/{{evaluation_id}}/acknowledge")
def acknowledge(request: Request, db: DbSession, current: SignedInForm, evaluation_id: RecordId,
                values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    require_own(viewer)
    try:
        reply = str(values.get("response", "")).strip() or None
        evaluation_service.acknowledge(session=db, viewer=viewer, evaluation_id=evaluation_id,
                                       acknowledgement_in=AcknowledgeIn(response=reply))  # fmt: skip
    except REFUSALS as exc:
        return _refused(request, db, current, evaluation_id, exc, values, "acknowledge")
    return back(evaluation_path(evaluation_id))


@router.post(f"{EVALUATIONS}/{{evaluation_id}}/dispute")
def dispute(request: Request, db: DbSession, current: SignedInForm, evaluation_id: RecordId,
            values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    require_own(viewer)
    try:
        dispute_in = DisputeCreate(reason=str(values.get("reason", "")).strip(),
                                   question_keys=values.get("question_keys", []))  # fmt: skip
        evaluation_service.dispute(session=db, viewer=viewer, evaluation_id=evaluation_id,
                                   dispute_in=dispute_in)  # fmt: skip
    except REFUSALS as exc:
        return _refused(request, db, current, evaluation_id, exc, values, "dispute")
    return back(evaluation_path(evaluation_id))


@router.post(f"{EVALUATIONS}/{{evaluation_id}}/resolve")
def resolve(request: Request, db: DbSession, current: SignedInForm, evaluation_id: RecordId,
            values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    require_arbitrator(viewer)
    detail = evaluation_service.get_evaluation(session=db, viewer=viewer,
                                               evaluation_id=evaluation_id)  # fmt: skip
    try:
        corrected = sheet.answers_in(sheet.from_detail(detail), _changed(values, detail))
        resolution = ResolveIn.model_validate({
            "outcome": values.get("outcome") or None, "answers": corrected,
            "reason": str(values.get("reason", "")).strip(),
        })  # fmt: skip
        evaluation_service.resolve(session=db, viewer=viewer, evaluation_id=evaluation_id,
                                   resolution_in=resolution)  # fmt: skip
    except REFUSALS as exc:
        return _refused(request, db, current, evaluation_id, exc, values, "resolve")
    return back(evaluation_path(evaluation_id))


def _changed(values: dict[str, Any], detail: Any) -> dict[str, Any]:
    """Only the corrected answers that differ from the evaluation's: the resolve form shows
    every answer as it stands, and an unchanged one is no correction."""
    stood = {a.question_key: (a.value if a.value is not None else sheet.NA) for a in detail.answers}
    changed: dict[str, Any] = {}
    for key, now in stood.items():
        given = values.get(f"answer-{key}")
        if isinstance(given, str) and given and given != now:
            changed[f"answer-{key}"] = given
            changed[f"comment-{key}"] = values.get(f"comment-{key}", "")
    return changed
