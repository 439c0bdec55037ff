"""Every query of the quality reports.

Each read counts scored (submitted and later) regular evaluations only: calibration scores and
drafts never reach a report. ``scope`` is the viewer's ``agent_filter`` over the evaluated agent,
or None for the store's own rights (the CLI).
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal_column, select
from sqlalchemy.orm import Session

from switchboard.domain.quality.lifecycle import SCORED, AssignmentStatus, EvaluationKind, Status
from switchboard.evaluations.models import Evaluation, EvaluationAnswer
from switchboard.interactions.models import Interaction
from switchboard.kpis import sql
from switchboard.people.models import Agent, Queue, Team, User
from switchboard.sampling.models import Assignment
from switchboard.scorecards.models import Scorecard, ScorecardVersion

E = Evaluation
Scope = ColumnElement[bool] | None
AnySelect = Select[*tuple[Any, ...]]


def _counted(scope: Scope, start: datetime | None, end: datetime | None,
             scorecard_id: int | None = None) -> list[ColumnElement[bool]]:  # fmt: skip
    where = [E.status.in_(sorted(SCORED)), E.kind == EvaluationKind.REGULAR]
    if scope is not None:
        where.append(scope)
    if start is not None:
        where.append(E.contact_at >= start)
    if end is not None:
        where.append(E.contact_at < end)
    if scorecard_id is not None:
        versions = select(ScorecardVersion.id).where(ScorecardVersion.scorecard_id == scorecard_id)
        where.append(E.version_id.in_(versions))
    return where


def contact_span(
    session: Session, start: datetime | None, end: datetime | None
) -> tuple[datetime | None, datetime | None]:
    """The earliest and latest evaluated contact in the range, of any evaluation: an open
    range's edges. Two queries, because each alone is one step down the ``contact_at`` index
    (a min and a max together, or any other condition, would scan every evaluation)."""
    where = [E.contact_at >= start] if start is not None else []
    where += [E.contact_at < end] if end is not None else []
    first = session.scalar(select(func.min(E.contact_at)).where(*where))
    last = session.scalar(select(func.max(E.contact_at)).where(*where))
    return first, last


# --- trend ------------------------------------------------------------------------------------


def period_index(column: Any, bounds: Sequence[datetime]) -> ColumnElement[int]:
    """Which period ``column`` falls in, given each period's start (``bounds``, ascending): a
    binary search as nested CASE, so each row costs log₂(periods) comparisons in SQL."""

    def search(low: int, high: int) -> ColumnElement[int]:
        if low == high:
            return literal_column(str(low))
        middle = (low + high + 1) // 2
        return case((column < bounds[middle], search(low, middle - 1)), else_=search(middle, high))

    return search(0, len(bounds) - 1)


def trend(
    session: Session, *, scope: Scope, bounds: Sequence[datetime], start: datetime,
    end: datetime, by: str | None, scorecard_id: int | None,
) -> list[Any]:  # fmt: skip
    """(group id, period index, evaluations, scored, score sum, auto-failed, with compliance,
    compliance passed) per group and period; ``bounds`` are the periods' starts."""
    group: Any = {"agent": E.agent_id, "team": Agent.team_id}.get(by or "", literal_column("0"))
    inner = select(group.label("grp"), period_index(E.contact_at, bounds).label("period"),
                   E.score, E.auto_failed, E.compliance_passed)  # fmt: skip
    if by == "team":
        inner = inner.join(Agent, Agent.id == E.agent_id)
    rows = inner.where(*_counted(scope, start, end, scorecard_id)).subquery()
    # Grouped outside: PostgreSQL would not match a GROUP BY repeating the CASE's parameters.
    query = select(
        rows.c.grp, rows.c.period, func.count(), func.count(rows.c.score), func.sum(rows.c.score),
        sql.count_if(rows.c.auto_failed.is_(True)), func.count(rows.c.compliance_passed),
        sql.count_if(rows.c.compliance_passed.is_(True)),
    ).group_by(rows.c.grp, rows.c.period)  # fmt: skip
    return list(session.execute(query))


def names(session: Session, by: str | None, ids: set[int]) -> dict[int, str]:
    if by not in ("agent", "team") or not ids:
        return {}
    table: Any = Agent if by == "agent" else Team
    label = Agent.display_name if by == "agent" else Team.name
    return dict(session.execute(select(table.id, label).where(table.id.in_(sorted(ids)))).all())


# --- failed questions -------------------------------------------------------------------------


