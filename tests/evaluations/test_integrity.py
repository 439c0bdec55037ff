"""What keeps evaluations whole when requests meet: every change of status locks the row (the
second of two sees the first's status: 409), the store's unique indexes refuse a second
evaluation of a contact by one evaluator, and a race past the service's read checks answers
409, never a 500. A calibration session also outlives the retirement of its version. On both
databases."""

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from switchboard.domain.quality.lifecycle import (
    AssignmentStatus,
    EvaluationKind,
    Reason,
    Status,
    VersionStatus,
)
from switchboard.evaluations import repository as evaluation_repo
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.models import Dispute, Evaluation
from switchboard.evaluations.schemas import DisputeCreate, EvaluationCreate, ResolveIn
from switchboard.kit.errors import ConflictError, FieldError
from switchboard.sampling.models import Assignment
from switchboard.scorecards.models import ScorecardVersion
from tests.access.conftest import T0, Organisation
from tests.evaluations.concurrency import blocked_meanwhile
from tests.evaluations.support import (
    ALL_GOOD,
    MIXED,
    answers_in,
    calibration,
    create,
    other_version,
    submitted,
    viewer,
)
from tests.evaluations.test_workflow import dispute, resolve

REJECT = ResolveIn.model_validate({"outcome": "rejected", "reason": "The score stands"})


def _disputed(db: Session, org: Organisation, version: int) -> int:
    found = submitted(db, org, version, MIXED)
    dispute(db, org, found.id)
    return found.id


# --- one move at a time -----------------------------------------------------------------------


def test_a_second_resolution_of_one_dispute_is_refused(
    db: Session, org: Organisation, version: int
) -> None:
    evaluation_id = _disputed(db, org, version)
    resolve(db, org, evaluation_id, who="ari", outcome="rejected")
    with pytest.raises(ConflictError, match="resolved, not disputed"):
        resolve(db, org, evaluation_id, who="meg", outcome="rejected")
    db.rollback()
    found = db.scalars(select(Dispute).where(Dispute.evaluation_id == evaluation_id)).one()
    assert found.arbitrator_user_id == org.users["ari"].id


def test_a_second_dispute_is_refused_not_a_duplicate_row(
    db: Session, org: Organisation, version: int
) -> None:
    evaluation_id = _disputed(db, org, version)
    with pytest.raises(ConflictError, match="disputed: it cannot be disputed"):
        dispute(db, org, evaluation_id)


def test_a_resolution_waits_for_a_concurrent_one_then_is_refused(
    engine: Engine, db: Session, org: Organisation, version: int
) -> None:
    evaluation_id = _disputed(db, org, version)
    meg = viewer(db, org, "meg")
    evaluation_service.resolve(session=db, viewer=viewer(db, org, "ari"),
                               evaluation_id=evaluation_id, resolution_in=REJECT)  # fmt: skip

    def second(session: Session) -> Any:
        return evaluation_service.resolve(session=session, viewer=meg,
                                          evaluation_id=evaluation_id, resolution_in=REJECT)  # fmt: skip

    outcome = blocked_meanwhile(engine, second, db.commit)
    assert isinstance(outcome.exception(), ConflictError)
    db.expire_all()
    found = db.scalars(select(Dispute).where(Dispute.evaluation_id == evaluation_id)).one()
    assert found.arbitrator_user_id == org.users["ari"].id


def test_a_dispute_waits_for_a_concurrent_one_then_is_refused(
    engine: Engine, db: Session, org: Organisation, version: int
) -> None:
    evaluation_id = submitted(db, org, version, MIXED).id
    ann = viewer(db, org, "ann")
    body = DisputeCreate(reason="I gave the right rate", question_keys=["accuracy"])
    evaluation_service.dispute(session=db, viewer=ann, evaluation_id=evaluation_id,
                               dispute_in=body)  # fmt: skip

    def second(session: Session) -> Any:
        return evaluation_service.dispute(session=session, viewer=ann,
                                          evaluation_id=evaluation_id, dispute_in=body)  # fmt: skip

    outcome = blocked_meanwhile(engine, second, db.commit)
    assert isinstance(outcome.exception(), ConflictError)


# --- the store's unique indexes ---------------------------------------------------------------


def _row(org: Organisation, version: int, kind: EvaluationKind, **fields: Any) -> Evaluation:
    return Evaluation(
        version_id=version, interaction_id=org.interactions["ann"], contact_at=T0,
        agent_id=org.agents["ann"], evaluator_user_id=org.users["quinn"].id, kind=kind,
        status=Status.DRAFT, **fields,
    )  # fmt: skip


def test_the_store_refuses_a_second_regular_evaluation_of_a_contact_on_one_version(
    db: Session, org: Organisation, version: int
) -> None:
    db.add(_row(org, version, EvaluationKind.REGULAR))
    db.commit()
    db.add(_row(org, version, EvaluationKind.REGULAR))
    with pytest.raises(IntegrityError):
        db.commit()


def test_the_store_refuses_a_second_calibration_evaluation_of_a_contact_in_one_session(
    db: Session, org: Organisation, version: int
) -> None:
    found = calibration(db, org, version)
    db.add(_row(org, version, EvaluationKind.CALIBRATION, calibration_session_id=found.session_id))
    db.commit()
    db.add(_row(org, version, EvaluationKind.CALIBRATION, calibration_session_id=found.session_id))
    with pytest.raises(IntegrityError):
        db.commit()


