"""Queries over stored interactions, agent states and survey responses."""

from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from switchboard.interactions.models import AgentStateInterval, Interaction, Outcome
from switchboard.people.models import Agent, Queue
from switchboard.surveys.models import SurveyResponse


def answered_endings(session: Session) -> list[tuple[str, str, datetime | None]]:
    """(source system, source id, end time) of every answered interaction, oldest first."""
    query = (
        select(Interaction.source_system, Interaction.source_id, Interaction.ended_at)
        .where(Interaction.outcome == Outcome.ANSWERED)
        .order_by(Interaction.id)
    )
    return [(system, source_id, ended) for system, source_id, ended in session.execute(query)]


def outcomes_by_queue(session: Session) -> list[tuple[str | None, Outcome, int]]:
    """How many interactions each queue has of each outcome; a None queue is outbound or unqueued."""
    query = (
        select(Queue.name, Interaction.outcome, func.count())
        .join(Queue, Interaction.queue_id == Queue.id, isouter=True)
        .group_by(Queue.name, Interaction.outcome)
        .order_by(Queue.name, Interaction.outcome)
    )
    return [(name, outcome, count) for name, outcome, count in session.execute(query)]


def store_totals(session: Session) -> dict[str, int]:
    """Row counts a summary of the store shows."""
    queries: dict[str, Select[int]] = {
        "agents": select(func.count()).select_from(Agent),
        "agent_states": select(func.count()).select_from(AgentStateInterval),
        "interactions": select(func.count()).select_from(Interaction),
        "surveys": select(func.count()).select_from(SurveyResponse),
        "surveys_linked": select(func.count()).where(SurveyResponse.interaction_id.is_not(None)),
    }
    return {name: session.scalar(query) or 0 for name, query in queries.items()}