def failed_questions(
    session: Session, *, scope: Scope, start: datetime | None, end: datetime | None,
    scorecard_id: int | None,
) -> list[Any]:  # fmt: skip
    """(version id, question key, answered, failed, points lost) over answers not N/A."""
    a = EvaluationAnswer
    answered = a.earned.is_not(None)
    lost = case((a.possible > a.earned, a.possible - a.earned), else_=0.0)
    failed = sql.count_if(answered & a.failed.is_(True))
    query = (
        select(E.version_id, a.question_key, func.count(a.earned), failed, func.sum(lost))
        .join(E, E.id == a.evaluation_id)
        .where(answered, *_counted(scope, start, end, scorecard_id))
        .group_by(E.version_id, a.question_key)
    )
    return list(session.execute(query))


def versions(session: Session, ids: set[int]) -> list[Any]:
    """(version id, version number, definition, scorecard id, scorecard name)."""
    v = ScorecardVersion
    query = select(v.id, v.version, v.definition, Scorecard.id, Scorecard.name).join(
        Scorecard, Scorecard.id == v.scorecard_id
    )
    return list(session.execute(query.where(v.id.in_(sorted(ids)))))


# --- compliance failures ----------------------------------------------------------------------


def compliance_failures(
    session: Session, *, scope: Scope, start: datetime | None, end: datetime | None,
    agent_id: int | None, limit: int, offset: int,
) -> tuple[list[Any], int | None]:  # fmt: skip
    """Evaluations that failed compliance, newest contact first, one page and the next offset."""
    i = Interaction
    columns = (E.id.label("evaluation_id"), E.interaction_id, i.contact_ref, E.contact_at,
               E.agent_id, Agent.display_name.label("agent"), Queue.name.label("queue"),
               E.evaluator_user_id, User.display_name.label("evaluator"), E.status,
               E.compliance_score, E.version_id)  # fmt: skip
    query = (
        select(*columns)
        .join(i, i.id == E.interaction_id)
        .join(Queue, Queue.id == i.queue_id, isouter=True)
        .join(Agent, Agent.id == E.agent_id)
        .join(User, User.id == E.evaluator_user_id)
        .where(E.compliance_passed.is_(False), *_counted(scope, start, end))
    )
    if agent_id is not None:
        query = query.where(E.agent_id == agent_id)
    query = query.order_by(E.contact_at.desc(), E.id.desc()).limit(limit + 1).offset(offset)
    rows = list(session.execute(query))
    return rows[:limit], offset + limit if len(rows) > limit else None


def answers_short_of_full(session: Session, evaluation_ids: Sequence[int]) -> list[Any]:
    """(evaluation id, question key) of answered questions that failed or lost points."""
    a = EvaluationAnswer
    short = a.failed.is_(True) | (a.earned < a.possible)
    query = select(a.evaluation_id, a.question_key).where(
        a.evaluation_id.in_(sorted(evaluation_ids)), a.earned.is_not(None), short
    )
    return list(session.execute(query.order_by(a.evaluation_id, a.question_key)))


# --- evaluator workload -----------------------------------------------------------------------


def submitted(
    session: Session, *, scope: Scope, start: datetime | None, end: datetime | None
) -> list[Any]:
    """(evaluator, hours from contact to submission, hours from assignment to submission or
    None) of regular evaluations submitted in the range."""
    a = Assignment
    to_submit = sql.seconds_between(E.contact_at, E.submitted_at) / 3600.0
    from_assignment = sql.seconds_between(a.created_at, E.submitted_at) / 3600.0
    query = select(E.evaluator_user_id, to_submit, from_assignment).join(
        a, a.id == E.assignment_id, isouter=True
    )
    where = [E.kind == EvaluationKind.REGULAR, E.submitted_at.is_not(None)]
    where += [E.submitted_at >= start] if start is not None else []
    where += [E.submitted_at < end] if end is not None else []
    return list(session.execute(_scoped(query.where(*where), scope)))


def drafts_open(session: Session, *, scope: Scope) -> dict[int, int]:
    query = select(E.evaluator_user_id, func.count()).where(
        E.status == Status.DRAFT, E.kind == EvaluationKind.REGULAR
    )
    rows = session.execute(_scoped(query, scope).group_by(E.evaluator_user_id))
    return {evaluator: count for evaluator, count in rows}


def assignments_open(
    session: Session, *, scope: ColumnElement[bool] | None, now: datetime
) -> list[Any]:
    """(evaluator, open assignments, of them overdue) now."""
    a = Assignment
    query = select(a.evaluator_user_id, func.count(), sql.count_if(a.due_at < now)).where(
        a.status == AssignmentStatus.OPEN
    )
    if scope is not None:
        query = query.where(scope)
    return list(session.execute(query.group_by(a.evaluator_user_id)))


def user_names(session: Session, ids: set[int]) -> dict[int, str]:
    query = select(User.id, User.display_name).where(User.id.in_(sorted(ids)))
    return dict(session.execute(query).all())


def _scoped(query: AnySelect, scope: Scope) -> AnySelect:
    return query if scope is None else query.where(scope)
