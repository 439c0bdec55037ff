"""The evaluation's life after submission (acknowledge, dispute, resolve), every move refused
out of turn, who may read what, and calibration scored blind and kept from agents; on both
databases."""

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.calibration.models import CalibrationSession
from switchboard.domain.quality.lifecycle import (
    DisputeOutcome,
    EvaluationKind,
    SessionStatus,
    Status,
)
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.repository import EvaluationFilter
from switchboard.evaluations.schemas import (
    AcknowledgeIn,
    AnswersUpdate,
    DisputeCreate,
    EvaluationDetailRead,
    ResolveIn,
)
from switchboard.kit.errors import ConflictError, FieldError, ForbiddenError, NotFoundError
from tests.access.conftest import Organisation
from tests.evaluations.support import (
    ALL_GOOD,
    MIXED,
    MIXED_SCORE,
    UPHELD_SCORE,
    answers_in,
    calibration,
    create,
    submitted,
    viewer,
)


def acknowledge(db: Session, org: Organisation, evaluation_id: int, who: str = "ann",
                response: str | None = None) -> EvaluationDetailRead:  # fmt: skip
    found = evaluation_service.acknowledge(
        session=db, viewer=viewer(db, org, who), evaluation_id=evaluation_id,
        acknowledgement_in=AcknowledgeIn(response=response),
    )  # fmt: skip
    db.commit()
    return found


def dispute(db: Session, org: Organisation, evaluation_id: int, who: str = "ann",
            keys: tuple[str, ...] = ("accuracy",)) -> EvaluationDetailRead:  # fmt: skip
    found = evaluation_service.dispute(
        session=db, viewer=viewer(db, org, who), evaluation_id=evaluation_id,
        dispute_in=DisputeCreate(reason="I gave the right rate", question_keys=list(keys)),
    )  # fmt: skip
    db.commit()
    return found


def resolve(
    db: Session, org: Organisation, evaluation_id: int, who: str = "ari", outcome: str = "upheld",
    answers: dict[str, Any] | None = None,
) -> EvaluationDetailRead:  # fmt: skip
    body = {"outcome": outcome, "reason": "The rate quoted was right",
            "answers": answers_in(answers or {})}  # fmt: skip
    found = evaluation_service.resolve(
        session=db, viewer=viewer(db, org, who), evaluation_id=evaluation_id,
        resolution_in=ResolveIn.model_validate(body),
    )  # fmt: skip
    db.commit()
    return found


def listed(db: Session, org: Organisation, who: str, **filters: Any) -> set[int]:
    rows, _ = evaluation_service.list_evaluations(
        session=db, viewer=viewer(db, org, who), where=EvaluationFilter(**filters), limit=50,
        offset=0,
    )  # fmt: skip
    return {row.id for row in rows}


# --- acknowledge and dispute ------------------------------------------------------------------


def test_the_agent_acknowledges_with_a_reply(db: Session, org: Organisation, version: int) -> None:
    found = acknowledge(db, org, submitted(db, org, version, ALL_GOOD).id, response="Thanks")
    assert (found.status, found.agent_response) == (Status.ACKNOWLEDGED, "Thanks")
    assert found.acknowledged_at is not None


@pytest.mark.parametrize("move", [acknowledge, dispute])
def test_only_the_evaluated_agent_acknowledges_or_disputes(
    db: Session, org: Organisation, version: int, move: Any
) -> None:
    evaluation_id = submitted(db, org, version, ALL_GOOD).id
    for who in ("lee", "quinn", "meg"):  # their team leader, the evaluator, their manager
        with pytest.raises(ForbiddenError):
            move(db, org, evaluation_id, who=who)
    with pytest.raises(NotFoundError):  # another agent cannot see it at all
        move(db, org, evaluation_id, who="amy")


def test_a_dispute_names_questions_on_the_card_only(
    db: Session, org: Organisation, version: int
) -> None:
    evaluation_id = submitted(db, org, version, ALL_GOOD).id
    with pytest.raises(FieldError):
        dispute(db, org, evaluation_id, keys=("nosuch",))
    found = dispute(db, org, evaluation_id)
    assert found.status is Status.DISPUTED
    assert found.dispute is not None
    assert (found.dispute.question_keys, found.dispute.outcome) == (["accuracy"], None)


