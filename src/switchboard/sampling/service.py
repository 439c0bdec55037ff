"""Sampling use cases: keep the rules, run them over a week, and read or cancel what they made.

A run reads the week's answered inbound contacts (Monday 00:00 to the next Monday 00:00 in the
centre's timezone), lets the domain pick contacts by the active rules and spread them over the
active quality analysts, and writes one assignment per pick, due at the end of the following
week. An assignment is unique per contact and scorecard, and the contacts already assigned
count towards their rule's quota, so running a week again only tops up what is missing.

A complaint is a contact whose disposition contains "complaint" (any case), until complaints
have records of their own. Services never commit.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from switchboard.access.policy import QUALITY_EDITORS, Kind, require, require_role
from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.domain.quality import sampling as domain
from switchboard.domain.quality.lifecycle import AssignmentStatus, Reason
from switchboard.kit.clock import zone
from switchboard.kit.errors import ConflictError, FieldError, NotFoundError, Problem
from switchboard.people.models import Role
from switchboard.sampling import repository as repo
from switchboard.sampling.models import Assignment, SamplingRule
from switchboard.sampling.repository import AssignmentFilter, ContactRow
from switchboard.sampling.schemas import (
    AssignmentRead,
    EvaluatorLoadRead,
    SamplingRuleCreate,
    SamplingRuleRead,
    SamplingRuleUpdate,
    SamplingRunRead,
)

RULE_READERS = QUALITY_EDITORS | {Role.COMPLIANCE}
"""Compliance reads the rules, to see what is sampled and why, but does not change them."""
REASON_ORDER = (Reason.COMPLAINT, Reason.LOW_CSAT, Reason.LONG_HANDLE, Reason.TRANSFER,
                Reason.NEW_STARTER, Reason.RANDOM)  # fmt: skip
"""Targeted rules first, the most serious first: a contact goes to the first rule that picks
it, so the reason recorded is the strongest one, and random picks never use up a target."""
COMPLAINT_WORD = "complaint"


# --- rules ------------------------------------------------------------------------------------


def list_rules(*, session: Session, viewer: Viewer) -> list[SamplingRuleRead]:
    require_role(viewer, RULE_READERS, "read sampling rules")
    return [SamplingRuleRead.model_validate(r) for r in repo.rules(session)]


def get_rule(*, session: Session, viewer: Viewer, rule_id: int) -> SamplingRuleRead:
    require_role(viewer, RULE_READERS, "read sampling rules")
    return SamplingRuleRead.model_validate(_rule(session, rule_id))


def _rule(session: Session, rule_id: int) -> SamplingRule:
    found = repo.rule(session, rule_id)
    if found is None:
        raise NotFoundError("no such sampling rule")
    return found


def create_rule(
    *, session: Session, viewer: Viewer, rule_in: SamplingRuleCreate
) -> SamplingRuleRead:
    require_role(viewer, QUALITY_EDITORS, "set sampling rules")
    _check(session, rule_in, None)
    record = SamplingRule(**rule_in.model_dump())
    repo.add_rule(session, record)
    _audit(session, viewer, record, "sampling_rule_created")
    return SamplingRuleRead.model_validate(record)


def update_rule(
    *, session: Session, viewer: Viewer, rule_id: int, rule_in: SamplingRuleUpdate
) -> SamplingRuleRead:
    require_role(viewer, QUALITY_EDITORS, "set sampling rules")
    record = _rule(session, rule_id)
    _check(session, rule_in, rule_id)
    for field, value in rule_in.model_dump().items():
        setattr(record, field, value)
    repo.save_rule(session, record)
    _audit(session, viewer, record, "sampling_rule_changed")
    return SamplingRuleRead.model_validate(record)


def deactivate_rule(*, session: Session, viewer: Viewer, rule_id: int) -> SamplingRuleRead:
    """Deactivate rather than delete: the assignments it made keep saying which rule and why."""
    require_role(viewer, QUALITY_EDITORS, "set sampling rules")
    record = _rule(session, rule_id)
    record.active = False
    session.flush()
    _audit(session, viewer, record, "sampling_rule_deactivated")
    return SamplingRuleRead.model_validate(record)


def _check(
    session: Session, rule_in: SamplingRuleCreate | SamplingRuleUpdate, rule_id: int | None
) -> None:
    problems = []
    if not repo.scorecard_exists(session, rule_in.scorecard_id):
        problems.append(Problem("scorecard_id", "no such scorecard"))
    if rule_in.queue_id is not None and not repo.queue_exists(session, rule_in.queue_id):
        problems.append(Problem("queue_id", "no such queue"))
    if problems:
        raise FieldError(problems)
    same_name = repo.rule_named(session, rule_in.name)
    if same_name is not None and same_name.id != rule_id:
        raise ConflictError(f"a sampling rule is already named {rule_in.name!r}")


def _audit(session: Session, viewer: Viewer, record: SamplingRule, change: str) -> None:
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="sampling_rule", object_id=record.id,
        change=change, scorecard_id=record.scorecard_id, active=record.active,
    )  # fmt: skip


# --- a run ------------------------------------------------------------------------------------


def default_seed(week_start: date) -> int:
    """The week's Monday as YYYYMMDD: a re-run of the week draws the same contacts."""
    return int(week_start.strftime("%Y%m%d"))


