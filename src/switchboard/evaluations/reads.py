"""Reading evaluations: the list, the evaluation form's whole reading, the score history, and
the contact an evaluator opens before any draft exists. Every read is scoped
(``repository.visible``); the section scores are worked out again from the stored answers for
display, so a draft shows them as soon as its answers are complete."""

from collections.abc import Mapping, Sequence

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from switchboard.access.policy import CALIBRATORS, Kind, require
from switchboard.access.repository import agent_filter
from switchboard.access.viewer import Viewer
from switchboard.domain.quality.scorecard import NO, YES, AnswerType, Question, Scorecard
from switchboard.domain.quality.scoring import Score, check_answers, score
from switchboard.evaluations import repository as repo
from switchboard.evaluations.models import Dispute, Evaluation, EvaluationAnswer
from switchboard.evaluations.repository import EvaluationFilter
from switchboard.evaluations.schemas import (
    AnswerRead,
    ContactRead,
    DisputeRead,
    EvaluationDetailRead,
    EvaluationRead,
    HistoryRead,
    ScoreChangeRead,
    SectionScoreRead,
    TextRead,
)
from switchboard.evaluations.workflow import stored_values, version_of, visible_evaluation
from switchboard.interactions.models import Interaction
from switchboard.kit.errors import NotFoundError

MAX_LISTED_POINTS = 101
"""A scale with more points than this lists only its ends as options."""


def list_evaluations(
    *, session: Session, viewer: Viewer, where: EvaluationFilter, limit: int, offset: int
) -> tuple[list[EvaluationRead], int | None]:
    """One page of the evaluations the viewer may read, latest contact first, and the next
    page's offset."""
    require(viewer, Kind.EVALUATIONS)
    rows, following = repo.evaluation_page(session, viewer, where, limit, offset)
    return [EvaluationRead.model_validate(row) for row in rows], following


def get_evaluation(*, session: Session, viewer: Viewer, evaluation_id: int) -> EvaluationDetailRead:
    return detail(session, visible_evaluation(session, viewer, evaluation_id))


def history(*, session: Session, viewer: Viewer, evaluation_id: int) -> HistoryRead:
    """Every change of the evaluation's score, oldest first, with who and why."""
    record = visible_evaluation(session, viewer, evaluation_id)
    return HistoryRead(evaluation_id=record.id, changes=_changes(session, record.id))


def contact_context(
    *, session: Session, viewer: Viewer, interaction_id: int,
    calibration_session_id: int | None = None,
) -> ContactRead:  # fmt: skip
    """A contact's details and texts (transcript, notes), as the evaluation form shows them:
    404 when it is missing or outside the viewer's interactions scope. With a calibration
    session, also one of that session's contacts when the viewer is a calibrator taking part
    in it: a team leader scores contacts of other teams there, and sees nothing else."""
    require(viewer, Kind.INTERACTIONS)
    seen = (
        None
        if _calibrating(session, viewer, calibration_session_id, interaction_id)
        else agent_filter(viewer, Kind.INTERACTIONS, Interaction.agent_id)
    )
    found = _contacts(session, [interaction_id], seen)
    if not found:
        raise NotFoundError("no such contact, or not one you may see")
    return found[0]


def _calibrating(
    session: Session, viewer: Viewer, session_id: int | None, interaction_id: int
) -> bool:
    """Whether the contact is one the viewer scores in the calibration session."""
    return (
        session_id is not None
        and viewer.role in CALIBRATORS
        and repo.is_participant(session, session_id, viewer.user_id)
        and repo.in_session(session, session_id, interaction_id)
    )


# --- the evaluation form's reading ------------------------------------------------------------


