"""The ingest use case: stream an adapter's records through the writer as one all-or-nothing unit.

The caller's transaction holds every file of the run. In strict mode the first bad record raises,
so the caller rolls back and the store is exactly as it was. With ``skip_bad`` the bad records go
to a rejects file and the good ones are kept.
"""

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from sqlalchemy.orm import Session

from switchboard.audit import service as audit_service
from switchboard.feedback import service as feedback_service
from switchboard.ingest import repository
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.ingest.reading import ProgressCallback, file_digest, open_checked
from switchboard.ingest.records import ParseStats, Record, Rejected
from switchboard.ingest.writer import BatchWriter
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import InputError
from switchboard.kpis import refresh as kpi_refresh


class Adapter(Protocol):
    name: str
    source_system: str

    def parse(
        self,
        paths: Sequence[Path],
        *,
        stats: ParseStats,
        on_file: Callable[[Path], None],
        on_progress: ProgressCallback | None,
    ) -> Iterator[Record | Rejected]: ...


@runtime_checkable
class CarriesOver(Protocol):
    """An adapter whose records can span files: it carries what one import left open to the next."""

    def resume(self, state: dict[str, Any] | None) -> None: ...

    def suspend(self) -> dict[str, Any]: ...


@dataclass
class IngestOptions:
    skip_bad: bool = False
    rejects_path: Path | None = None
    pseudonym_secret: str = "switchboard-development-secret"
    timezone: str = "Europe/London"
    """The centre's timezone: the KPI aggregates' local days are days there."""
    maintain_aggregates: bool = True
    csat_top_boxes: int = 2
    """The centre's ``kpi_csat_top_boxes``: a survey comment with a top-box score becomes
    positive customer feedback, any other developmental."""


@dataclass
class FileReport:
    file: str
    batch_id: int
    digest: str
    lines_read: int = 0
    rejected: int = 0


@dataclass
class IngestSummary:
    source: str
    files: list[FileReport] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    stats: ParseStats = field(default_factory=ParseStats)
    rejected: int = 0
    rejects_file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape documented in docs/cli.md."""
        return {
            "source": self.source,
            "files": [report.__dict__ for report in self.files],
            "lines_read": self.stats.lines_read,
            **self.counts,
            "rejected": self.rejected,
            "rejects_file": self.rejects_file,
            "unclosed": self.stats.unclosed,
            "unclosed_ids": self.stats.unclosed_ids,
            "orphaned_events": dict(sorted(self.stats.orphaned_events.items())),
            "unknown_events": dict(sorted(self.stats.unknown_events.items())),
            "skipped": dict(sorted(self.stats.skipped.items())),
        }


class _Rejects:
    """Writes bad records to a CSV file (with ``--skip-bad``; without it the first one stops the run)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._handle: IO[str] | None = None
        self._csv: Any = None

    def write(self, rejected: Rejected) -> None:
        if self.path is None:
            return
        self._open()
        where = rejected.location
        self._csv.writerow([where.file, where.line, where.field or "", rejected.reason])

    def _open(self) -> None:
        if self._handle is None and self.path is not None:
            self._handle = self.path.open("w", newline="", encoding="utf-8")
            self._csv = csv.writer(self._handle)
            self._csv.writerow(["file", "line", "field", "reason"])

    def close(self) -> None:
        """Always leave a rejects file, even an empty one, so none from an earlier run lingers."""
        self._open()
        if self._handle is not None:
            self._handle.close()


