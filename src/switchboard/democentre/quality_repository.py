"""Every query of the demo's quality records that the quality services do not answer: the
sampled contacts as an evaluator reads them, and contacts for the calibration session."""

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.interactions.models import Interaction, Outcome
from switchboard.people.models import Agent, Channel
from switchboard.sampling.models import Assignment


def assignments(session: Session, scorecard_id: int) -> list[Assignment]:
    """The scorecard's assignments, week by week, then agent, then contact."""
    query = (
        select(Assignment)
        .where(Assignment.scorecard_id == scorecard_id)
        .order_by(Assignment.week_start, Assignment.agent_id, Assignment.interaction_id)
    )
    return list(session.scalars(query))


def contacts(session: Session, ids: Collection[int]) -> list[Interaction]:
    query = select(Interaction).where(Interaction.id.in_(list(ids))).order_by(Interaction.id)
    return list(session.scalars(query))


def team_voice_contacts(
    session: Session, team_id: int, start: datetime, end: datetime, skip: Collection[int]
) -> list[Interaction]:
    """The team's answered voice contacts in [start, end), leaving out ``skip``."""
    query = (
        select(Interaction)
        .join(Agent, Agent.id == Interaction.agent_id)
        .where(Agent.team_id == team_id, Interaction.channel == Channel.VOICE)
        .where(Interaction.outcome == Outcome.ANSWERED, Interaction.transferred.is_(False))
        .where(Interaction.arrived_at >= start, Interaction.arrived_at < end)
        .order_by(Interaction.id)
    )
    return [contact for contact in session.scalars(query) if contact.id not in skip]
