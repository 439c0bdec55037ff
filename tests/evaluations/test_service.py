"""Opening, saving and submitting evaluations, and the scores kept on submit, on both
databases. The card and its hand-worked scores are in ``tests/evaluations/support.py``."""

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.domain.quality.lifecycle import (
    AssignmentStatus,
    Reason,
    Status,
    VersionStatus,
)
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.models import EvaluationAnswer, EvaluationInteraction, ScoreChange
from switchboard.interactions.models import Interaction, InteractionText, TextKind
from switchboard.kit.errors import ConflictError, FieldError, ForbiddenError, NotFoundError
from switchboard.sampling.models import Assignment
from switchboard.scorecards.models import ScorecardVersion
from tests.access.conftest import T0, Organisation
from tests.evaluations.support import (
    ALL_GOOD,
    MIXED,
    MIXED_SCORE,
    answers_in,
    create,
    other_version,
    own_contact,
    save,
    submitted,
    viewer,
)


def fields_of(error: FieldError) -> set[str]:
    return {problem.field for problem in error.problems}


def stored_answers(db: Session, evaluation_id: int) -> dict[str, Any]:
    query = select(EvaluationAnswer).where(EvaluationAnswer.evaluation_id == evaluation_id)
    return {a.question_key: (a.value, a.earned, a.possible, a.failed) for a in db.scalars(query)}


# --- scores stored on submit ------------------------------------------------------------------


def test_it_stores_the_hand_worked_score_of_mixed_answers_on_submit(
    db: Session, org: Organisation, version: int
) -> None:
    found = submitted(db, org, version, MIXED)
    assert (found.status, found.score, found.auto_failed) == (Status.SUBMITTED, MIXED_SCORE, False)
    assert (found.compliance_score, found.compliance_passed, found.passed) == (100.0, True, False)
    assert [(s.key, s.score) for s in found.sections] == [("open", 100.0), ("solve", 62.5)]
    assert found.submitted_at is not None
    assert stored_answers(db, found.id) == {
        "greet": (None, None, None, False), "idv": ("yes", 2.0, 2.0, False),
        "accuracy": ("3", 1.0, 2.0, False), "tone": ("neutral", 0.5, 1.0, False),
        "extra": ("no", 0.0, 0.0, False), "disclose": ("yes", 1.0, 1.0, False),
    }  # fmt: skip
    # A bonus answered No is not a failure: missing a bonus costs nothing.


def test_a_failed_fail_all_question_zeroes_the_evaluation_and_fails_compliance(
    db: Session, org: Organisation, version: int
) -> None:
    found = submitted(db, org, version, ALL_GOOD | {"idv": "no"})
    assert (found.score, found.auto_failed, found.passed) == (0.0, True, False)
    assert (found.compliance_score, found.compliance_passed) == (0.0, False)


def test_a_failed_fail_section_question_zeroes_only_its_section(
    db: Session, org: Organisation, version: int
) -> None:
    found = submitted(db, org, version, ALL_GOOD | {"disclose": "no"})
    assert (found.score, found.auto_failed) == (25.0, False)  # (1·100 + 3·0) / 4
    assert [(s.key, s.failed) for s in found.sections] == [("open", False), ("solve", True)]


def test_submitting_records_the_first_line_of_history(
    db: Session, org: Organisation, version: int
) -> None:
    found = submitted(db, org, version, ALL_GOOD)
    assert [(c.event, c.from_score, c.to_score, c.changed_by) for c in found.history] == [
        ("submitted", None, 100.0, org.users["quinn"].id)
    ]
    assert db.scalars(select(ScoreChange.event)).all() == ["submitted"]


# --- drafts -----------------------------------------------------------------------------------


