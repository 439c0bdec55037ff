"""What the evaluation use cases share: finding an evaluation the viewer may see, reading its
scorecard, turning answers into stored rows with the domain's points, rescoring with a line
of history, and the audit row of each change."""

from collections.abc import Mapping

from sqlalchemy.orm import Session

from switchboard.access.policy import Kind, require
from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.domain.quality.scorecard import AnswerType, Question, Scorecard, from_dict
from switchboard.domain.quality.scoring import (
    AnswerValue,
    Score,
    answer_score,
    check_answers,
    score,
    whole_number,
)
from switchboard.evaluations import repository as repo
from switchboard.evaluations.models import Evaluation, EvaluationAnswer, ScoreChange
from switchboard.evaluations.schemas import AnswerIn
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import FieldError, NotFoundError, Problem
from switchboard.scorecards.models import ScorecardVersion


def visible_evaluation(
    session: Session, viewer: Viewer, evaluation_id: int, *, lock: bool = False
) -> Evaluation:
    """The evaluation; 403 for a role that sees no evaluations, 404 when there is none or it
    is out of the viewer's sight (the same answer, so a refusal tells nothing). ``lock``, for
    every change, holds its row until the transaction ends, so that a concurrent change waits
    and then checks its move against the status this one leaves (409, never two moves)."""
    require(viewer, Kind.EVALUATIONS)
    record = (repo.locked if lock else repo.one)(session, viewer, evaluation_id)
    if record is None:
        raise NotFoundError("no such evaluation")
    return record


def version_of(session: Session, version_id: int) -> tuple[ScorecardVersion, str, Scorecard]:
    """The version, its scorecard's name and the card it defines."""
    found = repo.version(session, version_id)
    if found is None:
        raise NotFoundError("no such scorecard version")
    version, name = found
    return version, name, from_dict(version.definition)


def card_of(session: Session, evaluation: Evaluation) -> Scorecard:
    return version_of(session, evaluation.version_id)[2]


# --- answers ----------------------------------------------------------------------------------


def values_of(answers: Mapping[str, AnswerIn]) -> dict[str, AnswerValue]:
    return {key: answer.value for key, answer in answers.items()}


def stored_values(rows: Mapping[str, EvaluationAnswer]) -> dict[str, AnswerValue]:
    """The stored answers as the domain reads them (a scale point comes back as text, which
    the domain takes)."""
    return {key: row.value for key, row in rows.items()}


def refuse_answers(problems: list[tuple[str, str]], field: str = "answers") -> FieldError:
    return FieldError([Problem(f"{field}.{key}", message) for key, message in problems])


def check_draft(card: Scorecard, answers: Mapping[str, AnswerIn]) -> None:
    """422 naming each answer the card refuses; a draft may leave questions out."""
    problems = check_answers(card, values_of(answers), complete=False)
    if problems:
        raise refuse_answers(problems)


def answer_row(card: Scorecard, evaluation_id: int, key: str, answer: AnswerIn) -> EvaluationAnswer:
    """One checked answer as stored, with the points the domain gives it."""
    question = card.question(key)
    points = answer_score(question, answer.value)
    return EvaluationAnswer(
        evaluation_id=evaluation_id, question_key=key, value=_stored(question, answer.value),
        comment=answer.comment, earned=points.earned, possible=points.possible,
        failed=points.failed,
    )  # fmt: skip


def _stored(question: Question, value: AnswerValue) -> str | None:
    """The answer as text: a scale point as its whole number ("4", never "4.0")."""
    if value is None:
        return None
    if question.answer_type is AnswerType.SCALE:
        return str(whole_number(value))
    return str(value)


def save_rows(
    session: Session, card: Scorecard, evaluation_id: int, answers: Mapping[str, AnswerIn]
) -> None:
    rows = [answer_row(card, evaluation_id, key, answer) for key, answer in answers.items()]
    repo.replace_answers(session, evaluation_id, rows)


# --- scores -----------------------------------------------------------------------------------


def complete_score(session: Session, card: Scorecard, evaluation: Evaluation) -> Score:
    """The domain's score of the stored answers; 422 naming every unanswered question."""
    values = stored_values(repo.answers(session, evaluation.id))
    problems = check_answers(card, values, complete=True)
    if problems:
        raise refuse_answers(problems)
    return score(card, values)


def rescore(
    session: Session, viewer: Viewer, evaluation: Evaluation, result: Score, *, event: str,
    reason: str = "",
) -> None:  # fmt: skip
    """Keep ``result`` on the evaluation, and the change in its history."""
    session.add(ScoreChange(
        evaluation_id=evaluation.id, changed_at=utcnow(), changed_by=viewer.user_id, event=event,
        from_score=evaluation.score, to_score=result.overall, reason=reason,
    ))  # fmt: skip
    evaluation.score = result.overall
    evaluation.compliance_score = result.compliance
    evaluation.compliance_passed = result.compliance_passed
    evaluation.auto_failed = result.auto_failed
    session.flush()


def audit(
    session: Session, viewer: Viewer, evaluation: Evaluation, change: str,
    **details: int | bool | str | None,
) -> None:  # fmt: skip
    audit_service.record_people_change(
        session, actor_user_id=viewer.user_id, object_type="evaluation",
        object_id=evaluation.id, change=change, agent_id=evaluation.agent_id,
        kind=evaluation.kind.value, **details,
    )  # fmt: skip