class _Run:
    """The state of one ingest run: its batches, its writer and what it has counted so far."""

    def __init__(self, session: Session, adapter: Adapter, options: IngestOptions) -> None:
        self.session = session
        self.summary = IngestSummary(source=adapter.name)
        self.writer = BatchWriter(
            session, source_system=adapter.source_system, pseudonym_secret=options.pseudonym_secret
        )
        self.batches: list[IngestBatch] = []
        self._marks: list[tuple[int, dict[str, int]]] = []

    def start_file(self, path: Path) -> None:
        self.end_file()
        batch = _open_batch(self.session, self.summary.source, path)
        self.batches.append(batch)
        self.writer.batch_id = batch.id
        self.summary.files.append(
            FileReport(file=str(path), batch_id=batch.id, digest=batch.file_digest)
        )
        self._marks.append((self.summary.stats.lines_read, self.writer.counts.as_dict()))

    def end_file(self) -> None:
        """Write what the current file produced under its own batch, and settle its counts."""
        if not self.batches:
            return
        self.writer.flush()
        lines_at_start, counts_at_start = self._marks[-1]
        batch, report = self.batches[-1], self.summary.files[-1]
        now = self.writer.counts.as_dict()
        report.lines_read = self.summary.stats.lines_read - lines_at_start
        batch.lines_read = report.lines_read
        batch.rejected = report.rejected
        batch.records_created = sum(
            now[k] - counts_at_start[k] for k in now if k.endswith("_created")
        )
        batch.duplicates_skipped = now["duplicates_skipped"] - counts_at_start["duplicates_skipped"]
        batch.status = (
            BatchStatus.COMPLETED_WITH_REJECTS if report.rejected else BatchStatus.COMPLETED
        )
        batch.finished_at = utcnow()

    def reject(self, item: Rejected, rejects: _Rejects) -> None:
        rejects.write(item)
        self.summary.rejected += 1
        if self.summary.files:
            self.summary.files[-1].rejected += 1


def ingest(
    *,
    session: Session,
    adapter: Adapter,
    paths: Sequence[Path],
    options: IngestOptions,
    on_progress: ProgressCallback | None = None,
) -> IngestSummary:
    for path in paths:
        open_checked(path)
    run = _Run(session, adapter, options)
    stats = run.summary.stats
    rejects = _Rejects(options.rejects_path if options.skip_bad else None)
    carrier = adapter if isinstance(adapter, CarriesOver) else None
    if carrier is not None:
        carrier.resume(repository.carryover(session, adapter.source_system, adapter.name))
    try:
        items = adapter.parse(paths, stats=stats, on_file=run.start_file, on_progress=on_progress)
        for item in items:
            if not isinstance(item, Rejected):
                run.writer.add(item)
            elif options.skip_bad:
                run.reject(item, rejects)
            else:
                raise InputError(item.location, item.reason)
        run.end_file()
        if carrier is not None:
            state = carrier.suspend()
            repository.save_carryover(session, adapter.source_system, adapter.name, state)
    finally:
        rejects.close()
        run.writer.close()
    repository.link_segments(session, adapter.source_system)
    repository.link_surveys(session)
    feedback_service.link_verbatims(session=session, csat_top_boxes=options.csat_top_boxes)
    if options.maintain_aggregates and run.batches:
        kpi_refresh.refresh_batches(
            session=session, batch_ids=[b.id for b in run.batches], timezone=options.timezone
        )
    _audit_new_agents(session, run.writer.agents_created)
    return _finish(run, options)


def _audit_new_agents(session: Session, created: list[tuple[int, int]]) -> None:
    """Each agent the import created is a change to people data, by the system, by ids only.

    Recorded last, in the import's own transaction: it commits with the import or rolls back
    with it, and the audit chain's lock is held only from here to the commit, not for the run.
    """
    for agent_id, batch_id in created:
        audit_service.record_people_change(
            session, actor_user_id=None, object_type="agent", object_id=agent_id,
            change="agent_created", batch_id=batch_id,
        )  # fmt: skip


def _finish(run: _Run, options: IngestOptions) -> IngestSummary:
    summary = run.summary
    summary.counts = run.writer.counts.as_dict()
    if options.skip_bad:
        summary.rejects_file = str(options.rejects_path)
    totals = summary.as_dict()
    for batch in run.batches:
        batch.summary = totals
    if run.batches:
        run.batches[-1].unclosed = summary.stats.unclosed
    run.session.flush()
    return summary


def _open_batch(session: Session, source: str, path: Path) -> IngestBatch:
    batch = IngestBatch(
        source=source,
        file_name=path.name,
        file_digest=file_digest(path),
        file_bytes=path.stat().st_size,
        status=BatchStatus.COMPLETED,
    )
    return repository.add_batch(session, batch)
