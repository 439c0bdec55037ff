"""The JSON API for goals: see docs/performance-management.md.

Every read is an export, audited with ids and counts (:mod:`switchboard.web.data_api.exports`);
every write is a people change, audited with ids (``goal_created``, ``goal_updated``…). A
personal goal that fails a SMART criterion answers 422 with every finding, and nothing is saved.
"""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from switchboard.access.viewer import Viewer
from switchboard.domain.kpi import REGISTRY
from switchboard.domain.performance.alignment import Goal as AlignedGoal
from switchboard.domain.performance.alignment import Node
from switchboard.goals import service as goal_service
from switchboard.goals.checking import Reading
from switchboard.goals.models import Goal, GoalReview, GoalState, Level
from switchboard.goals.repository import GoalFilter
from switchboard.goals.schemas import (
    MAX_ID,
    AlignmentRead,
    GoalCreate,
    GoalDetailRead,
    GoalRead,
    GoalRefusedRead,
    GoalSavedRead,
    GoalSummaryRead,
    GoalUpdate,
    InvalidRequestRead,
    ObjectiveNodeRead,
    ProgressRead,
    ReviewRead,
    SmartCheckRead,
    TeamGoalNodeRead,
)
from switchboard.goals.service import AlignmentView, GoalRefusedError
from switchboard.kit.clock import zone
from switchboard.kit.errors import ConflictError
from switchboard.kpis.params import kpi_settings
from switchboard.web.api import API_PREFIX
from switchboard.web.context import web_context
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import Paging
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_json
from switchboard.web.data_api.schemas import ErrorRead, Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["goals"])

_INVALID: dict[int | str, dict[str, Any]] = {
    422: {
        "model": InvalidRequestRead | ErrorRead,
        "description": "A field is missing, malformed or inconsistent with the goal's level and "
        "kind; the answer names it.",
    }
}
_REFUSABLE: dict[int | str, dict[str, Any]] = {
    422: {
        "model": GoalRefusedRead | InvalidRequestRead | ErrorRead,
        "description": "The goal fails a SMART criterion (`check` lists every finding), or a "
        "field is missing, malformed or inconsistent; nothing is saved.",
    }
}
_UNTRACKED: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorRead,
        "description": "Nothing to track: only a personal KPI goal with a baseline and a "
        "deadline is tracked from the data.",
    }
}
GoalId = Annotated[int, Path(ge=1, le=MAX_ID)]


async def reading(request: Request) -> Reading:
    """The centre's KPI variant and timezone, and today there. ``async``: no I/O."""
    settings = web_context(request).settings
    today = datetime.now(zone(settings.timezone)).date()
    return Reading(kpi_settings(settings), settings.timezone, today)


CentreReading = Annotated[Reading, Depends(reading)]


@router.get("/goals", response_model=Page[GoalRead], responses=SCOPED)
def list_goals(
    db: DbSession,
    viewer: CurrentViewer,
    page: Paging,
    level: Level | None = None,
    agent_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="An agent's.")] = None,
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="A team's.")] = None,
    state: GoalState | None = None,
) -> Response:
    """Goals the viewer may see, by id: personal goals of the agents in their reach, the goals
    of teams they see, and the organisation's objectives."""
    where = GoalFilter(level, agent_id, team_id, state)
    found = goal_service.list_goals(session=db, viewer=viewer, where=where, limit=page.limit,
                                    offset=page.offset)  # fmt: skip
    reviews = goal_service.reviews(session=db, goals=found.goals)
    answer = Page[GoalRead](
        items=[GoalRead(**_fields(g, reviews.get(g.id, []))) for g in found.goals],
        next=found.next,
    )
    _export(db, viewer, "goals", rows=len(found.goals), more=found.next is not None,
            level=level, agent_id=agent_id, team_id=team_id, state=state)  # fmt: skip
    return as_json(answer)


@router.post("/goals", status_code=201, response_model=GoalSavedRead,
             responses={**SCOPED, **_REFUSABLE})  # fmt: skip
def create_goal(
    db: DbSession, viewer: CurrentViewer, centre: CentreReading, goal_in: GoalCreate
) -> Response:
    """Set a goal. A personal goal is checked against SMART from the data: its baseline is
    measured over the baseline period, and warnings come back with the saved goal."""
    try:
        saved = goal_service.create(session=db, viewer=viewer, goal_in=goal_in, reading=centre)
    except GoalRefusedError as refused:
        return _refused(db, viewer, refused)
    return _saved(db, saved, status=201)


@router.post("/goals/check", response_model=SmartCheckRead, responses={**SCOPED, **_INVALID})
def check_goal(
    db: DbSession, viewer: CurrentViewer, centre: CentreReading, goal_in: GoalCreate
) -> Response:
    """Check a personal goal against SMART without saving it: every finding, criterion by
    criterion, and the baseline the data gives."""
    checked = goal_service.check(session=db, viewer=viewer, goal_in=goal_in, reading=centre)
    _export(db, viewer, "goal_check", rows=1, agent_id=goal_in.agent_id)
    return as_json(checked.as_read())


@router.get("/goals/alignment", response_model=AlignmentRead, responses=SCOPED)
def goal_alignment(db: DbSession, viewer: CurrentViewer) -> Response:
    """Active objectives, team goals and personal goals the viewer may see, as a tree, with
    the team goals no personal goal supports and the personal goals that support none."""
    view = goal_service.alignment(session=db, viewer=viewer)
    _export(db, viewer, "goal_alignment", rows=len(view.goals))
    return as_json(_alignment_read(view))