def detail(session: Session, record: Evaluation) -> EvaluationDetailRead:
    version, name, card = version_of(session, record.version_id)
    stored = repo.answers(session, record.id)
    result = _score_if_complete(card, stored)
    thread = repo.thread_ids(session, record.id)
    contacts = {c.id: c for c in _contacts(session, [record.interaction_id, *thread])}
    return EvaluationDetailRead(
        **EvaluationRead.model_validate(record).model_dump(),
        scorecard_id=version.scorecard_id, scorecard_name=name, version=version.version,
        interaction_ids=thread, answers=_answers(card, stored),
        sections=_sections(card, result), computed_score=result.overall if result else None,
        passed=result.passed if result else None, history=_changes(session, record.id),
        dispute=_dispute(repo.dispute(session, record.id)),
        contact=contacts[record.interaction_id],
        thread=[contacts[i] for i in thread if i in contacts],
    )  # fmt: skip


def _score_if_complete(card: Scorecard, stored: Mapping[str, EvaluationAnswer]) -> Score | None:
    values = stored_values(stored)
    return None if check_answers(card, values, complete=True) else score(card, values)


def _answers(card: Scorecard, stored: Mapping[str, EvaluationAnswer]) -> list[AnswerRead]:
    found: list[AnswerRead] = []
    for section in card.sections:
        for q in section.questions:
            row = stored.get(q.key)
            found.append(AnswerRead(
                question_key=q.key, section_key=section.key, text=q.text, guidance=q.guidance,
                answer_type=q.answer_type, options=_options(q), allow_na=q.allow_na,
                critical=q.critical, compliance=q.compliance, bonus=q.bonus, weight=q.weight,
                answered=row is not None, value=row.value if row else None,
                comment=row.comment if row else "", earned=row.earned if row else None,
                possible=row.possible if row else None, failed=bool(row and row.failed),
            ))  # fmt: skip
    return found


def _options(q: Question) -> list[str]:
    if q.answer_type is AnswerType.YES_NO:
        return [YES, NO]
    if q.answer_type is AnswerType.CHOICE:
        return [c.label for c in q.choices]
    if q.scale_max - q.scale_min < MAX_LISTED_POINTS:
        return [str(n) for n in range(q.scale_min, q.scale_max + 1)]
    return [str(q.scale_min), str(q.scale_max)]


def _sections(card: Scorecard, result: Score | None) -> list[SectionScoreRead]:
    scores = {s.key: s for s in result.sections} if result else {}
    found: list[SectionScoreRead] = []
    for s in card.sections:
        scored = scores.get(s.key)
        found.append(SectionScoreRead(
            key=s.key, title=s.title, weight=s.weight, score=scored.score if scored else None,
            failed=scored.failed if scored else False,
        ))  # fmt: skip
    return found


def _changes(session: Session, evaluation_id: int) -> list[ScoreChangeRead]:
    return [ScoreChangeRead.model_validate(c) for c in repo.score_changes(session, evaluation_id)]


def _dispute(found: Dispute | None) -> DisputeRead | None:
    if found is None:
        return None
    return DisputeRead(
        raised_by=found.raised_by, raised_at=found.raised_at, reason=found.reason,
        question_keys=[k for k in found.question_keys.split(",") if k],
        arbitrator_user_id=found.arbitrator_user_id, resolved_at=found.resolved_at,
        outcome=found.outcome, resolution=found.resolution,
    )  # fmt: skip


def _contacts(
    session: Session, ids: Sequence[int], allowed: ColumnElement[bool] | None = None
) -> list[ContactRead]:
    texts = repo.texts(session, ids)
    found: list[ContactRead] = []
    for contact, queue_name in repo.contacts(session, ids, allowed):
        found.append(ContactRead(
            id=contact.id, channel=contact.channel, direction=contact.direction,
            queue_id=contact.queue_id, queue_name=queue_name, agent_id=contact.agent_id,
            customer_key=contact.customer_key, arrived_at=contact.arrived_at,
            answered_at=contact.answered_at, wait_seconds=contact.wait_seconds,
            talk_seconds=contact.talk_seconds, hold_seconds=contact.hold_seconds,
            wrap_seconds=contact.wrap_seconds, outcome=contact.outcome,
            disposition=contact.disposition, transferred=contact.transferred,
            escalated=contact.escalated,
            texts=[TextRead.model_validate(t) for t in texts if t.interaction_id == contact.id],
        ))  # fmt: skip
    return found
