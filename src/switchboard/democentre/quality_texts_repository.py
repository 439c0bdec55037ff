"""The queries of the demo's contact texts: which contacts the analysts evaluated."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.domain.quality.lifecycle import EvaluationKind
from switchboard.evaluations.models import Evaluation
from switchboard.interactions.models import Interaction


def evaluated_contacts(session: Session) -> list[Interaction]:
    """Every contact with an evaluation of any kind, oldest id first."""
    scored = select(Evaluation.interaction_id)
    query = select(Interaction).where(Interaction.id.in_(scored)).order_by(Interaction.id)
    return list(session.scalars(query))


def calibration_contacts(session: Session) -> list[int]:
    """The contacts scored in calibration, in the order they were first scored."""
    query = (
        select(Evaluation.interaction_id)
        .where(Evaluation.kind == EvaluationKind.CALIBRATION)
        .order_by(Evaluation.id)
    )
    return list(dict.fromkeys(session.scalars(query)))