def test_a_draft_keeps_partial_answers_with_their_points_and_no_score(
    db: Session, org: Organisation, version: int
) -> None:
    draft = create(db, org, version, answers=answers_in({"greet": "no", "accuracy": "4"}))
    assert (draft.status, draft.score, draft.computed_score) == (Status.DRAFT, None, None)
    assert (draft.agent_id, draft.contact_at) == (org.agents["ann"], T0)
    answered = {a.question_key: (a.answered, a.value, a.earned) for a in draft.answers}
    assert answered["greet"] == (True, "no", 0.0)
    assert answered["accuracy"] == (True, "4", 1.5)
    assert answered["idv"] == (False, None, None)
    assert [s.score for s in draft.sections] == [None, None]


def test_saving_replaces_the_answers_and_shows_the_score_once_complete(
    db: Session, org: Organisation, version: int
) -> None:
    draft = create(db, org, version, answers=answers_in({"greet": "no"}))
    found = save(db, org, draft.id, MIXED)
    assert (found.computed_score, found.score) == (MIXED_SCORE, None)
    assert stored_answers(db, draft.id)["greet"] == (None, None, None, False)


@pytest.mark.parametrize(
    ("values", "field"),
    [({"greet": "maybe"}, "answers.greet"), ({"idv": None}, "answers.idv"),
     ({"accuracy": 6}, "answers.accuracy"), ({"accuracy": 2.5}, "answers.accuracy"),
     ({"tone": "icy"}, "answers.tone"), ({"nosuch": "yes"}, "answers.nosuch")],
)  # fmt: skip
def test_it_refuses_answers_the_card_does_not_take_naming_each(
    db: Session, org: Organisation, version: int, values: dict[str, Any], field: str
) -> None:
    draft = create(db, org, version)
    with pytest.raises(FieldError) as refused:
        save(db, org, draft.id, values)
    assert fields_of(refused.value) == {field}


def test_submitting_an_incomplete_draft_lists_each_unanswered_question(
    db: Session, org: Organisation, version: int
) -> None:
    draft = create(db, org, version, answers=answers_in({"greet": "yes", "idv": "yes"}))
    with pytest.raises(FieldError) as refused:
        evaluation_service.submit(session=db, viewer=viewer(db, org, "quinn"),
                                  evaluation_id=draft.id)  # fmt: skip
    assert fields_of(refused.value) == {
        "answers.accuracy", "answers.tone", "answers.extra", "answers.disclose",
    }  # fmt: skip


# --- opening a draft: what is refused ---------------------------------------------------------


@pytest.mark.parametrize("who", ["lee", "meg", "cal", "ann", "pat"])
def test_only_quality_editors_open_evaluations(
    db: Session, org: Organisation, version: int, who: str
) -> None:
    with pytest.raises(ForbiddenError):
        create(db, org, version, by=who)


def test_an_evaluator_never_scores_their_own_contact(
    db: Session, org: Organisation, version: int
) -> None:
    mine = own_contact(db, org)
    with pytest.raises(FieldError) as refused:
        create(db, org, version, interaction_id=mine)
    assert fields_of(refused.value) == {"interaction_id"}


@pytest.mark.parametrize("status", [VersionStatus.DRAFT, VersionStatus.RETIRED])
def test_only_a_published_version_is_scored(
    db: Session, org: Organisation, version: int, status: VersionStatus
) -> None:
    with pytest.raises(ConflictError):
        create(db, org, other_version(db, version, status))


def test_it_refuses_a_missing_version_or_a_contact_no_agent_answered(
    db: Session, org: Organisation, version: int
) -> None:
    with pytest.raises(FieldError) as refused:
        create(db, org, version + 100)
    assert fields_of(refused.value) == {"version_id"}
    with pytest.raises(FieldError) as refused:
        create(db, org, version, agent="-")
    assert fields_of(refused.value) == {"interaction_id"}


def test_a_thread_links_further_contacts_of_the_same_agent_only(
    db: Session, org: Organisation, version: int
) -> None:
    with pytest.raises(FieldError) as refused:
        create(db, org, version, interaction_ids=[org.interactions["amy"]])
    assert fields_of(refused.value) == {"interaction_ids"}
    found = create(db, org, version, interaction_ids=[org.interactions["ann"]])
    assert found.interaction_ids == []  # the scored contact itself is not a further one


