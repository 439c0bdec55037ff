"""The JSON API for sampling: see docs/quality.md.

Rules are the centre's settings, not people data: quality editors keep them and compliance
reads them. Assignments name an agent, so reading them is an audited export scoped by the
viewer's ``evaluations`` reach; runs and cancellations are audited by the service.
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from switchboard.domain.quality.lifecycle import AssignmentStatus
from switchboard.feedback.api import CHANGE
from switchboard.feedback.schemas import MAX_ID
from switchboard.sampling import service as sampling_service
from switchboard.sampling.repository import AssignmentFilter
from switchboard.sampling.schemas import (
    AssignmentRead,
    SamplingRuleCreate,
    SamplingRuleRead,
    SamplingRuleUpdate,
    SamplingRunCreate,
    SamplingRunRead,
)
from switchboard.web.api import API_PREFIX
from switchboard.web.context import web_context
from switchboard.web.data_api import exports
from switchboard.web.data_api.params import AgentId, Paging
from switchboard.web.data_api.refusals import refused_fields
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import SCOPED, as_created_json, as_json
from switchboard.web.data_api.schemas import ErrorRead, Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["sampling"])
RuleId = Annotated[int, Path(ge=1, le=MAX_ID)]
AssignmentId = Annotated[int, Path(ge=1, le=MAX_ID)]
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ErrorRead,
        "description": "Another rule has that name, or the record's "
        "status does not allow the change.",
    },
}
RULE_CHANGE = {**CHANGE, **CONFLICT}


@router.get("/sampling-rules", response_model=list[SamplingRuleRead], responses=SCOPED)
def list_rules(db: DbSession, viewer: CurrentViewer) -> list[SamplingRuleRead]:
    """Every sampling rule, active or not, oldest first."""
    return sampling_service.list_rules(session=db, viewer=viewer)


@router.post("/sampling-rules", response_model=SamplingRuleRead, status_code=201,
             responses=RULE_CHANGE)  # fmt: skip
def create_rule(db: DbSession, viewer: CurrentViewer, rule_in: SamplingRuleCreate) -> Response:
    """A rule that picks contacts each week; `threshold` applies to `low_csat` and
    `new_starter` only."""
    with refused_fields():
        answer = sampling_service.create_rule(session=db, viewer=viewer, rule_in=rule_in)
    return as_created_json(answer)


@router.get("/sampling-rules/{rule_id}", response_model=SamplingRuleRead, responses=CHANGE)
def get_rule(db: DbSession, viewer: CurrentViewer, rule_id: RuleId) -> Response:
    return as_json(sampling_service.get_rule(session=db, viewer=viewer, rule_id=rule_id))


@router.put("/sampling-rules/{rule_id}", response_model=SamplingRuleRead, responses=RULE_CHANGE)
def update_rule(
    db: DbSession, viewer: CurrentViewer, rule_id: RuleId, rule_in: SamplingRuleUpdate
) -> Response:
    with refused_fields():
        answer = sampling_service.update_rule(
            session=db, viewer=viewer, rule_id=rule_id, rule_in=rule_in
        )
    return as_json(answer)


@router.delete("/sampling-rules/{rule_id}", response_model=SamplingRuleRead, responses=CHANGE)
def deactivate_rule(db: DbSession, viewer: CurrentViewer, rule_id: RuleId) -> Response:
    """Deactivates the rule, which is kept: its assignments still say which rule picked them."""
    return as_json(sampling_service.deactivate_rule(session=db, viewer=viewer, rule_id=rule_id))


@router.post("/sampling-runs", response_model=SamplingRunRead, responses=CHANGE)
def run_sampling(
    request: Request, db: DbSession, viewer: CurrentViewer, run_in: SamplingRunCreate
) -> Response:
    """Run the active rules over a week and write the new assignments. Running the same week
    again adds only what is missing (nothing, if nothing changed)."""
    timezone = web_context(request).settings.timezone
    with refused_fields():
        answer = sampling_service.run_sampling(
            session=db, viewer=viewer, week_start=run_in.week_start, seed=run_in.seed,
            timezone=timezone,
        )  # fmt: skip
    return as_json(answer)


@router.get("/assignments", response_model=Page[AssignmentRead], responses=SCOPED)
def list_assignments(
    db: DbSession,
    viewer: CurrentViewer,
    page: Paging,
    evaluator_user_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    status: AssignmentStatus | None = None,
    week_start: date | None = None,
    agent_id: AgentId | None = None,
    everyone: Annotated[
        bool, Query(description="Quality editors: every evaluator's, not only your own.")
    ] = False,
) -> Response:
    """Evaluation assignments, soonest due first. A quality editor sees their own unless they
    name an evaluator or ask for `everyone`; other roles see those of the agents in reach."""
    where = AssignmentFilter(evaluator_user_id, status, week_start, agent_id)
    rows, following = sampling_service.list_assignments(
        session=db, viewer=viewer, where=where, everyone=everyone, limit=page.limit,
        offset=page.offset,
    )  # fmt: skip
    return exports.page(db, viewer, "evaluation_assignments", Found(rows, following),
                        AssignmentRead, agent_id=agent_id, evaluator_user_id=evaluator_user_id)  # fmt: skip


@router.post("/assignments/{assignment_id}/cancel", response_model=AssignmentRead,
             responses=RULE_CHANGE)  # fmt: skip
def cancel_assignment(
    db: DbSession, viewer: CurrentViewer, assignment_id: AssignmentId
) -> Response:
    """Cancel an open assignment (quality editors); its contact is not picked again."""
    answer = sampling_service.cancel_assignment(
        session=db, viewer=viewer, assignment_id=assignment_id
    )
    return as_json(answer)
