"""Every query of evaluations. :func:`visible` is who reads which evaluation, and every read
here applies it:

- regular evaluations through their agent's evaluations scope, drafts only for the quality
  editors (an agent, their team leader and their manager see it once it is submitted);
- calibration evaluations never through the agent's scope: their evaluator sees their own,
  and the quality editors see a session's once it is closed (scored blind until then);
- and every evaluator their own.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, exists, false, or_, select, true
from sqlalchemy.orm import Session

from switchboard.access.policy import QUALITY_EDITORS, Kind
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.calibration.models import (
    CalibrationInteraction,
    CalibrationParticipant,
    CalibrationSession,
)
from switchboard.domain.quality.lifecycle import EvaluationKind, SessionStatus, Status
from switchboard.evaluations.models import (
    Dispute,
    Evaluation,
    EvaluationAnswer,
    EvaluationInteraction,
    ScoreChange,
)
from switchboard.feedback.repository import page_of
from switchboard.interactions.models import Interaction, InteractionText
from switchboard.people.models import Queue
from switchboard.sampling.models import Assignment
from switchboard.scorecards.models import Scorecard, ScorecardVersion
from switchboard.scorecards.repository import hold_writes, unique_or_conflict


def visible(viewer: Viewer) -> ColumnElement[bool]:
    e = Evaluation
    editor = viewer.role in QUALITY_EDITORS
    regular = and_(
        e.kind == EvaluationKind.REGULAR,
        agent_filter(viewer, Kind.EVALUATIONS, e.agent_id),
        true() if editor else e.status != Status.DRAFT,
    )
    closed = exists().where(
        CalibrationSession.id == e.calibration_session_id,
        CalibrationSession.status == SessionStatus.CLOSED,
    )
    calibration = and_(e.kind == EvaluationKind.CALIBRATION, closed) if editor else false()
    return or_(e.evaluator_user_id == viewer.user_id, regular, calibration)


@dataclass(frozen=True)
class EvaluationFilter:
    agent_id: int | None = None
    evaluator_user_id: int | None = None
    status: Status | None = None
    kind: EvaluationKind | None = None
    start: datetime | None = None
    """The contact arrived at or after ``start`` and before ``end``."""
    end: datetime | None = None
    calibration_session_id: int | None = None
    statuses: frozenset[Status] | None = None
    """Any of these statuses (with ``status`` too, both must hold)."""
    not_agent_id: int | None = None
    """Leave out this agent's evaluations (a team leader's own, in their team's list)."""
    not_evaluator_user_id: int | None = None
    """Leave out this evaluator's (an arbitrator never resolves their own)."""


def evaluation_page(
    session: Session, viewer: Viewer, where: EvaluationFilter, limit: int, offset: int
) -> tuple[list[Evaluation], int | None]:
    """The latest contacts first."""
    e = Evaluation
    query = select(e).where(visible(viewer), *_conditions(where))
    return page_of(session, query.order_by(e.contact_at.desc(), e.id.desc()), limit, offset)


def _conditions(where: EvaluationFilter) -> list[ColumnElement[bool]]:
    e = Evaluation
    pairs = [(e.agent_id, where.agent_id), (e.evaluator_user_id, where.evaluator_user_id),
             (e.status, where.status), (e.kind, where.kind),
             (e.calibration_session_id, where.calibration_session_id)]  # fmt: skip
    found: list[ColumnElement[bool]] = [column == value for column, value in pairs
                                        if value is not None]  # fmt: skip
    if where.statuses is not None:
        found.append(e.status.in_(sorted(where.statuses)))
    # Both columns are never null, so "!=" keeps every other row.
    if where.not_agent_id is not None:
        found.append(e.agent_id != where.not_agent_id)
    if where.not_evaluator_user_id is not None:
        found.append(e.evaluator_user_id != where.not_evaluator_user_id)
    if where.start is not None:
        found.append(e.contact_at >= where.start)
    if where.end is not None:
        found.append(e.contact_at < where.end)
    return found


def one(session: Session, viewer: Viewer, evaluation_id: int) -> Evaluation | None:
    """The evaluation, or None when there is none or the viewer may not see it: one answer."""
    query = select(Evaluation).where(Evaluation.id == evaluation_id, visible(viewer))
    return session.scalar(query)


def locked(session: Session, viewer: Viewer, evaluation_id: int) -> Evaluation | None:
    """:func:`one`, its row held until the transaction ends (:func:`hold_writes`) and read
    afresh, for a change of status: a concurrent change waits here, then sees the status
    this one left, so two arbitrators never both resolve one dispute."""
    hold_writes(session)
    query = select(Evaluation).where(Evaluation.id == evaluation_id, visible(viewer))
    query = query.with_for_update(of=Evaluation).execution_options(populate_existing=True)
    return session.scalar(query)


