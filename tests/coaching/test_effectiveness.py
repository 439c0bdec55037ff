"""Coaching effectiveness: the coached KPI over the days before the session against the days
after it, worked by hand on contacts written straight to the store, on both databases.

ann is coached on Sunday 15 Nov 2026 at 10:00 UTC. With 28 days each side, "before" is 18 Oct
to 14 Nov and "after" is 16 Nov to 13 Dec, whole local days; the session's own day belongs to
neither. Europe/London is on GMT from 25 Oct, so local days are UTC days but for the first week
of "before", on summer time: 18 Oct begins at 23:00 UTC on the 17th.
"""

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from switchboard.coaching import effectiveness as coaching_effectiveness
from switchboard.coaching.models import CoachingSession, SessionKind
from switchboard.coaching.schemas import EffectivenessRead
from switchboard.domain.kpi import KpiSettings
from switchboard.ingest.models import IngestBatch
from switchboard.interactions.models import Direction, Interaction, Outcome
from switchboard.kit.errors import NotFoundError
from switchboard.people.models import Channel, Queue
from switchboard.surveys.models import SurveyKind, SurveyResponse
from tests.access.conftest import Organisation
from tests.feedback.support import viewer

HELD = datetime(2026, 11, 15, 10, 0, tzinfo=UTC)
AFTER_ENDS = datetime(2026, 12, 14, tzinfo=UTC)
"""Midnight at the end of 13 Dec, the last day after."""
_ids = count(1)


def _contacts(db: Session, agent_id: int, *handled: tuple[datetime, float, float, float]) -> None:
    """Answered inbound calls: (arrival, talk, hold, wrap) each."""
    queue = db.scalar(select(Queue)) or Queue(name="Billing", channel=Channel.VOICE,
                                               service_level_seconds=20)  # fmt: skip
    db.add(queue)
    batch_id = db.scalars(select(IngestBatch.id)).one()
    db.flush()
    for at, talk, hold, wrap in handled:
        n = next(_ids)
        db.add(Interaction(
            source_system="coaching", source_id=f"k{n}", batch_id=batch_id, contact_ref=f"k{n}",
            channel=Channel.VOICE, direction=Direction.INBOUND, queue_id=queue.id,
            agent_id=agent_id, arrived_at=at, answered_at=at, outcome=Outcome.ANSWERED,
            talk_seconds=talk, hold_seconds=hold, wrap_seconds=wrap,
        ))  # fmt: skip
    db.commit()


def _session(db: Session, agent_id: int, kpi: str | None) -> int:
    found = CoachingSession(agent_id=agent_id, kind=SessionKind.COACHING, held_at=HELD, kpi=kpi)
    db.add(found)
    db.commit()
    return found.id


def _review(
    db: Session, org: Organisation, name: str, session_id: int, now: datetime
) -> EffectivenessRead:
    return coaching_effectiveness.effectiveness(
        session=db, viewer=viewer(db, org, name), session_id=session_id, settings=KpiSettings(),
        timezone="Europe/London", now=now,
    )  # fmt: skip


def day(month: int, date: int, hour: int = 11) -> datetime:
    return datetime(2026, month, date, hour, tzinfo=UTC)


def test_it_compares_the_days_before_with_the_days_after_and_flags_a_small_sample(
    db: Session, org: Organisation
) -> None:
    ann = org.agents["ann"]
    _contacts(
        db, ann,
        (day(10, 17, 22), 900, 0, 100),  # 23:00 BST on 17 Oct, before "before": left out
        (day(10, 17, 23), 240, 30, 30),  # 300 s, at midnight BST: the first moment of "before"
        (day(11, 2), 300, 0, 60),  # 360 s
        (day(11, 14, 23), 200, 0, 40),  # 240 s: before = (300 + 360 + 240) ÷ 3 = 300 s
        (day(11, 15, 12), 1000, 0, 0),  # the session's own day: in neither
        (day(11, 16, 0), 150, 20, 30),  # 200 s
        (day(12, 13, 23), 250, 0, 30),  # 280 s: after = (200 + 280) ÷ 2 = 240 s
        (day(12, 14, 0), 5000, 0, 0),  # the day after "after" ends: left out
    )  # fmt: skip
    found = _review(db, org, "lee", _session(db, ann, "aht"), now=AFTER_ENDS)
    assert found.before is not None
    assert found.after is not None
    assert found.before.model_dump(by_alias=True) == {
        "from": day(10, 18).date(), "to": day(11, 14).date(), "value": 300.0, "sample": 3,
        "sample_kind": "contacts", "low_confidence": True,
    }  # fmt: skip
    assert (found.after.value, found.after.sample) == (240.0, 2)
    assert found.change == -60.0
    assert found.relative_change == pytest.approx(-0.2)
    assert (found.better, found.improved, found.low_confidence) == ("lower", True, True)
    assert (found.verdict, found.complete) == ("too_little_data", True)
    assert found.summary == (
        "AHT fell from 300 s to 240 s (−60 s, −20%) in the 28 days after the session against "
        "the 28 days before: better, but 3 contacts before and 2 after are too few to rely on: "
        "each side needs at least 30."
    )


