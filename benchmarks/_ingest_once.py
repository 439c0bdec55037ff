"""Child process of benchmarks/ingest.py: one timed ingest, reported as JSON on stdout.

``switchboard`` runs the real service; ``naive`` is the baseline: the same parser, then one ORM
object per record (looking up names as it goes) and a single commit.
"""

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from switchboard.db.engine import make_engine, unit_of_work
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.ingest.records import AgentStateRecord, InteractionRecord, ParseStats
from switchboard.ingest.service import IngestOptions, ingest
from switchboard.interactions.models import AgentStateInterval, Interaction
from switchboard.people.models import Agent, Channel, Queue


def real(session: Session, path: Path) -> dict[str, Any]:
    summary = ingest(
        session=session,
        adapter=QueueLogAdapter(timezone="UTC"),
        paths=[path],
        options=IngestOptions(),
    )
    return summary.as_dict()


def naive(session: Session, path: Path) -> dict[str, Any]:
    """The obvious way: check each record's key, then add one ORM object per record."""
    batch = IngestBatch(
        source="naive",
        file_name=path.name,
        file_digest="-",
        file_bytes=0,
        status=BatchStatus.COMPLETED,
    )
    session.add(batch)
    session.flush()
    names = _NameCache(session)
    counts = {"interactions_created": 0, "agent_states_created": 0}
    adapter = QueueLogAdapter(timezone="UTC")
    for r in adapter.parse([path], stats=ParseStats(), on_file=lambda _: None, on_progress=None):
        model = Interaction if isinstance(r, InteractionRecord) else AgentStateInterval
        if session.scalar(select(model.id).where(model.source_id == r.source_id)) is not None:
            continue
        if isinstance(r, InteractionRecord):
            session.add(Interaction(
                source_system="asterisk", source_id=r.source_id, batch_id=batch.id, contact_ref=r.contact_ref,
                segment=r.segment, previous_source_id=r.previous_source_id, channel=r.channel,
                direction=r.direction, queue_id=names.queue(r.queue), agent_id=names.agent(r.agent),
                arrived_at=r.arrived_at, answered_at=r.answered_at, ended_at=r.ended_at,
                wait_seconds=r.wait_seconds, talk_seconds=r.talk_seconds, outcome=r.outcome,
                disposition=r.disposition, transferred=r.transferred,
            ))  # fmt: skip
            counts["interactions_created"] += 1
        elif isinstance(r, AgentStateRecord):
            session.add(AgentStateInterval(
                source_system="asterisk", source_id=r.source_id, batch_id=batch.id,
                agent_id=names.agent(r.agent), state=r.state, reason=r.reason,
                started_at=r.started_at, ended_at=r.ended_at,
            ))  # fmt: skip
            counts["agent_states_created"] += 1
    return counts


class _NameCache:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.queues: dict[str, int] = {}
        self.agents: dict[str, int] = {}

    def queue(self, name: str | None) -> int | None:
        if name and name not in self.queues:
            queue = Queue(name=name, channel=Channel.VOICE, service_level_seconds=20)
            self.session.add(queue)
            self.session.flush()
            self.queues[name] = queue.id
        return self.queues[name] if name else None

    def agent(self, name: str | None) -> int | None:
        if name and name not in self.agents:
            agent = Agent(display_name=name)
            self.session.add(agent)
            self.session.flush()
            self.agents[name] = agent.id
        return self.agents[name] if name else None


def peak_resident_mb() -> float:
    """This process's own high-water mark. (ru_maxrss would not do: Linux carries it across
    exec, so a child would report its parent's peak when the parent was bigger.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(mode: str, database_url: str, path: str) -> None:
    engine = make_engine(database_url)
    started = time.perf_counter()
    with unit_of_work(engine) as session:
        counts = (real if mode == "switchboard" else naive)(session, Path(path))
    elapsed = time.perf_counter() - started
    peak_mb = peak_resident_mb()
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "peak_mb": peak_mb,
                **{k: counts[k] for k in ("interactions_created", "agent_states_created")},
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
