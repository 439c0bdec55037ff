"""Group commit: waiting exports share one transaction, each returns only once its row is
committed, and a failed transaction fails every caller whose row was in it."""

import threading

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from switchboard.audit import service
from switchboard.audit.group_commit import GroupCommitter
from switchboard.audit.models import AuditEntry
from switchboard.db.engine import unit_of_work

WAITERS = 19


def exported(session: Session) -> None:
    service.record_export(session, actor_user_id=1, object_type="people", rows=1)


def rows(engine: Engine) -> int:
    with unit_of_work(engine) as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_writers_queued_behind_the_first_share_one_transaction(engine: Engine) -> None:
    committer = GroupCommitter(engine)
    commits: list[object] = []
    event.listen(engine, "commit", lambda *_: commits.append(1))
    queued = threading.Event()

    def first(session: Session) -> None:
        assert queued.wait(10), "the others never queued"  # hold the lock while they queue
        exported(session)

    leader = threading.Thread(target=committer.commit, args=(first,))
    leader.start()
    others = [threading.Thread(target=committer.commit, args=(exported,)) for _ in range(WAITERS)]
    for thread in others:
        thread.start()
    while len(committer._queue) < WAITERS:  # every other writer is waiting for the first
        threading.Event().wait(0.01)
    queued.set()
    for thread in (leader, *others):
        thread.join(10)
    assert len(commits) == 2  # the first writer's transaction, then one for the 19 behind it
    assert rows(engine) == WAITERS + 1
    with unit_of_work(engine) as session:
        assert service.verify(session).intact


def test_a_failed_transaction_fails_every_writer_in_it(engine: Engine) -> None:
    committer = GroupCommitter(engine)
    with pytest.raises(ZeroDivisionError):
        committer.commit(lambda session: 1 / 0)
    assert rows(engine) == 0
    committer.commit(exported)  # the committer is free again
    assert rows(engine) == 1


def test_a_leader_writes_one_batch_then_hands_the_lead_on(engine: Engine) -> None:
    """The first writer returns once its own batch commits, while the writers that queued
    during that batch are still being written by one of them: no request writes for others
    batch after batch."""
    committer = GroupCommitter(engine)
    second_batch_started, release_second_batch = threading.Event(), threading.Event()
    queued = threading.Event()

    def first(session: Session) -> None:
        assert queued.wait(10), "the second writer never queued"
        exported(session)

    def second(session: Session) -> None:
        second_batch_started.set()
        assert release_second_batch.wait(10), "never released"
        exported(session)

    leader = threading.Thread(target=committer.commit, args=(first,))
    leader.start()
    follower = threading.Thread(target=committer.commit, args=(second,))
    follower.start()
    while len(committer._queue) < 1:
        threading.Event().wait(0.01)
    queued.set()
    assert second_batch_started.wait(10)  # the follower leads the second batch...
    leader.join(10)
    assert not leader.is_alive()  # ...and the first writer has already returned
    assert rows(engine) == 1
    release_second_batch.set()
    follower.join(10)
    assert rows(engine) == 2