def test_it_calls_a_change_on_thirty_contacts_each_side(db: Session, org: Organisation) -> None:
    ann = org.agents["ann"]
    before = [(day(10, 20) + timedelta(hours=h), 240.0, 0.0, 60.0) for h in range(30)]  # 300 s
    after = [(day(11, 20) + timedelta(hours=h), 270.0, 0.0, 60.0) for h in range(30)]  # 330 s
    _contacts(db, ann, *before, *after)
    found = _review(db, org, "ann", _session(db, ann, "aht"), now=AFTER_ENDS)
    assert found.before is not None
    assert found.after is not None
    assert (found.before.value, found.after.value, found.before.sample) == (300.0, 330.0, 30)
    assert found.change == 30.0
    assert found.relative_change == pytest.approx(0.1)
    assert (found.improved, found.low_confidence, found.verdict) == (False, False, "worsened")
    assert found.summary == (
        "AHT rose from 300 s to 330 s (+30 s, +10%) in the 28 days after the session against "
        "the 28 days before: worse."
    )


def test_it_takes_a_shorter_window_and_a_kpi_where_lower_is_better_as_a_share(
    db: Session, org: Organisation
) -> None:
    """Transfer rate, 7 days each side (8 Nov to 14 Nov, 16 Nov to 22 Nov): 1 of 2 transferred
    before, 0 of 1 after; a 50-point fall, which is better."""
    ann = org.agents["ann"]
    _contacts(db, ann, (day(11, 8), 100, 0, 0), (day(11, 9), 100, 0, 0), (day(11, 16), 100, 0, 0))
    first = update(Interaction).where(Interaction.arrived_at == day(11, 8))
    db.execute(first.values(transferred=True, outcome=Outcome.TRANSFERRED))
    db.commit()
    found = coaching_effectiveness.effectiveness(
        session=db, viewer=viewer(db, org, "lee"), session_id=_session(db, ann, "transfer_rate"),
        settings=KpiSettings(), timezone="Europe/London", days=7, now=AFTER_ENDS,
    )  # fmt: skip
    assert found.before is not None
    assert found.after is not None
    assert (found.before.to, found.after.from_) == (day(11, 14).date(), day(11, 16).date())
    assert (found.before.value, found.after.value, found.improved) == (0.5, 0.0, True)
    assert found.summary.startswith("Transfer rate fell from 50% to 0% (−50 points) in the 7 days")


def test_it_says_so_while_the_days_after_are_not_over(db: Session, org: Organisation) -> None:
    ann = org.agents["ann"]
    _contacts(db, ann, (day(11, 2), 300, 0, 0), (day(11, 16), 300, 0, 0))
    found = _review(db, org, "lee", _session(db, ann, "aht"), now=day(11, 29))
    assert (found.complete, found.verdict) == (False, "too_little_data")
    assert found.summary.endswith(
        "The days after the session run to 13 Dec 2026: this is not final."
    )


def test_it_says_when_there_is_nothing_to_compare(db: Session, org: Organisation) -> None:
    ann = org.agents["ann"]
    found = _review(db, org, "lee", _session(db, ann, "fcr"), now=AFTER_ENDS)
    assert found.before is not None
    assert (found.before.value, found.change, found.improved, found.verdict) == (
        None, None, None, "no_data",
    )  # fmt: skip
    found = _review(db, org, "lee", _session(db, ann, None), now=AFTER_ENDS)
    assert (found.kpi, found.before, found.verdict) == (None, None, "no_kpi")
    assert found.summary == "This session names no coached KPI, so there is nothing to compare."


def test_it_reads_only_the_coached_agents_contacts_and_only_in_sight(
    db: Session, org: Organisation
) -> None:
    ann, abe = org.agents["ann"], org.agents["abe"]
    _contacts(db, ann, (day(11, 2), 300, 0, 0), (day(11, 16), 200, 0, 0))
    _contacts(db, abe, (day(11, 2), 900, 0, 0), (day(11, 16), 900, 0, 0))
    session_id = _session(db, ann, "aht")
    found = _review(db, org, "meg", session_id, now=AFTER_ENDS)
    assert found.before is not None
    assert found.after is not None
    assert (found.before.value, found.after.value) == (300.0, 200.0)
    for name in ("lyn", "amy", "bob"):
        with pytest.raises(NotFoundError):
            _review(db, org, name, session_id, now=AFTER_ENDS)


def test_it_calls_a_rise_better_where_higher_is_better(db: Session, org: Organisation) -> None:
    """CSAT on 1-5, top two boxes: 5 and 3 before (1 of 2 satisfied, 50%), 4 after (100%)."""
    ann = org.agents["ann"]
    _contacts(db, ann, (day(11, 2), 100, 0, 0), (day(11, 3), 100, 0, 0), (day(11, 20), 100, 0, 0))
    batch_id = db.scalars(select(IngestBatch.id)).one()
    rated = db.scalars(select(Interaction).where(Interaction.agent_id == ann)
                       .where(Interaction.source_system == "coaching")
                       .order_by(Interaction.arrived_at)).all()  # fmt: skip
    for n, (contact, score) in enumerate(zip(rated, (5, 3, 4), strict=True)):
        db.add(SurveyResponse(
            source_system="coaching", source_id=f"r{n}", batch_id=batch_id,
            interaction_source_system="coaching", interaction_source_id=contact.source_id,
            interaction_id=contact.id, kind=SurveyKind.CSAT, score=score, scale_min=1,
            scale_max=5, responded_at=contact.arrived_at,
        ))  # fmt: skip
    db.commit()
    found = _review(db, org, "lee", _session(db, ann, "csat"), now=AFTER_ENDS)
    assert found.before is not None
    assert found.after is not None
    assert (found.before.value, found.after.value, found.before.sample) == (0.5, 1.0, 2)
    assert (found.better, found.improved, found.verdict) == ("higher", True, "too_little_data")
    assert found.before.sample_kind == "survey responses"
    assert found.summary.startswith(
        "CSAT rose from 50% to 100% (+50 points) in the 28 days after the session against the "
        "28 days before: better, but 2 survey responses before and 1 after are too few"
    )