def week_bounds(week_start: date, timezone: str) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 in the centre's timezone; 422 naming
    ``week_start`` when it is not a Monday."""
    if week_start.weekday() != 0:
        raise FieldError.one("week_start", f"{week_start.isoformat()} is a "
                             f"{week_start.strftime('%A')}: give the week's Monday")  # fmt: skip
    tz = zone(timezone)
    start = datetime.combine(week_start, time(), tz)
    return start, datetime.combine(week_start + timedelta(days=7), time(), tz)


def run_sampling(
    *, session: Session, viewer: Viewer, week_start: date, seed: int | None, timezone: str
) -> SamplingRunRead:
    require_role(viewer, QUALITY_EDITORS, "run sampling")
    return sample_week(session=session, week_start=week_start, seed=seed, timezone=timezone,
                       actor_user_id=viewer.user_id)  # fmt: skip


def sample_week(
    *, session: Session, week_start: date, seed: int | None, timezone: str,
    actor_user_id: int | None,
) -> SamplingRunRead:  # fmt: skip
    """Run the active rules over the week and write the new assignments (see the module's
    docstring). ``actor_user_id`` is None for the command line.

    Two runs at once take turns: each first locks the rows of the scorecards it samples on,
    so the second waits, then reads the first one's assignments and the evaluators' load as
    committed, and only tops up. Should one still meet the other's assignment (a rule switched
    on between them), it answers 409: run again."""
    start, end = week_bounds(week_start, timezone)
    repo.lock_sampled_scorecards(session)
    seed = default_seed(week_start) if seed is None else seed
    rows = repo.week_contacts(session, start, end)
    candidates = [_candidate(row, timezone) for row in rows]
    evaluators = [
        domain.Evaluator(user_id, agent_id) for user_id, agent_id in repo.evaluators(session)
    ]
    load = repo.open_load(session)
    before = dict(load)
    made: list[Assignment] = []
    unassignable = 0
    due_at = datetime.combine(week_start + timedelta(days=14), time(), zone(timezone))
    for scorecard_id, rules in _rules_by_scorecard(repo.active_rules(session)).items():
        already = repo.assigned_in_week(session, scorecard_id, start, end)
        picks = domain.select(candidates, rules, seed=seed, already=already)
        allocation = domain.assign(picks, evaluators, seed=seed, load=load)
        unassignable += len(allocation.unassignable)
        for given in allocation.assignments:
            load[given.user_id] = load.get(given.user_id, 0) + 1
            made.append(_assignment(given, scorecard_id, week_start, due_at))
    repo.add_assignments(session, made)
    audit_service.record_people_change(
        session, actor_user_id=actor_user_id, object_type="sampling_run",
        object_id=week_start.isoformat(), change="assignments_made", seed=seed, made=len(made),
        unassignable=unassignable,
    )  # fmt: skip
    return _summary(week_start, seed, len(rows), made, evaluators, before, unassignable)


def _candidate(row: ContactRow, timezone: str) -> domain.Candidate:
    local_day = row.arrived_at.astimezone(zone(timezone)).date()
    started = None if row.started_on is None else (local_day - row.started_on).days
    return domain.Candidate(
        interaction_id=row.interaction_id, agent_id=row.agent_id, queue_id=row.queue_id,
        handle_seconds=row.handle_seconds, csat=row.csat,
        complaint=COMPLAINT_WORD in (row.disposition or "").casefold(),
        transferred=row.transferred, agent_started_days=started,
    )  # fmt: skip


def _rules_by_scorecard(rules: Sequence[SamplingRule]) -> dict[int, list[domain.Rule]]:
    """Each scorecard's rules in :data:`REASON_ORDER`, then by id. An assignment is unique per
    contact and scorecard, so each scorecard is sampled on its own."""
    grouped: dict[int, list[domain.Rule]] = defaultdict(list)
    ordered = sorted(rules, key=lambda r: (r.scorecard_id, REASON_ORDER.index(r.reason), r.id))
    for r in ordered:
        grouped[r.scorecard_id].append(
            domain.Rule(
                r.id, r.reason, per_agent=r.per_agent, queue_id=r.queue_id, threshold=r.threshold
            )
        )
    return dict(grouped)


def _assignment(
    given: domain.Assignment, scorecard_id: int, week_start: date, due_at: datetime
) -> Assignment:
    pick = given.pick
    return Assignment(
        rule_id=pick.rule_id, scorecard_id=scorecard_id, interaction_id=pick.interaction_id,
        agent_id=pick.agent_id, evaluator_user_id=given.user_id, week_start=week_start,
        reason=pick.reason, status=AssignmentStatus.OPEN, due_at=due_at,
    )  # fmt: skip


def _summary(
    week_start: date, seed: int, candidates: int, made: Sequence[Assignment],
    evaluators: Sequence[domain.Evaluator], before: dict[int, int], unassignable: int,
) -> SamplingRunRead:  # fmt: skip
    reasons = Counter(a.reason for a in made)
    given = Counter(a.evaluator_user_id for a in made)
    return SamplingRunRead(
        week_start=week_start, seed=seed, candidates=candidates, picked=len(made),
        by_reason={reason.value: reasons[reason] for reason in REASON_ORDER},
        by_evaluator=[
            EvaluatorLoadRead(user_id=e.user_id, assigned=given[e.user_id],
                              open=before.get(e.user_id, 0) + given[e.user_id])
            for e in sorted(evaluators, key=lambda e: e.user_id)
        ],
        unassignable=unassignable,
    )  # fmt: skip


# --- assignments ------------------------------------------------------------------------------


def list_assignments(
    *, session: Session, viewer: Viewer, where: AssignmentFilter, everyone: bool,
    limit: int, offset: int,
) -> tuple[list[AssignmentRead], int | None]:  # fmt: skip
    """One page of the assignments the viewer may see. A quality editor sees their own unless
    they name an evaluator or ask for ``everyone``'s; others see those of agents in reach."""
    require(viewer, Kind.EVALUATIONS)
    own = viewer.role in QUALITY_EDITORS and where.evaluator_user_id is None and not everyone
    if own:
        where = AssignmentFilter(viewer.user_id, where.status, where.week_start, where.agent_id)
    rows, following = repo.assignments_page(session, viewer, where, limit, offset)
    return [AssignmentRead.model_validate(r) for r in rows], following


def cancel_assignment(*, session: Session, viewer: Viewer, assignment_id: int) -> AssignmentRead:
    """Cancel an open assignment; it keeps its contact, so sampling never picks it again."""
    require(viewer, Kind.EVALUATIONS)
    record = repo.assignment(session, viewer, assignment_id)
    if record is None:
        raise NotFoundError("no such assignment")
    require_role(viewer, QUALITY_EDITORS, "cancel assignments")
    if record.status is not AssignmentStatus.OPEN:
        raise ConflictError(f"the assignment is {record.status.value}: only an open one can be "
                            "cancelled")  # fmt: skip
    record.status = AssignmentStatus.CANCELLED
    session.flush()
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="evaluation_assignment",
        object_id=record.id, change="assignment_cancelled", agent_id=record.agent_id,
    )  # fmt: skip
    return AssignmentRead.model_validate(record)
