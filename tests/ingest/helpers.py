"""Shared helpers for ingest tests: run an adapter through the service, read back what was stored."""

from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select

from switchboard.db.engine import unit_of_work
from switchboard.ingest.models import IngestBatch
from switchboard.ingest.service import Adapter, IngestOptions, IngestSummary, ingest
from switchboard.interactions.models import AgentStateInterval, Interaction
from switchboard.people.models import Agent, Queue
from switchboard.surveys.models import SurveyResponse

FIXTURES = Path(__file__).parent / "fixtures"
M = TypeVar("M", Interaction, AgentStateInterval, SurveyResponse)


def run_ingest(engine: Engine, adapter: Adapter, *paths: Path, **options: Any) -> IngestSummary:
    with unit_of_work(engine) as session:
        return ingest(
            session=session, adapter=adapter, paths=list(paths), options=IngestOptions(**options)
        )


def store_counts(engine: Engine) -> dict[str, int]:
    """Row counts of every table an import writes: the store's fingerprint for 'unchanged'."""
    with unit_of_work(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Interaction, AgentStateInterval, SurveyResponse, IngestBatch)
        }


def stored(engine: Engine, model: type[M] = Interaction) -> dict[str, M]:  # type: ignore[assignment]
    """Every stored row of ``model``, by source id."""
    with unit_of_work(engine) as session:
        return {row.source_id: row for row in session.scalars(select(model))}


def names(engine: Engine) -> tuple[dict[int, str], dict[int, str]]:
    """Queue names and agent names by id, to read stored foreign keys in assertions."""
    with unit_of_work(engine) as session:
        queues = {q.id: q.name for q in session.scalars(select(Queue))}
        agents = {a.id: a.display_name for a in session.scalars(select(Agent))}
    return queues, agents