def test_every_move_out_of_turn_is_refused_409(
    db: Session, org: Organisation, version: int
) -> None:
    draft = create(db, org, version, answers=answers_in(ALL_GOOD))
    with pytest.raises(NotFoundError):  # the agent cannot see a draft at all
        acknowledge(db, org, draft.id)
    with pytest.raises(ConflictError):
        resolve(db, org, draft.id, answers={"accuracy": 5})
    quinn = viewer(db, org, "quinn")
    evaluation_service.submit(session=db, viewer=quinn, evaluation_id=draft.id)
    db.commit()
    empty = AnswersUpdate()
    moves: list[Callable[[], object]] = [
        lambda: evaluation_service.submit(session=db, viewer=quinn, evaluation_id=draft.id),
        lambda: evaluation_service.save_answers(
            session=db, viewer=quinn, evaluation_id=draft.id, answers_in=empty
        ),
        lambda: resolve(db, org, draft.id, outcome="rejected"),
    ]
    for again in moves:
        with pytest.raises(ConflictError):
            again()
    acknowledge(db, org, draft.id)
    moves = [lambda: acknowledge(db, org, draft.id), lambda: dispute(db, org, draft.id)]
    for again in moves:
        with pytest.raises(ConflictError):
            again()


def test_a_disputed_evaluation_is_not_acknowledged_and_a_resolved_one_stays(
    db: Session, org: Organisation, version: int
) -> None:
    evaluation_id = submitted(db, org, version, MIXED).id
    dispute(db, org, evaluation_id)
    with pytest.raises(ConflictError):
        acknowledge(db, org, evaluation_id)
    resolve(db, org, evaluation_id, outcome="rejected")
    moves: list[Callable[[], object]] = [
        lambda: dispute(db, org, evaluation_id),
        lambda: resolve(db, org, evaluation_id, outcome="rejected"),
    ]
    for again in moves:
        with pytest.raises(ConflictError):
            again()


def test_only_its_evaluator_edits_a_draft(db: Session, org: Organisation, version: int) -> None:
    draft = create(db, org, version)
    with pytest.raises(ForbiddenError):
        evaluation_service.submit(session=db, viewer=viewer(db, org, "ari"), evaluation_id=draft.id)


# --- resolving --------------------------------------------------------------------------------


def test_an_upheld_dispute_rescores_with_history_from_and_to(
    db: Session, org: Organisation, version: int
) -> None:
    evaluation_id = submitted(db, org, version, MIXED).id
    dispute(db, org, evaluation_id)
    found = resolve(db, org, evaluation_id, answers={"accuracy": 5})
    assert (found.status, found.score) == (Status.RESOLVED, UPHELD_SCORE)
    assert [(c.event, c.from_score, c.to_score) for c in found.history] == [
        ("submitted", None, MIXED_SCORE), ("dispute_resolved", MIXED_SCORE, UPHELD_SCORE),
    ]  # fmt: skip
    assert found.history[1].reason == "The rate quoted was right"
    assert found.dispute is not None
    assert (found.dispute.outcome, found.dispute.arbitrator_user_id) == (
        DisputeOutcome.UPHELD, org.users["ari"].id,
    )  # fmt: skip
    accuracy = next(a for a in found.answers if a.question_key == "accuracy")
    assert (accuracy.value, accuracy.earned) == ("5", 2.0)


def test_a_rejected_dispute_keeps_the_score_and_the_answers(
    db: Session, org: Organisation, version: int
) -> None:
    evaluation_id = submitted(db, org, version, MIXED).id
    dispute(db, org, evaluation_id)
    with pytest.raises(FieldError):
        resolve(db, org, evaluation_id, outcome="rejected", answers={"accuracy": 5})
    found = resolve(db, org, evaluation_id, outcome="rejected")
    assert (found.status, found.score) == (Status.RESOLVED, MIXED_SCORE)
    assert found.history[-1].from_score == found.history[-1].to_score == MIXED_SCORE


def test_upholding_needs_the_corrected_answers(
    db: Session, org: Organisation, version: int
) -> None:
    evaluation_id = submitted(db, org, version, MIXED).id
    dispute(db, org, evaluation_id)
    with pytest.raises(FieldError):
        resolve(db, org, evaluation_id, outcome="partly_upheld")
    with pytest.raises(FieldError):
        resolve(db, org, evaluation_id, answers={"accuracy": 9})


def test_arbitrators_resolve_within_reach_never_their_own_scoring(
    db: Session, org: Organisation, version: int
) -> None:
    ann = submitted(db, org, version, MIXED).id
    bob = submitted(db, org, version, MIXED, agent="bob", by="ari").id
    dispute(db, org, ann)
    dispute(db, org, bob, who="bob")
    with pytest.raises(ForbiddenError):  # quinn scored it
        resolve(db, org, ann, who="quinn", outcome="rejected")
    for who in ("lee", "cal"):  # in sight, but not arbitrators
        with pytest.raises(ForbiddenError):
            resolve(db, org, ann, who=who, outcome="rejected")
    with pytest.raises(NotFoundError):  # meg manages site A; bob is at site B
        resolve(db, org, bob, who="meg", outcome="rejected")
    assert resolve(db, org, bob, who="max", outcome="rejected").status is Status.RESOLVED
    assert resolve(db, org, ann, who="meg", outcome="rejected").status is Status.RESOLVED


