"""A calibration session with known answers, on the access tests' organisation.

quinn (quality), ari (admin) and lyn (a team leader who takes no contacts) score the contacts
of ann, amy, bob and bea on a five-question scorecard. lyn's evaluation of bea's contact is
still a draft, so the report reads 11 of the 12 expected. ``idv`` is "yes" everywhere (no
variation) and ``pci`` N/A everywhere (nothing to compare): both leave alpha undefined.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from switchboard.access.service import load_viewer
from switchboard.calibration import service
from switchboard.calibration.schemas import CalibrationSessionCreate
from switchboard.domain.quality.lifecycle import EvaluationKind, Status, VersionStatus
from switchboard.evaluations.models import Evaluation, EvaluationAnswer
from switchboard.scorecards.models import Scorecard, ScorecardVersion
from tests.access.conftest import T0, Organisation

DEFINITION = {
    "name": "Voice",
    "sections": [{"key": "main", "title": "Main", "questions": [
        {"key": "greet", "text": "Greeted the customer?"},
        {"key": "resolve", "text": "Resolved it?", "answer_type": "choice", "choices": [
            {"label": "fully", "points": 2}, {"label": "partly", "points": 1},
            {"label": "not", "points": 0}]},
        {"key": "tone", "text": "Tone", "answer_type": "scale", "scale_min": 1, "scale_max": 5},
        {"key": "idv", "text": "ID&V before disclosure?", "compliance": True},
        {"key": "pci", "text": "Card taken by the secure line?", "compliance": True},
    ]}],
}  # fmt: skip
CODERS = ("quinn", "ari", "lyn")
UNITS = ("ann", "amy", "bob", "bea")
N = None
ANSWERS: dict[str, dict[str, list[str | None]]] = {
    "greet": {"quinn": ["yes", "yes", "no", "yes"], "ari": ["yes", "no", "no", "yes"],
              "lyn": ["yes", "yes", "no", N]},
    "resolve": {"quinn": ["fully", "partly", "not", "fully"],
                "ari": ["fully", "partly", "partly", "fully"],
                "lyn": ["partly", "partly", "not", "fully"]},
    "tone": {"quinn": ["5", "4", "2", "3"], "ari": ["4", "4", "1", "3"], "lyn": ["5", "3", "2", N]},
    "idv": {name: ["yes"] * 4 for name in CODERS},
    "pci": {name: [N] * 4 for name in CODERS},
}  # fmt: skip
SCORES = {"quinn": [90.0, 70.0, 40.0, 80.0], "ari": [85.0, 60.0, 35.0, 80.0],
          "lyn": [95.0, 75.0, 45.0, 50.0]}  # fmt: skip
DRAFT = ("lyn", "bea")
"""Not submitted: left out of the report."""


@dataclass(frozen=True)
class Known:
    session_id: int
    version_id: int


def version(db: Session, org: Organisation, status: VersionStatus = VersionStatus.PUBLISHED) -> int:
    card = Scorecard(name=f"Voice {status.value}")
    db.add(card)
    db.flush()
    record = ScorecardVersion(scorecard_id=card.id, version=1, status=status, definition=DEFINITION)
    db.add(record)
    db.commit()
    return record.id


def create(db: Session, org: Organisation, version_id: int, **changes: object) -> int:
    body = {
        "name": "November calibration", "version_id": version_id,
        "interaction_ids": [org.interactions[u] for u in UNITS],
        "participant_user_ids": [org.users[c].id for c in CODERS],
    } | changes  # fmt: skip
    viewer = load_viewer(session=db, user=org.users["quinn"])
    made = service.create_session(
        session=db, viewer=viewer, session_in=CalibrationSessionCreate.model_validate(body)
    )
    db.commit()
    return made.id


def score(db: Session, org: Organisation, session_id: int, version_id: int) -> None:
    for c, coder in enumerate(CODERS):
        for u, unit in enumerate(UNITS):
            submitted = (coder, unit) != DRAFT
            evaluation = Evaluation(
                version_id=version_id, interaction_id=org.interactions[unit], contact_at=T0,
                agent_id=org.agents[unit], evaluator_user_id=org.users[coder].id,
                kind=EvaluationKind.CALIBRATION, calibration_session_id=session_id,
                status=Status.SUBMITTED if submitted else Status.DRAFT, score=SCORES[coder][u],
                submitted_at=T0 + timedelta(hours=c) if submitted else None,
            )  # fmt: skip
            db.add(evaluation)
            db.flush()
            db.add_all(
                EvaluationAnswer(
                    evaluation_id=evaluation.id, question_key=key, value=answers[coder][u]
                )
                for key, answers in ANSWERS.items()
            )
    db.commit()


@pytest.fixture
def known(db: Session, org: Organisation) -> Known:
    version_id = version(db, org)
    session_id = create(db, org, version_id)
    score(db, org, session_id, version_id)
    return Known(session_id, version_id)
