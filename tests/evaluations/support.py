"""Shared by the evaluations tests: a small scorecard whose scores are worked out by hand,
viewers of the access tests' organisation, and the steps of the workflow.

The organisation (``tests/access/conftest.py``): team A1 is ann, lee (its leader, also an
agent) and abe; team A2 is amy, ted and ada, led by lyn; team B1 at site B is bob and bea.
quinn is the quality analyst and ari the administrator (both quality editors and
arbitrators); meg manages site A, max sites A and B; pat plans; cal is compliance. Each agent
handled one contact.

The card ("Voice", pass mark 80):

    open   (weight 1): greet  yes/no, weight 1
                       idv    yes/no, weight 2, compliance, fail_all, N/A not allowed
    solve  (weight 3): accuracy  scale 1–5, weight 2
                       tone      choice warm 2 / neutral 1 / cold 0 (fails), weight 1
                       extra     yes/no bonus, weight 1
                       disclose  yes/no, weight 1, fail_section
"""

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.access.viewer import Viewer
from switchboard.calibration.models import (
    CalibrationInteraction,
    CalibrationParticipant,
    CalibrationSession,
)
from switchboard.domain.quality.lifecycle import VersionStatus
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.schemas import AnswersUpdate, EvaluationCreate, EvaluationDetailRead
from switchboard.interactions.models import Interaction
from switchboard.people.models import Agent
from switchboard.scorecards.models import Scorecard, ScorecardVersion
from tests.access.conftest import T0, Organisation

DEFINITION: dict[str, Any] = {
    "name": "Voice",
    "pass_mark": 80,
    "sections": [
        {"key": "open", "title": "Opening", "weight": 1, "questions": [
            {"key": "greet", "text": "Greeted the customer?"},
            {"key": "idv", "text": "ID&V before disclosure?", "weight": 2, "compliance": True,
             "critical": "fail_all", "allow_na": False},
        ]},
        {"key": "solve", "title": "Resolution", "weight": 3, "questions": [
            {"key": "accuracy", "text": "Accurate information?", "answer_type": "scale",
             "weight": 2, "scale_min": 1, "scale_max": 5},
            {"key": "tone", "text": "Tone", "answer_type": "choice", "choices": [
                {"label": "warm", "points": 2}, {"label": "neutral", "points": 1},
                {"label": "cold", "points": 0, "fails": True}]},
            {"key": "extra", "text": "Went the extra mile?", "bonus": True},
            {"key": "disclose", "text": "Disclosed nothing unasked?", "critical": "fail_section"},
        ]},
    ],
}  # fmt: skip

ALL_GOOD = {"greet": "yes", "idv": "yes", "accuracy": 5, "tone": "warm", "extra": "no",
            "disclose": "yes"}  # fmt: skip
"""Every section 100: overall 100, compliance 100."""
MIXED = {"greet": None, "idv": "yes", "accuracy": 3, "tone": "neutral", "extra": "no",
         "disclose": "yes"}  # fmt: skip
"""open: greet N/A, idv 2 of 2 → 100. solve: accuracy 2·(3−1)/4 = 1, tone 1·1/2 = 0.5,
extra 0 (bonus, possible 0), disclose 1 → 2.5 of 4 = 62.5. Overall (1·100 + 3·62.5) / 4 =
71.875; compliance (idv) 100, passed; below the pass mark of 80."""
MIXED_SCORE = 71.875
UPHELD_SCORE = 90.625
"""MIXED with accuracy corrected to 5: solve 3.5 of 4 = 87.5; (100 + 3·87.5) / 4 = 90.625."""


@pytest.fixture
def version(db: Session, org: Organisation) -> int:
    """The id of the card's published version 1."""
    card = Scorecard(name="Voice", created_by=org.users["quinn"].id)
    db.add(card)
    db.flush()
    found = ScorecardVersion(
        scorecard_id=card.id, version=1, status=VersionStatus.PUBLISHED, definition=DEFINITION,
        created_by=org.users["quinn"].id, published_at=T0,
    )  # fmt: skip
    db.add(found)
    db.commit()
    return found.id


def other_version(db: Session, version_id: int, status: VersionStatus) -> int:
    published = db.get_one(ScorecardVersion, version_id)
    found = ScorecardVersion(scorecard_id=published.scorecard_id, version=2, status=status,
                             definition=DEFINITION)  # fmt: skip
    db.add(found)
    db.commit()
    return found.id


def viewer(db: Session, org: Organisation, name: str) -> Viewer:
    return load_viewer(session=db, user=org.users[name])


def answers_in(values: dict[str, Any], **comments: str) -> dict[str, Any]:
    return {
        key: {"value": value, "comment": comments.get(key, "")} for key, value in values.items()
    }


def create(
    db: Session, org: Organisation, version_id: int, agent: str = "ann", by: str = "quinn",
    **fields: Any,
) -> EvaluationDetailRead:  # fmt: skip
    body = {"version_id": version_id, "interaction_id": org.interactions[agent]} | fields
    found = evaluation_service.create_evaluation(
        session=db, viewer=viewer(db, org, by), evaluation_in=EvaluationCreate.model_validate(body)
    )
    db.commit()
    return found


def save(
    db: Session, org: Organisation, evaluation_id: int, values: dict[str, Any], by: str = "quinn"
) -> EvaluationDetailRead:
    found = evaluation_service.save_answers(
        session=db, viewer=viewer(db, org, by), evaluation_id=evaluation_id,
        answers_in=AnswersUpdate.model_validate({"answers": answers_in(values)}),
    )  # fmt: skip
    db.commit()
    return found


def submitted(
    db: Session, org: Organisation, version_id: int, values: dict[str, Any], agent: str = "ann",
    by: str = "quinn", **fields: Any,
) -> EvaluationDetailRead:  # fmt: skip
    """An evaluation of the agent's contact, answered with ``values`` and submitted."""
    draft = create(db, org, version_id, agent, by, answers=answers_in(values), **fields)
    found = evaluation_service.submit(session=db, viewer=viewer(db, org, by),
                                      evaluation_id=draft.id)  # fmt: skip
    db.commit()
    return found


def own_contact(db: Session, org: Organisation, name: str = "quinn") -> int:
    """Make the user an agent in team A1 with a contact of their own; the contact's id."""
    agent = Agent(display_name=name.title(), team_id=org.teams["A1"], user_id=org.users[name].id)
    db.add(agent)
    db.flush()
    ann = db.get_one(Interaction, org.interactions["ann"])
    contact = Interaction(
        source_system="test", source_id=f"own-{name}", batch_id=ann.batch_id,
        contact_ref=f"own-{name}", channel=ann.channel, direction=ann.direction,
        agent_id=agent.id, arrived_at=T0, outcome=ann.outcome,
    )  # fmt: skip
    db.add(contact)
    db.commit()
    return contact.id


@dataclass(frozen=True)
class Calibration:
    session_id: int
    interaction_id: int


def calibration(
    db: Session,
    org: Organisation,
    version_id: int,
    participants: tuple[str, ...] = ("quinn", "ari"),
) -> Calibration:
    """An open session scoring ann's contact, with ``participants``."""
    found = CalibrationSession(name="November", version_id=version_id,
                               facilitator_user_id=org.users["quinn"].id)  # fmt: skip
    db.add(found)
    db.flush()
    db.add(CalibrationInteraction(session_id=found.id, interaction_id=org.interactions["ann"]))
    db.add_all(CalibrationParticipant(session_id=found.id, user_id=org.users[name].id)
               for name in participants)  # fmt: skip
    db.commit()
    return Calibration(found.id, org.interactions["ann"])
