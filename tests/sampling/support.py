"""Contacts with known handle times, CSAT, dispositions and transfers in the week of the access
tests' organisation, and a scorecard to sample for.

The organisation's contacts (one per agent, ``T0`` = Friday 27 Nov 2026, 09:00 UTC) fall in
the week of Monday 23 Nov. :func:`targets` adds one contact per targeted reason, each on its
own agent, so each reason's rule has exactly one contact to find.
"""

from datetime import date, datetime
from itertools import count
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.domain.quality.lifecycle import Reason
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.interactions.models import Direction, Interaction, Outcome
from switchboard.people.models import Agent, Channel, Role, User
from switchboard.sampling.models import Assignment, SamplingRule
from switchboard.scorecards.models import Scorecard
from switchboard.surveys.models import SurveyKind, SurveyResponse
from tests.access.conftest import T0, Organisation

WEEK = date(2026, 11, 23)
"""The Monday of the organisation's week."""
_serial = count(1)


@pytest.fixture
def scorecard_id(db: Session, org: Organisation) -> int:
    card = Scorecard(name="Voice QA", created_by=org.users["quinn"].id)
    db.add(card)
    db.commit()
    return card.id


def viewer(db: Session, org: Organisation, name: str) -> Viewer:
    return load_viewer(session=db, user=org.users[name])


def batch(db: Session) -> int:
    found = db.scalar(select(IngestBatch.id).order_by(IngestBatch.id))
    if found is not None:
        return found
    record = IngestBatch(source="test", file_name="s.csv", file_digest="1" * 64, file_bytes=0,
                         status=BatchStatus.COMPLETED)  # fmt: skip
    db.add(record)
    db.flush()
    return record.id


def contact(db: Session, agent_id: int | None, at: datetime = T0, **fields: Any) -> int:
    n = next(_serial)
    record = Interaction(
        source_system="sampling", source_id=f"s{n}", batch_id=batch(db), contact_ref=f"s{n}",
        channel=Channel.VOICE, direction=fields.pop("direction", Direction.INBOUND),
        agent_id=agent_id, arrived_at=at, outcome=fields.pop("outcome", Outcome.ANSWERED),
        **fields,
    )  # fmt: skip
    db.add(record)
    db.flush()
    return record.id


def csat(db: Session, interaction_id: int, score: float) -> None:
    n = next(_serial)
    db.add(SurveyResponse(
        source_system="sampling", source_id=f"r{n}", batch_id=batch(db),
        interaction_source_system="sampling", interaction_source_id="x",
        interaction_id=interaction_id, kind=SurveyKind.CSAT, score=score, scale_min=1,
        scale_max=5, responded_at=T0,
    ))  # fmt: skip
    db.flush()


def targets(db: Session, org: Organisation) -> dict[Reason, int]:
    """One contact per targeted reason, each on its own agent; ``new_starter`` is abe's own
    organisation contact, abe having started three weeks before it."""
    a = org.agents
    found = {
        Reason.COMPLAINT: contact(db, a["ann"], disposition="Customer COMPLAINT - billing"),
        Reason.LOW_CSAT: contact(db, a["amy"], disposition="billing"),
        Reason.LONG_HANDLE: contact(
            db, a["bob"], talk_seconds=2400.0, hold_seconds=300.0, wrap_seconds=300.0
        ),
        Reason.TRANSFER: contact(db, a["ada"], transferred=True),
        Reason.NEW_STARTER: org.interactions["abe"],
    }
    csat(db, found[Reason.LOW_CSAT], 4.0)
    csat(db, found[Reason.LOW_CSAT], 1.0)  # the lowest of its scores counts
    csat(db, org.interactions["ann"], 5.0)
    db.get_one(Agent, a["abe"]).started_on = date(2026, 11, 6)
    db.commit()
    return found


def rule(db: Session, scorecard_id: int, reason: Reason, per_agent: int = 1, **fields: Any) -> int:
    record = SamplingRule(name=f"{reason.value} {next(_serial)}", reason=reason,
                          per_agent=per_agent, scorecard_id=scorecard_id, **fields)  # fmt: skip
    db.add(record)
    db.commit()
    return record.id


def analyst(db: Session, name: str, *, agent: bool = False) -> User:
    """Another quality analyst, with an agent record of their own when ``agent``."""
    user = User(username=name, display_name=name.title(), role=Role.QUALITY_ANALYST)
    db.add(user)
    db.flush()
    if agent:
        db.add(Agent(display_name=name.title(), user_id=user.id))
    db.commit()
    return user


def agent_of(db: Session, user: User) -> int:
    found = db.scalar(select(Agent.id).where(Agent.user_id == user.id))
    assert found is not None
    return found


def assignments(db: Session) -> list[Assignment]:
    db.expire_all()
    return list(db.scalars(select(Assignment).order_by(Assignment.id)))
