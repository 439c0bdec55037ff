"""Every query of calibration: sessions with their contacts and participants, the facts a new
session is checked against, and the session's submitted evaluations with their answers."""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, select, true
from sqlalchemy.orm import Session

from switchboard.calibration.models import (
    CalibrationInteraction,
    CalibrationParticipant,
    CalibrationSession,
)
from switchboard.domain.quality.lifecycle import SCORED, EvaluationKind
from switchboard.evaluations.models import Evaluation, EvaluationAnswer
from switchboard.feedback.repository import page_of
from switchboard.interactions.models import Interaction
from switchboard.people.models import Agent, Role, User
from switchboard.scorecards.models import ScorecardVersion


def _taking_part(user_id: int | None) -> ColumnElement[bool]:
    """Sessions the user takes part in; every session when ``user_id`` is None."""
    if user_id is None:
        return true()
    p = CalibrationParticipant
    return exists().where(p.session_id == CalibrationSession.id, p.user_id == user_id)


def sessions_page(
    session: Session, participant: int | None, limit: int, offset: int
) -> tuple[list[CalibrationSession], int | None]:
    """Newest first; only the participant's when one is given."""
    s = CalibrationSession
    query = select(s).where(_taking_part(participant)).order_by(s.created_at.desc(), s.id.desc())
    return page_of(session, query, limit, offset)


def one(session: Session, session_id: int, participant: int | None) -> CalibrationSession | None:
    s = CalibrationSession
    return session.scalar(select(s).where(s.id == session_id, _taking_part(participant)))


def members(
    session: Session, session_ids: Collection[int]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Each session's contacts and participants, in id order."""
    contacts: dict[int, list[int]] = defaultdict(list)
    people: dict[int, list[int]] = defaultdict(list)
    ids = sorted(session_ids)
    if not ids:
        return contacts, people
    i, p = CalibrationInteraction, CalibrationParticipant
    for sid, iid in session.execute(
        select(i.session_id, i.interaction_id)
        .where(i.session_id.in_(ids))
        .order_by(i.interaction_id)
    ):
        contacts[sid].append(iid)
    for sid, uid in session.execute(
        select(p.session_id, p.user_id).where(p.session_id.in_(ids)).order_by(p.user_id)
    ):
        people[sid].append(uid)
    return contacts, people


def submitted_counts(session: Session, session_ids: Collection[int]) -> dict[int, int]:
    """Submitted calibration evaluations per session: each participant and contact once."""
    found: dict[int, int] = defaultdict(int)
    for row in submitted(session, session_ids):
        found[row.session_id] += 1
    return found


@dataclass(frozen=True)
class Scored:
    session_id: int
    evaluation_id: int
    user_id: int
    interaction_id: int
    score: float | None


def submitted(session: Session, session_ids: Collection[int]) -> list[Scored]:
    """The latest submitted calibration evaluation of each participant on each of the session's
    contacts; anything else pointing at the session (a stranger's, another contact) is left out."""
    e, p, i = Evaluation, CalibrationParticipant, CalibrationInteraction
    query = (
        select(i.session_id, e.id, e.evaluator_user_id, e.interaction_id, e.score)
        .join(p, (p.session_id == e.calibration_session_id) & (p.user_id == e.evaluator_user_id))
        .join(
            i, (i.session_id == e.calibration_session_id) & (i.interaction_id == e.interaction_id)
        )
        .where(e.calibration_session_id.in_(sorted(session_ids)))
        .where(e.kind == EvaluationKind.CALIBRATION, e.status.in_(sorted(SCORED)))
        .order_by(e.submitted_at, e.id)
    )
    latest: dict[tuple[int, int, int], Scored] = {}
    for row in session.execute(query):
        latest[(row[0], row[2], row[3])] = Scored(row[0], row[1], row[2], row[3], row[4])
    return list(latest.values())


def answers(session: Session, evaluation_ids: Collection[int]) -> dict[int, dict[str, str | None]]:
    """Each evaluation's answer values by question key (None for N/A)."""
    found: dict[int, dict[str, str | None]] = defaultdict(dict)
    a = EvaluationAnswer
    ids = sorted(evaluation_ids)
    if ids:
        query = select(a.evaluation_id, a.question_key, a.value).where(a.evaluation_id.in_(ids))
        for evaluation_id, key, value in session.execute(query):
            found[evaluation_id][key] = value
    return found


# --- checking a new session ---------------------------------------------------------------------


def version(session: Session, version_id: int) -> ScorecardVersion | None:
    return session.get(ScorecardVersion, version_id)


def contact_agents(session: Session, interaction_ids: Collection[int]) -> dict[int, int | None]:
    """The agent of each of ``interaction_ids`` that exists."""
    i = Interaction
    query = select(i.id, i.agent_id).where(i.id.in_(sorted(interaction_ids)))
    return {row[0]: row[1] for row in session.execute(query)}


@dataclass(frozen=True)
class Person:
    user_id: int
    role: Role
    active: bool
    agent_id: int | None


def people(session: Session, user_ids: Collection[int]) -> dict[int, Person]:
    query = (
        select(User.id, User.role, User.active, Agent.id)
        .outerjoin(Agent, Agent.user_id == User.id)
        .where(User.id.in_(sorted(user_ids)))
    )
    return {row[0]: Person(row[0], row[1], row[2], row[3]) for row in session.execute(query)}


def add(
    session: Session, record: CalibrationSession, interaction_ids: Sequence[int],
    user_ids: Sequence[int],
) -> None:  # fmt: skip
    session.add(record)
    session.flush()
    session.add_all(CalibrationInteraction(session_id=record.id, interaction_id=i)
                    for i in interaction_ids)  # fmt: skip
    session.add_all(CalibrationParticipant(session_id=record.id, user_id=u) for u in user_ids)
    session.flush()
