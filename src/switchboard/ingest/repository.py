"""Every query the ingest feature makes: lookups by natural key and bulk writes."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session, aliased

from switchboard.ingest.models import IngestBatch, IngestCarryover
from switchboard.interactions.models import AgentStateInterval, Interaction
from switchboard.people.models import Agent, AgentAlias, Queue
from switchboard.surveys.models import SurveyResponse

# Well under SQLite's limit of 32,766 bound parameters per statement.
LOOKUP_CHUNK = 2000


def add_batch(session: Session, batch: IngestBatch) -> IngestBatch:
    session.add(batch)
    session.flush()
    return batch


def _carryover_row(session: Session, source_system: str, adapter: str) -> IngestCarryover | None:
    query = select(IngestCarryover).where(
        IngestCarryover.source_system == source_system, IngestCarryover.adapter == adapter
    )
    return session.scalars(query).first()


def carryover(session: Session, source_system: str, adapter: str) -> dict[str, Any] | None:
    row = _carryover_row(session, source_system, adapter)
    return None if row is None else row.state


def save_carryover(
    session: Session, source_system: str, adapter: str, state: dict[str, Any]
) -> None:
    row = _carryover_row(session, source_system, adapter)
    if row is None:
        session.add(IngestCarryover(source_system=source_system, adapter=adapter, state=state))
    else:
        row.state = state
    session.flush()


def queue_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    rows = session.execute(select(Queue.name, Queue.id).where(Queue.name.in_(list(names))))
    return {name: queue_id for name, queue_id in rows}


def add_queue(session: Session, queue: Queue) -> int:
    session.add(queue)
    session.flush()
    return queue.id


def agent_ids(session: Session, source_system: str, refs: Iterable[str]) -> dict[str, int]:
    query = select(AgentAlias.external_ref, AgentAlias.agent_id).where(
        AgentAlias.source_system == source_system, AgentAlias.external_ref.in_(list(refs))
    )
    return {ref: agent_id for ref, agent_id in session.execute(query)}


def add_agent(session: Session, *, source_system: str, external_ref: str, display_name: str) -> int:
    agent = Agent(display_name=display_name)
    session.add(agent)
    session.flush()
    session.add(
        AgentAlias(agent_id=agent.id, source_system=source_system, external_ref=external_ref)
    )
    return agent.id


def existing_versions(
    session: Session, table: Table, source_system: str, source_ids: Sequence[str]
) -> dict[str, datetime | None]:
    """Source ids already stored, each with the source's last-update time where it keeps one."""
    updated = table.c.source_updated_at if "source_updated_at" in table.c else None
    columns = [table.c.source_id, updated if updated is not None else table.c.source_id]
    found: dict[str, datetime | None] = {}
    for start in range(0, len(source_ids), LOOKUP_CHUNK):
        chunk = source_ids[start : start + LOOKUP_CHUNK]
        query = select(*columns).where(
            table.c.source_system == source_system, table.c.source_id.in_(chunk)
        )
        for source_id, version in session.execute(query):
            found[source_id] = version if updated is not None else None
    return found


def stored_hull(session: Session, agent_id: int) -> tuple[datetime, datetime] | None:
    """When the agent's stored states begin and end (None: none stored). Two index lookups:
    intervals never overlap, so the one that starts last also ends last."""
    interval = AgentStateInterval
    first = session.scalar(
        select(interval.started_at)
        .where(interval.agent_id == agent_id)
        .order_by(interval.started_at)
        .limit(1)
    )
    last = session.scalar(
        select(interval.ended_at)
        .where(interval.agent_id == agent_id)
        .order_by(interval.started_at.desc())
        .limit(1)
    )
    return None if first is None or last is None else (first, last)


def stored_intervals(
    session: Session, spans: dict[int, tuple[datetime, datetime]]
) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each agent's stored state intervals that touch its span, in time order.

    Stored intervals never overlap, so those touching a span are the ones starting inside it plus
    at most one that starts earlier and runs into it. Both come straight off the
    (agent_id, started_at) index, so the cost does not grow with the agent's history.
    """
    found: dict[int, list[tuple[datetime, datetime]]] = {}
    for agent_id, (start, end) in spans.items():
        interval = AgentStateInterval
        before = session.execute(
            select(interval.started_at, interval.ended_at)
            .where(interval.agent_id == agent_id, interval.started_at < start)
            .order_by(interval.started_at.desc())
            .limit(1)
        ).first()
        inside = session.execute(
            select(interval.started_at, interval.ended_at)
            .where(
                interval.agent_id == agent_id,
                interval.started_at >= start,
                interval.started_at < end,
            )
            .order_by(interval.started_at)
        ).all()
        touching = [
            (b.started_at, b.ended_at)
            for b in ([before] if before is not None else [])
            if b.ended_at > start
        ]
        found[agent_id] = touching + [(row.started_at, row.ended_at) for row in inside]
    return found


def replace_interaction(session: Session, source_system: str, row: dict[str, Any]) -> None:
    """Overwrite a stored interaction with a newer version of the same source record."""
    values = {k: v for k, v in row.items() if k not in ("source_system", "source_id")}
    values["previous_id"] = None  # the new version may name another predecessor: link again
    session.execute(
        update(Interaction)
        .where(
            Interaction.source_system == source_system, Interaction.source_id == row["source_id"]
        )
        .values(**values)
    )


def link_segments(session: Session, source_system: str) -> None:
    """Point each segment at the one before it, once both are stored."""
    previous = aliased(Interaction)
    found = (
        select(previous.id)
        .where(previous.source_system == Interaction.source_system)
        .where(previous.source_id == Interaction.previous_source_id)
        .scalar_subquery()
    )
    session.execute(
        update(Interaction)
        .where(Interaction.source_system == source_system)
        .where(Interaction.previous_source_id.is_not(None), Interaction.previous_id.is_(None))
        .values(previous_id=found),
        execution_options={"synchronize_session": False},
    )


def link_surveys(session: Session) -> None:
    """Tie survey responses to their interactions, whichever of the two arrived first."""
    found = (
        select(Interaction.id)
        .where(Interaction.source_system == SurveyResponse.interaction_source_system)
        .where(Interaction.source_id == SurveyResponse.interaction_source_id)
        .scalar_subquery()
    )
    session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.interaction_id.is_(None))
        .values(interaction_id=found),
        execution_options={"synchronize_session": False},
    )


TABLES: dict[str, Table] = {
    "interactions": Interaction.__table__,  # type: ignore[dict-item]
    "agent_states": AgentStateInterval.__table__,  # type: ignore[dict-item]
    "surveys": SurveyResponse.__table__,  # type: ignore[dict-item]
}
