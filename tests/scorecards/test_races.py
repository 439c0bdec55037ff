"""A new scorecard's name that a concurrent request takes between the check and the insert
(no row yet, so nothing to lock) answers 409, never a 500; on both databases."""

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from switchboard.kit.errors import ConflictError
from switchboard.scorecards import repository as scorecard_repo
from switchboard.scorecards import service
from switchboard.scorecards.models import Scorecard
from switchboard.scorecards.schemas import ScorecardCreate
from tests.access.conftest import Organisation
from tests.scorecards.support import small, viewer

TAKEN = "another request has just made a scorecard named 'Small'"


@pytest.fixture
def made_meanwhile(db: Session, org: Organisation, monkeypatch: pytest.MonkeyPatch) -> None:
    """'Small' exists, but the service's look-up by name finds nothing, as it would while the
    request that made it had not committed."""
    scorecard_in = ScorecardCreate(name="Small", definition=small())
    service.create_scorecard(session=db, viewer=viewer(db, org, "quinn"), scorecard_in=scorecard_in)
    db.commit()
    monkeypatch.setattr(scorecard_repo, "by_name", lambda *_, **__: None)


def _count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Scorecard)) or 0


@pytest.mark.usefixtures("made_meanwhile")
def test_creating_a_scorecard_named_meanwhile_is_a_conflict(db: Session, org: Organisation) -> None:
    scorecard_in = ScorecardCreate(name="Small", definition=small())
    with pytest.raises(ConflictError, match=TAKEN):
        service.create_scorecard(session=db, viewer=viewer(db, org, "ari"),
                                 scorecard_in=scorecard_in)  # fmt: skip
    db.rollback()
    assert _count(db) == 1


@pytest.mark.usefixtures("made_meanwhile")
def test_importing_a_scorecard_named_meanwhile_is_a_conflict(db: Session) -> None:
    with pytest.raises(ConflictError, match=TAKEN):
        service.imported(session=db, viewer=None, text=json.dumps(small(pass_mark=70)),
                         filename="small.json", publish=True)  # fmt: skip
    db.rollback()
    assert _count(db) == 1