# --- who reads what ---------------------------------------------------------------------------


def test_reads_follow_the_evaluations_scope(db: Session, org: Organisation, version: int) -> None:
    ids = {name: submitted(db, org, version, ALL_GOOD, agent=name).id
           for name in ("ann", "amy", "bob")}  # fmt: skip
    expected = {"ann": {"ann"}, "lee": {"ann"}, "lyn": {"amy"}, "meg": {"ann", "amy"},
                "max": {"ann", "amy", "bob"}, "quinn": {"ann", "amy", "bob"},
                "cal": {"ann", "amy", "bob"}, "noel": set[str]()}  # fmt: skip
    for who, names in expected.items():
        assert listed(db, org, who) == {ids[name] for name in names}, who
    with pytest.raises(ForbiddenError):
        listed(db, org, "pat")
    with pytest.raises(NotFoundError):
        evaluation_service.get_evaluation(session=db, viewer=viewer(db, org, "lyn"),
                                          evaluation_id=ids["ann"])  # fmt: skip


def test_drafts_are_invisible_to_the_agent_and_their_line(
    db: Session, org: Organisation, version: int
) -> None:
    draft = create(db, org, version).id
    for who in ("ann", "lee", "meg", "cal"):
        assert listed(db, org, who) == set(), who
    assert listed(db, org, "ari") == {draft}  # quality editors see work in progress


def test_lists_filter_by_status_kind_and_evaluator(
    db: Session, org: Organisation, version: int
) -> None:
    done = submitted(db, org, version, ALL_GOOD).id
    draft = create(db, org, version, agent="amy", by="ari").id
    assert listed(db, org, "ari", status=Status.DRAFT) == {draft}
    assert listed(db, org, "ari", evaluator_user_id=org.users["quinn"].id) == {done}
    assert listed(db, org, "ari", agent_id=org.agents["amy"]) == {draft}
    assert listed(db, org, "ari", kind=EvaluationKind.CALIBRATION) == set()


# --- calibration ------------------------------------------------------------------------------


def _calibrated(db: Session, org: Organisation, version: int) -> dict[str, int]:
    session = calibration(db, org, version)
    return {
        who: submitted(db, org, version, ALL_GOOD, by=who, kind="calibration",
                       calibration_session_id=session.session_id).id
        for who in ("quinn", "ari")
    }  # fmt: skip


def test_calibration_is_blind_while_open_and_never_reaches_the_agent(
    db: Session, org: Organisation, version: int
) -> None:
    scored = _calibrated(db, org, version)
    assert listed(db, org, "quinn") == {scored["quinn"]}
    assert listed(db, org, "ari") == {scored["ari"]}
    with pytest.raises(NotFoundError):
        evaluation_service.get_evaluation(session=db, viewer=viewer(db, org, "quinn"),
                                          evaluation_id=scored["ari"])  # fmt: skip
    for who in ("ann", "lee", "meg", "cal"):
        assert listed(db, org, who) == set(), who
    db.get_one(CalibrationSession, _session_id(db)).status = SessionStatus.CLOSED
    db.commit()
    assert listed(db, org, "quinn") == set(scored.values())
    for who in ("ann", "lee", "meg", "cal"):
        assert listed(db, org, who) == set(), who


def _session_id(db: Session) -> int:
    return db.scalars(select(CalibrationSession.id)).one()


def test_calibration_scoring_is_for_participants_on_the_sessions_contacts_once(
    db: Session, org: Organisation, version: int
) -> None:
    session = calibration(db, org, version, participants=("quinn",))
    fields: dict[str, Any] = {"kind": "calibration", "calibration_session_id": session.session_id}
    with pytest.raises(ForbiddenError):
        create(db, org, version, by="ari", **fields)
    with pytest.raises(FieldError):
        create(db, org, version, agent="amy", **fields)
    create(db, org, version, **fields)
    with pytest.raises(ConflictError):
        create(db, org, version, **fields)
    assert create(db, org, version).kind is EvaluationKind.REGULAR  # a regular one besides


def test_a_closed_session_takes_no_more_calibration_scores(
    db: Session, org: Organisation, version: int
) -> None:
    session = calibration(db, org, version)
    fields: dict[str, Any] = {"kind": "calibration", "calibration_session_id": session.session_id}
    draft = create(db, org, version, **fields)
    db.get_one(CalibrationSession, session.session_id).status = SessionStatus.CLOSED
    db.commit()
    with pytest.raises(ConflictError):
        create(db, org, version, by="ari", **fields)
    with pytest.raises(ConflictError):
        evaluation_service.submit(session=db, viewer=viewer(db, org, "quinn"),
                                  evaluation_id=draft.id)  # fmt: skip
