"""Two sampling runs at once take turns, and a unique constraint a race still meets (an
assignment, a rule's name) answers 409, never a 500; on both databases."""

from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from switchboard.domain.quality.lifecycle import Reason
from switchboard.kit.errors import ConflictError
from switchboard.sampling import repository as sampling_repo
from switchboard.sampling import service
from switchboard.sampling.schemas import SamplingRuleCreate, SamplingRuleUpdate
from tests.access.conftest import Organisation
from tests.evaluations.concurrency import blocked_meanwhile
from tests.sampling.support import WEEK, assignments, rule, targets, viewer

TIMEZONE = "Europe/London"


def run(db: Session) -> Any:
    return service.sample_week(session=db, week_start=WEEK, seed=None, timezone=TIMEZONE,
                               actor_user_id=None)  # fmt: skip


def test_a_run_that_meets_another_runs_assignments_is_a_conflict(
    db: Session, org: Organisation, scorecard_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets(db, org)
    rule(db, scorecard_id, Reason.RANDOM)
    run(db)
    db.commit()
    made = len(assignments(db))
    # As if the first run had not committed when this one read the week's assignments.
    monkeypatch.setattr(sampling_repo, "assigned_in_week", lambda *_: set())
    with pytest.raises(ConflictError, match="another sampling run for this week is in progress"):
        run(db)
    db.rollback()
    assert len(assignments(db)) == made > 0


def test_a_second_run_waits_for_the_first_then_only_tops_up(
    engine: Engine, db: Session, org: Organisation, scorecard_id: int
) -> None:
    targets(db, org)
    rule(db, scorecard_id, Reason.RANDOM)
    first = run(db)
    outcome = blocked_meanwhile(engine, run, db.commit)
    assert first.picked == len(assignments(db)) > 0
    assert outcome.result().picked == 0


def test_a_rule_named_meanwhile_by_another_request_is_a_conflict(
    db: Session, org: Organisation, scorecard_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    quinn = viewer(db, org, "quinn")
    body = {"name": "Complaints", "reason": "complaint", "scorecard_id": scorecard_id}
    service.create_rule(session=db, viewer=quinn, rule_in=SamplingRuleCreate(**body))
    other = service.create_rule(session=db, viewer=quinn,
                                rule_in=SamplingRuleCreate(**body | {"name": "Other"}))  # fmt: skip
    db.commit()
    monkeypatch.setattr(sampling_repo, "rule_named", lambda *_: None)
    with pytest.raises(ConflictError, match="just named a sampling rule 'Complaints'"):
        service.create_rule(session=db, viewer=quinn, rule_in=SamplingRuleCreate(**body))
    db.rollback()  # as the unit of work does (on SQLite the 409 leaves no savepoint to undo)
    with pytest.raises(ConflictError, match="just named a sampling rule 'Complaints'"):
        service.update_rule(session=db, viewer=quinn, rule_id=other.id,
                            rule_in=SamplingRuleUpdate(**body))  # fmt: skip