def test_the_store_allows_the_same_contact_once_per_version_session_and_kind(
    db: Session, org: Organisation, version: int
) -> None:
    newer = other_version(db, version, VersionStatus.DRAFT)
    first, second = calibration(db, org, version), calibration(db, org, version)
    db.add_all([
        _row(org, version, EvaluationKind.REGULAR), _row(org, newer, EvaluationKind.REGULAR),
        _row(org, version, EvaluationKind.CALIBRATION, calibration_session_id=first.session_id),
        _row(org, version, EvaluationKind.CALIBRATION, calibration_session_id=second.session_id),
    ])  # fmt: skip
    db.commit()
    assert len(db.scalars(select(Evaluation)).all()) == 4


# --- a race past the read checks --------------------------------------------------------------


@pytest.fixture
def unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The service's read checks see nothing, as they would while a concurrent request's
    evaluation was not yet committed: only the store's constraints stand."""
    monkeypatch.setattr(evaluation_repo, "already_scored", lambda *_, **__: False)
    monkeypatch.setattr(evaluation_repo, "assignment_taken", lambda *_, **__: False)


@pytest.mark.usefixtures("unchecked")
def test_a_second_regular_evaluation_made_meanwhile_is_a_conflict(
    db: Session, org: Organisation, version: int
) -> None:
    create(db, org, version)
    with pytest.raises(ConflictError, match="another request got there first: you have "
                       "evaluated this contact already on this scorecard version"):  # fmt: skip
        create(db, org, version)
    db.rollback()
    assert len(db.scalars(select(Evaluation)).all()) == 1


@pytest.mark.usefixtures("unchecked")
def test_a_second_calibration_evaluation_made_meanwhile_is_a_conflict(
    db: Session, org: Organisation, version: int
) -> None:
    found = calibration(db, org, version)
    fields: dict[str, Any] = {"kind": "calibration", "calibration_session_id": found.session_id}
    create(db, org, version, **fields)
    with pytest.raises(ConflictError, match="already in this session"):
        create(db, org, version, **fields)


@pytest.mark.usefixtures("unchecked")
def test_a_second_evaluation_on_an_assignment_made_meanwhile_is_a_conflict(
    db: Session, org: Organisation, version: int
) -> None:
    newer = other_version(db, version, VersionStatus.PUBLISHED)  # so only the assignment clashes
    card_id = db.get_one(ScorecardVersion, version).scorecard_id
    given = Assignment(
        scorecard_id=card_id, interaction_id=org.interactions["ann"], agent_id=org.agents["ann"],
        evaluator_user_id=org.users["quinn"].id, week_start=date(2026, 11, 23),
        reason=Reason.RANDOM, status=AssignmentStatus.OPEN,
    )  # fmt: skip
    db.add(given)
    db.commit()
    create(db, org, version, assignment_id=given.id)
    with pytest.raises(ConflictError, match=f"assignment {given.id} has an evaluation already"):
        create(db, org, newer, assignment_id=given.id)


@pytest.mark.usefixtures("unchecked")
def test_on_postgresql_the_transaction_stays_usable_after_a_conflict(
    engine: Engine, db: Session, org: Organisation, version: int
) -> None:
    """Only the savepoint rolls back (SQLite takes none: its 409 ends the unit of work)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("no savepoint on SQLite")
    create(db, org, version)
    with pytest.raises(ConflictError):
        evaluation_service.create_evaluation(
            session=db, viewer=viewer(db, org, "quinn"),
            evaluation_in=EvaluationCreate.model_validate(
                {"version_id": version, "interaction_id": org.interactions["ann"]}
            ),
        )  # fmt: skip
    create(db, org, version, agent="amy")  # the same transaction carries on
    assert len(db.scalars(select(Evaluation)).all()) == 2


# --- calibration outlives its version's retirement --------------------------------------------


def _retire(db: Session, version: int) -> int:
    """Publish a version 2, retiring ``version`` as the scorecard service does."""
    newer = other_version(db, version, VersionStatus.PUBLISHED)
    db.get_one(ScorecardVersion, version).status = VersionStatus.RETIRED
    db.commit()
    return newer


def test_a_participant_still_scores_after_the_sessions_version_is_retired(
    db: Session, org: Organisation, version: int
) -> None:
    found = calibration(db, org, version)
    fields: dict[str, Any] = {"kind": "calibration", "calibration_session_id": found.session_id}
    create(db, org, version, by="quinn", answers=answers_in(ALL_GOOD), **fields)
    _retire(db, version)
    late = create(db, org, version, by="ari", answers=answers_in(ALL_GOOD), **fields)
    done = evaluation_service.submit(session=db, viewer=viewer(db, org, "ari"),
                                     evaluation_id=late.id)  # fmt: skip
    assert (done.version_id, done.status, done.score) == (version, Status.SUBMITTED, 100.0)


def test_a_calibration_evaluation_still_scores_on_its_sessions_version_only(
    db: Session, org: Organisation, version: int
) -> None:
    found = calibration(db, org, version)
    newer = _retire(db, version)
    with pytest.raises(FieldError, match="another scorecard version"):
        create(db, org, newer, kind="calibration", calibration_session_id=found.session_id)


def test_a_regular_evaluation_still_needs_the_published_version(
    db: Session, org: Organisation, version: int
) -> None:
    _retire(db, version)
    with pytest.raises(ConflictError, match="is retired: only a published version is scored"):
        create(db, org, version)
