"""A sampling run over the organisation's week: targets, idempotency, fairness, own contacts."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from switchboard.domain.quality.lifecycle import AssignmentStatus, Reason
from switchboard.interactions.models import Direction, Outcome
from switchboard.kit.errors import FieldError
from switchboard.sampling import service
from tests.access.conftest import AGENTS, T0, Organisation
from tests.sampling.support import (
    WEEK,
    agent_of,
    analyst,
    assignments,
    contact,
    rule,
    targets,
)

TIMEZONE = "Europe/London"


def run(db: Session, week=WEEK, seed=None, timezone=TIMEZONE):  # type: ignore[no-untyped-def]
    summary = service.sample_week(session=db, week_start=week, seed=seed, timezone=timezone,
                                  actor_user_id=None)  # fmt: skip
    db.commit()
    return summary


def test_each_targeted_rule_picks_the_contact_it_targets(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    expected = targets(db, org)
    for reason in reversed(list(expected)):  # made in the wrong order: the run sorts them
        rule(db, scorecard_id, reason)
    summary = run(db)
    assert {a.interaction_id: a.reason for a in assignments(db)} == {
        interaction_id: reason for reason, interaction_id in expected.items()
    }
    assert summary.by_reason == {"complaint": 1, "low_csat": 1, "long_handle": 1,
                                 "transfer": 1, "new_starter": 1, "random": 0}  # fmt: skip


def test_a_contact_matching_several_rules_goes_to_the_strongest_reason(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    both = contact(db, org.agents["nat"], disposition="complaint", transferred=True)
    rule(db, scorecard_id, Reason.TRANSFER)
    rule(db, scorecard_id, Reason.COMPLAINT)
    run(db)
    assert [(a.interaction_id, a.reason) for a in assignments(db)] == [(both, Reason.COMPLAINT)]


def test_random_sampling_reads_only_the_weeks_answered_inbound_contacts_with_an_agent(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    ann = org.agents["ann"]
    contact(db, ann, direction=Direction.OUTBOUND)
    contact(db, ann, outcome=Outcome.ABANDONED)
    contact(db, ann, at=T0 - timedelta(days=7))
    contact(db, ann, at=T0 + timedelta(days=7))
    transferred = contact(db, ann, outcome=Outcome.TRANSFERRED)
    db.commit()
    rule(db, scorecard_id, Reason.RANDOM, per_agent=50)
    summary = run(db)
    picked = {a.interaction_id for a in assignments(db)}
    every_agents_own = {org.interactions[name] for name in AGENTS}
    assert picked == every_agents_own | {transferred}
    assert summary.candidates == len(picked)


def test_the_week_runs_from_monday_midnight_in_the_centres_timezone(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    # 03:00 UTC on Monday 30 Nov is 22:00 on Sunday 29 Nov in New York: still that week.
    late = contact(db, org.agents["nat"], at=datetime(2026, 11, 30, 3, tzinfo=UTC))
    early = contact(db, org.agents["nat"], at=datetime(2026, 11, 23, 3, tzinfo=UTC))
    db.commit()
    rule(db, scorecard_id, Reason.RANDOM, per_agent=50)
    run(db, timezone="America/New_York")
    picked = {a.interaction_id for a in assignments(db)}
    assert late in picked
    assert early not in picked
    due = {a.due_at for a in assignments(db)}
    assert len(due) == 1
    (due_at,) = due
    assert due_at is not None
    assert due_at.replace(tzinfo=UTC) == datetime(2026, 12, 7, 5, tzinfo=UTC)


def test_running_the_same_week_again_adds_nothing(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    targets(db, org)
    for reason in Reason:
        rule(db, scorecard_id, reason, per_agent=2)
    first = run(db)
    made = [(a.interaction_id, a.evaluator_user_id, a.reason) for a in assignments(db)]
    second = run(db)
    assert first.picked == len(made) > 0
    assert second.picked == 0
    assert sum(second.by_reason.values()) == 0
    assert [(a.interaction_id, a.evaluator_user_id, a.reason) for a in assignments(db)] == made


def test_a_rerun_only_tops_up_after_new_contacts_arrive(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    rule(db, scorecard_id, Reason.RANDOM, per_agent=2)
    first = run(db)
    assert first.picked == len(AGENTS)  # one contact each so far
    contact(db, org.agents["ann"])
    contact(db, org.agents["ann"])
    db.commit()
    assert run(db).picked == 1  # ann's quota of two, less the one she already has


def test_the_default_seed_is_the_week_so_a_fresh_store_draws_the_same(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    for _ in range(3):
        contact(db, org.agents["ann"])
    db.commit()
    rule(db, scorecard_id, Reason.RANDOM, per_agent=1)
    summary = run(db)
    assert summary.seed == 20261123
    drawn = {a.interaction_id for a in assignments(db)}
    for a in assignments(db):
        db.delete(a)
    db.commit()
    run(db, seed=20261123)
    assert {a.interaction_id for a in assignments(db)} == drawn


def test_it_spreads_the_contacts_fairly_across_the_quality_analysts(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    for name in ("qia", "qiu"):
        analyst(db, name)
    for agent_id in org.agents.values():
        contact(db, agent_id)
    db.commit()
    rule(db, scorecard_id, Reason.RANDOM, per_agent=50)
    summary = run(db)
    loads = Counter(a.evaluator_user_id for a in assignments(db))
    assert len(loads) == 3
    assert max(loads.values()) - min(loads.values()) <= 1
    assert sum(row.assigned for row in summary.by_evaluator) == summary.picked == 18


def test_open_assignments_count_as_load(db: Session, org: Organisation, scorecard_id: int) -> None:
    rule(db, scorecard_id, Reason.RANDOM, per_agent=50)
    run(db)  # quinn alone takes all nine
    analyst(db, "qia")
    for agent_id in org.agents.values():
        contact(db, agent_id)
    db.commit()
    summary = run(db)
    given = {row.user_id: (row.assigned, row.open) for row in summary.by_evaluator}
    assert given[org.users["quinn"].id] == (0, 9)
    assert given[max(given)] == (9, 9)


def test_it_never_gives_an_evaluator_their_own_contacts(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    qia = analyst(db, "qia", agent=True)
    own = agent_of(db, qia)
    for _ in range(6):
        contact(db, own)
    db.commit()
    rule(db, scorecard_id, Reason.RANDOM, per_agent=50)
    run(db)
    theirs = [a for a in assignments(db) if a.agent_id == own]
    assert len(theirs) == 6
    assert all(a.evaluator_user_id == org.users["quinn"].id for a in theirs)


def test_a_contact_no_evaluator_may_take_is_counted_not_written(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    quinn = org.users["quinn"]
    quinn.active = False
    qia = analyst(db, "qia", agent=True)
    contact(db, agent_of(db, qia))
    db.commit()
    rule(db, scorecard_id, Reason.RANDOM, per_agent=50)
    summary = run(db)
    assert summary.unassignable == 1
    assert all(a.evaluator_user_id == qia.id for a in assignments(db))
    assert [row.user_id for row in summary.by_evaluator] == [qia.id]


def test_a_cancelled_assignment_keeps_its_contact_out_of_later_runs(
    db: Session, org: Organisation, scorecard_id: int
) -> None:
    rule(db, scorecard_id, Reason.RANDOM, per_agent=1)
    run(db)
    for a in assignments(db):
        a.status = AssignmentStatus.CANCELLED
    db.commit()
    assert run(db).picked == 0


def test_inactive_rules_pick_nothing(db: Session, org: Organisation, scorecard_id: int) -> None:
    rule(db, scorecard_id, Reason.RANDOM, per_agent=5, active=False)
    assert run(db).picked == 0


@pytest.mark.parametrize("day", [WEEK + timedelta(days=n) for n in range(1, 7)])
def test_a_week_must_start_on_a_monday(db: Session, org: Organisation, day) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(FieldError) as refused:
        run(db, week=day)
    assert refused.value.problems[0].field == "week_start"
    assert day.strftime("%A") in refused.value.problems[0].message
