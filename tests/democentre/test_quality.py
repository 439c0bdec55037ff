"""The demo's quality records, on SQLite and PostgreSQL: the published scorecard, sampled and
scored contacts with believable scores, one resolved dispute that changed a score, and a
closed calibration session whose report flags only the deliberately vague question; a rerun
adds nothing."""

from datetime import date
from statistics import mean

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from switchboard.calibration import service as calibration_service
from switchboard.config import Settings
from switchboard.db.engine import unit_of_work
from switchboard.democentre.coaching import plan_coaching
from switchboard.democentre.generate import DemoRequest, Generated, generate
from switchboard.democentre.loading import load_files
from switchboard.democentre.quality import SeededQuality, seed_quality
from switchboard.democentre.quality_calibration import VAGUE
from switchboard.democentre.signins import set_up_people
from switchboard.domain.quality.lifecycle import (
    DisputeOutcome,
    EvaluationKind,
    SessionStatus,
    Status,
    VersionStatus,
)
from switchboard.evaluations.models import Dispute, Evaluation, ScoreChange
from switchboard.people.models import Agent
from switchboard.sampling.models import Assignment
from switchboard.scorecards.models import ScorecardVersion

CENTRE = DemoRequest(weeks=4, agents=20, seed=1, today=date(2026, 11, 25))


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate(CENTRE, tmp_path_factory.mktemp("quality-centre"))


def seed(engine: Engine, centre: Generated) -> SeededQuality:
    calendar, staff = CENTRE.calendar(), centre.centre.staff
    with unit_of_work(engine) as session:
        people = set_up_people(session=session, staff=staff, timezone=CENTRE.timezone)
        return seed_quality(
            session=session, people=people, staff=staff, calendar=calendar,
            coaching=plan_coaching(calendar, staff), timezone=CENTRE.timezone, seed=CENTRE.seed,
        )  # fmt: skip


def count(session: Session, table: type) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_the_demo_scores_sampled_contacts_with_a_dispute_and_calibration_once(
    engine: Engine, settings: Settings, centre: Generated
) -> None:
    load_files(engine, centre.files, settings)
    seeded = seed(engine, centre)
    assert seeded.calibration_session_id is not None
    with unit_of_work(engine) as session:
        version = session.scalars(select(ScorecardVersion)).one()
        assert version.status is VersionStatus.PUBLISHED
        regular = list(session.scalars(
            select(Evaluation).where(Evaluation.kind == EvaluationKind.REGULAR)))  # fmt: skip
        # One random contact per agent a week, and every complaint and low-CSAT one.
        assert 80 <= len(regular) <= 160
        assert (seeded.evaluated, seeded.calibration) == (len(regular), 18)
        scores = [e.score for e in regular if e.status is not Status.DRAFT]
        assert all(score is not None for score in scores)
        assert 78 <= mean(s for s in scores if s is not None) <= 92
        drafts = [e for e in regular if e.status is Status.DRAFT]
        assert 0 < len(drafts) == seeded.drafts < len(regular) / 10
        assert sum(e.auto_failed for e in regular) >= 1
        assert not session.scalar(select(func.count()).select_from(Evaluation).join(
            Agent, Agent.id == Evaluation.agent_id).where(
                Agent.user_id == Evaluation.evaluator_user_id))  # fmt: skip
        assert count(session, Assignment) == seeded.sampled > len(regular)
    assert_one_dispute_resolved_with_a_score_change(engine)
    assert_the_calibration_report_flags_the_vague_question(engine, seeded.calibration_session_id)
    with unit_of_work(engine) as session:
        before = [count(session, table) for table in (Evaluation, Assignment, Dispute)]
    assert seed(engine, centre) == SeededQuality()
    with unit_of_work(engine) as session:
        assert [count(session, table) for table in (Evaluation, Assignment, Dispute)] == before


def assert_one_dispute_resolved_with_a_score_change(engine: Engine) -> None:
    with unit_of_work(engine) as session:
        disputes = list(session.scalars(select(Dispute)))
        resolved = [d for d in disputes if d.resolved_at is not None]
        assert len(disputes) == 2
        assert len(resolved) == 1
        (dispute,) = resolved
        assert dispute.outcome is DisputeOutcome.PARTLY_UPHELD
        evaluation = session.get_one(Evaluation, dispute.evaluation_id)
        assert evaluation.status is Status.RESOLVED
        assert dispute.arbitrator_user_id != evaluation.evaluator_user_id
        change = session.scalars(select(ScoreChange).where(
            ScoreChange.evaluation_id == evaluation.id,
            ScoreChange.event == "dispute_resolved")).one()  # fmt: skip
        assert change.to_score is not None
        assert change.from_score is not None
        assert change.to_score > change.from_score
        assert evaluation.score == change.to_score


def assert_the_calibration_report_flags_the_vague_question(engine: Engine, session_id: int) -> None:
    with unit_of_work(engine) as session:
        report = calibration_service.build_report(session=session, session_id=session_id)
        calibrated = list(session.scalars(
            select(Evaluation).where(Evaluation.kind == EvaluationKind.CALIBRATION)))  # fmt: skip
    assert report.status is SessionStatus.CLOSED
    assert report.evaluations.expected == report.evaluations.submitted == 18
    assert {e.status for e in calibrated} == {Status.SUBMITTED}
    flagged = {q.key for q in report.questions if q.flagged}
    assert flagged == {VAGUE}
    vague = next(q for q in report.questions if q.key == VAGUE)
    assert vague.alpha is not None
    assert vague.alpha < report.threshold
    others = [q.alpha for q in report.questions if q.key != VAGUE]
    assert all(alpha is not None and alpha >= 0.8 for alpha in others)