def test_a_thread_draft_reads_its_further_contacts(
    db: Session, org: Organisation, version: int
) -> None:
    second = _second_contact(db, org)
    found = create(db, org, version, interaction_ids=[second])
    assert found.interaction_ids == [second]
    assert [c.id for c in found.thread] == [second]
    assert db.scalars(select(EvaluationInteraction.interaction_id)).all() == [second]


def _second_contact(db: Session, org: Organisation) -> int:
    first = db.get_one(Interaction, org.interactions["ann"])
    second = Interaction(
        source_system="test", source_id="thread-2", batch_id=first.batch_id,
        contact_ref=first.contact_ref, channel=first.channel, direction=first.direction,
        agent_id=first.agent_id, arrived_at=first.arrived_at, outcome=first.outcome,
    )  # fmt: skip
    db.add(second)
    db.commit()
    return second.id


def test_the_same_evaluator_scores_a_contact_once_per_version_others_may_too(
    db: Session, org: Organisation, version: int
) -> None:
    create(db, org, version)
    with pytest.raises(ConflictError):
        create(db, org, version)
    assert create(db, org, version, by="ari").evaluator_user_id == org.users["ari"].id


# --- assignments ------------------------------------------------------------------------------


def _assignment(db: Session, org: Organisation, version: int, evaluator: str = "quinn") -> int:
    found = Assignment(
        scorecard_id=db.get_one(ScorecardVersion, version).scorecard_id,
        interaction_id=org.interactions["ann"], agent_id=org.agents["ann"],
        evaluator_user_id=org.users[evaluator].id, week_start=T0.date(), reason=Reason.RANDOM,
    )  # fmt: skip
    db.add(found)
    db.commit()
    return found.id


def test_submitting_fulfils_the_assignment(db: Session, org: Organisation, version: int) -> None:
    assignment_id = _assignment(db, org, version)
    draft = create(db, org, version, assignment_id=assignment_id, answers=answers_in(ALL_GOOD))
    assert db.get_one(Assignment, assignment_id).status is AssignmentStatus.OPEN
    evaluation_service.submit(session=db, viewer=viewer(db, org, "quinn"), evaluation_id=draft.id)
    db.commit()
    db.expire_all()
    assert db.get_one(Assignment, assignment_id).status is AssignmentStatus.DONE


def test_it_refuses_someone_elses_assignment_or_one_for_another_contact(
    db: Session, org: Organisation, version: int
) -> None:
    theirs = _assignment(db, org, version, evaluator="ari")
    with pytest.raises(FieldError) as refused:
        create(db, org, version, assignment_id=theirs)
    assert fields_of(refused.value) == {"assignment_id"}
    with pytest.raises(FieldError):
        create(db, org, version, agent="amy", assignment_id=theirs, by="ari")


# --- the contact beside the form --------------------------------------------------------------


def test_the_contact_context_carries_its_texts_within_the_interactions_scope(
    db: Session, org: Organisation
) -> None:
    contact = org.interactions["ann"]
    db.add(InteractionText(interaction_id=contact, kind=TextKind.NOTES, body="Refund agreed"))
    db.commit()
    found = evaluation_service.contact_context(
        session=db, viewer=viewer(db, org, "quinn"), interaction_id=contact
    )
    assert (found.agent_id, [(t.kind, t.body) for t in found.texts]) == (
        org.agents["ann"], [(TextKind.NOTES, "Refund agreed")],
    )  # fmt: skip
    with pytest.raises(NotFoundError):
        evaluation_service.contact_context(session=db, viewer=viewer(db, org, "lyn"),
                                           interaction_id=contact)  # fmt: skip
    with pytest.raises(ForbiddenError):
        evaluation_service.contact_context(session=db, viewer=viewer(db, org, "pat"),
                                           interaction_id=contact)  # fmt: skip