@router.get("/goals/{goal_id}", response_model=GoalDetailRead, responses=ONE_RECORD)
def get_goal(
    db: DbSession, viewer: CurrentViewer, centre: CentreReading, goal_id: GoalId
) -> Response:
    """One goal with its reviews, and for a personal KPI goal its progress from the data."""
    goal = goal_service.get(session=db, viewer=viewer, goal_id=goal_id)
    tracked = goal_service.progress(session=db, goal=goal, reading=centre)
    reviews = goal_service.reviews(session=db, goals=[goal]).get(goal.id, [])
    progress = tracked.as_read() if tracked else None
    answer = GoalDetailRead(**_fields(goal, reviews), progress=progress)
    _export(db, viewer, "goals", rows=1, object_id=goal_id)
    return as_json(answer)


@router.patch("/goals/{goal_id}", response_model=GoalSavedRead,
              responses={**ONE_RECORD, **_REFUSABLE})  # fmt: skip
def update_goal(
    db: DbSession, viewer: CurrentViewer, centre: CentreReading, goal_id: GoalId,
    goal_in: GoalUpdate,
) -> Response:  # fmt: skip
    """Change a goal, or close it with `{"state": "closed"}`. A personal goal is checked
    against SMART again when the change touches what the check looks at."""
    try:
        saved = goal_service.update(session=db, viewer=viewer, goal_id=goal_id, goal_in=goal_in,
                                    reading=centre)  # fmt: skip
    except GoalRefusedError as refused:
        return _refused(db, viewer, refused)
    return _saved(db, saved, status=200)


@router.get("/goals/{goal_id}/progress", response_model=ProgressRead,
            responses={**ONE_RECORD, **_UNTRACKED})  # fmt: skip
def goal_progress(
    db: DbSession, viewer: CurrentViewer, centre: CentreReading, goal_id: GoalId
) -> Response:
    """Where a personal KPI goal stands: achieved, missed, on track or at risk, from weekly
    observations since the baseline, with the trend projected to the deadline."""
    goal = goal_service.get(session=db, viewer=viewer, goal_id=goal_id)
    tracked = goal_service.progress(session=db, goal=goal, reading=centre)
    if tracked is None:
        raise ConflictError("only a personal KPI goal with a baseline and a deadline is tracked")
    answer = tracked.as_read()
    _export(db, viewer, "goal_progress", rows=1, object_id=goal_id)
    return as_json(answer)


def _fields(goal: Goal, reviews: list[GoalReview]) -> dict[str, Any]:
    stored = {name: getattr(goal, name) for name in GoalRead.model_fields
              if name not in ("unit", "reviews")}  # fmt: skip
    unit = REGISTRY[goal.kpi].unit.value if goal.kpi in REGISTRY else None
    kept = [ReviewRead(due_on=r.due_on, note=r.note, reviewed_at=r.reviewed_at) for r in reviews]
    return {**stored, "unit": unit, "reviews": kept}


def _saved(db: Session, saved: goal_service.Saved, *, status: int) -> Response:
    reviews = goal_service.reviews(session=db, goals=[saved.goal]).get(saved.goal.id, [])
    check = saved.check.as_read() if saved.check else None
    answer = GoalSavedRead(**_fields(saved.goal, reviews), check=check)
    return _json(answer, status)


def _refused(db: Session, viewer: Viewer, refused: GoalRefusedError) -> Response:
    """422 with every finding. The findings carry the agent's baseline, so the answer is an
    export like any read; the request's work is rolled back, though nothing was written."""
    db.rollback()
    answer = GoalRefusedRead(detail=refused.message, check=refused.checked.as_read())
    _export(db, viewer, "goal_check", rows=1, agent_id=refused.agent_id)
    return _json(answer, 422)


def _export(
    db: Session, viewer: Viewer, object_type: str, *, rows: int, object_id: int | None = None,
    **details: int | bool | str | None,
) -> None:  # fmt: skip
    """The answer's export audit row, with the ids and filters it was asked for (those given)."""
    given = {name: value for name, value in details.items() if value is not None}
    exports.record(db, viewer, object_type, rows=rows, object_id=object_id, **given)


def _json(answer: BaseModel, status: int) -> Response:
    return Response(answer.model_dump_json(), status_code=status, media_type="application/json")


def _alignment_read(view: AlignmentView) -> AlignmentRead:
    def summary(goal: AlignedGoal) -> GoalSummaryRead:
        return GoalSummaryRead.model_validate(view.goals[goal.id])

    def team(node: Node) -> TeamGoalNodeRead:
        supporters = [summary(child.goal) for child in node.children]
        return TeamGoalNodeRead(goal=summary(node.goal), personal_goals=supporters)

    tree = view.tree
    return AlignmentRead(
        objectives=[ObjectiveNodeRead(goal=summary(o.goal), team_goals=[team(t) for t in o.children])
                    for o in tree.objectives],
        unattached_team_goals=[team(node) for node in tree.unattached_team_goals],
        unsupported_team_goals=[summary(goal) for goal in tree.unsupported_team_goals],
        unlinked_personal_goals=[summary(goal) for goal in tree.unlinked_personal_goals],
        coverage=tree.coverage,
    )  # fmt: skip
