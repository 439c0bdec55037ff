"""Loading the demo's files with the same adapter and service as ``switchboard ingest csv``.

The records carry their own source system, ``demo``, so they never collide with a centre's real
data, and loading the same files again creates nothing (every row is a duplicate).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from switchboard.config import Settings
from switchboard.db.engine import unit_of_work
from switchboard.ingest.mapping import ColumnMapping
from switchboard.ingest.reading import ProgressCallback
from switchboard.ingest.service import IngestOptions, IngestSummary, ingest
from switchboard.ingest.tabular import TabularAdapter

SOURCE_SYSTEM = "demo"
KINDS = ("interactions", "agent-states", "surveys")


@dataclass(frozen=True)
class Load:
    kind: str
    path: Path
    summary: IngestSummary


def load_files(
    engine: Engine,
    files: dict[str, Path],
    settings: Settings,
    on_progress: Callable[[str], ProgressCallback | None] = lambda kind: None,
) -> list[Load]:
    """Ingest each kind's file in its own transaction, interactions first (surveys rate them)."""
    options = IngestOptions(pseudonym_secret=settings.pseudonym_secret, timezone=settings.timezone,
                            csat_top_boxes=settings.kpi_csat_top_boxes)  # fmt: skip
    mapping = ColumnMapping(source_system=SOURCE_SYSTEM)
    loads = []
    for kind in KINDS:
        adapter = TabularAdapter(kind=kind, mapping=mapping, timezone=settings.timezone)
        with unit_of_work(engine) as session:
            summary = ingest(
                session=session,
                adapter=adapter,
                paths=[files[kind]],
                options=options,
                on_progress=on_progress(kind),
            )
        loads.append(Load(kind, files[kind], summary))
    return loads