def add(
    session: Session, evaluation: Evaluation, interaction_ids: Sequence[int], *, taken: str
) -> None:
    """409 with ``taken`` when a concurrent request has just made the same evaluation (the
    evaluator's of this contact on this version or in this session) or one on the assignment."""
    with unique_or_conflict(session, taken):
        session.add(evaluation)
    session.add_all(
        EvaluationInteraction(evaluation_id=evaluation.id, interaction_id=interaction_id)
        for interaction_id in interaction_ids
    )
    session.flush()


# --- answers, history and disputes ------------------------------------------------------------


def answers(session: Session, evaluation_id: int) -> dict[str, EvaluationAnswer]:
    query = select(EvaluationAnswer).where(EvaluationAnswer.evaluation_id == evaluation_id)
    return {a.question_key: a for a in session.scalars(query)}


def replace_answers(
    session: Session, evaluation_id: int, rows: Collection[EvaluationAnswer]
) -> None:
    """Drop the stored answers and keep ``rows`` instead (the ORM delete takes the old rows
    out of the session too, so the new ones may reuse their keys)."""
    session.execute(delete(EvaluationAnswer).where(EvaluationAnswer.evaluation_id == evaluation_id))
    session.add_all(rows)
    session.flush()


def thread_ids(session: Session, evaluation_id: int) -> list[int]:
    link = EvaluationInteraction
    query = select(link.interaction_id).where(link.evaluation_id == evaluation_id)
    return list(session.scalars(query.order_by(link.interaction_id)))


def score_changes(session: Session, evaluation_id: int) -> list[ScoreChange]:
    c = ScoreChange
    query = select(c).where(c.evaluation_id == evaluation_id).order_by(c.changed_at, c.id)
    return list(session.scalars(query))


def dispute(session: Session, evaluation_id: int) -> Dispute | None:
    return session.scalar(select(Dispute).where(Dispute.evaluation_id == evaluation_id))


# --- what an evaluation refers to -------------------------------------------------------------


def version(session: Session, version_id: int) -> tuple[ScorecardVersion, str] | None:
    """The version and its scorecard's name."""
    query = (
        select(ScorecardVersion, Scorecard.name)
        .join(Scorecard, Scorecard.id == ScorecardVersion.scorecard_id)
        .where(ScorecardVersion.id == version_id)
    )
    row = session.execute(query).one_or_none()
    return None if row is None else (row[0], row[1])


def interactions(session: Session, ids: Collection[int]) -> dict[int, Interaction]:
    query = select(Interaction).where(Interaction.id.in_(sorted(ids)))
    return {i.id: i for i in session.scalars(query)}


def assignment(session: Session, assignment_id: int) -> Assignment | None:
    return session.get(Assignment, assignment_id)


def assignment_taken(session: Session, assignment_id: int) -> bool:
    return _exists(session, Evaluation.assignment_id == assignment_id)


def calibration_session(session: Session, session_id: int) -> CalibrationSession | None:
    return session.get(CalibrationSession, session_id)


def is_participant(session: Session, session_id: int, user_id: int) -> bool:
    p = CalibrationParticipant
    return _exists(session, p.session_id == session_id, p.user_id == user_id)


def in_session(session: Session, session_id: int, interaction_id: int) -> bool:
    c = CalibrationInteraction
    return _exists(session, c.session_id == session_id, c.interaction_id == interaction_id)


def already_scored(
    session: Session, evaluator_user_id: int, interaction_id: int, *, version_id: int,
    calibration_session_id: int | None,
) -> bool:  # fmt: skip
    """Whether the evaluator has scored this contact already: on this scorecard version
    (regular), or in this calibration session."""
    e = Evaluation
    same = (
        e.calibration_session_id == calibration_session_id
        if calibration_session_id is not None
        else and_(e.kind == EvaluationKind.REGULAR, e.version_id == version_id)
    )
    return _exists(
        session, e.evaluator_user_id == evaluator_user_id, e.interaction_id == interaction_id, same
    )


def _exists(session: Session, *conditions: ColumnElement[bool]) -> bool:
    return bool(session.scalar(select(exists().where(*conditions))))


# --- the contact as the evaluator reads it ----------------------------------------------------


def contacts(
    session: Session, ids: Collection[int], allowed: ColumnElement[bool] | None = None
) -> list[tuple[Interaction, str | None]]:
    """The contacts of ``ids`` (those meeting ``allowed``) with their queue's name, in order
    of arrival."""
    i = Interaction
    query = (
        select(i, Queue.name)
        .outerjoin(Queue, Queue.id == i.queue_id)
        .where(i.id.in_(sorted(ids)), true() if allowed is None else allowed)
        .order_by(i.arrived_at, i.id)
    )
    return [(row[0], row[1]) for row in session.execute(query)]


def texts(session: Session, ids: Collection[int]) -> list[InteractionText]:
    t = InteractionText
    query = select(t).where(t.interaction_id.in_(sorted(ids))).order_by(t.interaction_id, t.kind)
    return list(session.scalars(query))
