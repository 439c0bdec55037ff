"""Import contact texts (chat and e-mail transcripts, agent notes) from CSV or JSON Lines.

Each row names a stored contact by its natural key (source system and source id, as ingested)
and gives one text of it. The file is all or nothing: every row is checked, a file with any bad
row is refused with the first problem and a count of the others, and the caller's transaction
rolls back, so the store is left as it was. A text already stored for the same contact and kind
is left alone when the body is the same and replaced when it differs, so re-importing a file
changes nothing.

The texts are customer conversation, so personal data: the import is audited (by ids and counts)
and no message or summary ever carries a body.
"""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from switchboard.audit import service as audit_service
from switchboard.ingest import repository as ingest_repository
from switchboard.ingest import texts_repository as repository
from switchboard.ingest.models import BatchStatus, IngestBatch
from switchboard.ingest.reading import ProgressCallback, file_digest, open_checked
from switchboard.ingest.records import Rejected
from switchboard.ingest.tabular import InputRow, csv_rows, is_json_lines, json_rows
from switchboard.ingest.texts_repository import TextKey, TextValues
from switchboard.interactions.models import TextKind
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import InputError, Location
from switchboard.kit.text import storable

SOURCE = "texts"
COLUMNS = ("source_system", "source_id", "kind", "text")
LIMITS = {"source_system": 40, "source_id": 200}
"""The store's widths of the contact's natural key."""
CHUNK = 500
"""Rows looked up and written together: few round trips, a bounded batch of bodies in memory."""


@dataclass(frozen=True)
class TextRow:
    """A row that is well formed; whether its contact exists is checked with its chunk."""

    line: int
    source_system: str
    source_id: str
    kind: TextKind
    body: str


@dataclass
class TextsSummary:
    file: str
    batch_id: int
    digest: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape documented in docs/cli.md."""
        return {"source": SOURCE, **self.__dict__}


class TextsRefusedError(InputError):
    """The file's first problem, and how many more there are: nothing of it was imported."""

    def __init__(self, first: Rejected, others: int) -> None:
        super().__init__(first.location, first.reason)
        if others:
            more = f"{others} more problem{'s' if others > 1 else ''}"
            self.message = f"{self.message} (and {more}; nothing was imported)"
            self.args = (self.message,)
        self.others = others


def import_texts(
    *, session: Session, path: Path, on_progress: ProgressCallback | None = None
) -> TextsSummary:
    """Check and store every row of ``path``; raise :class:`TextsRefusedError` if any is bad (the
    caller's unit of work then rolls back whatever was written before the problem was found)."""
    open_checked(path)
    batch = _open_batch(session, path)
    run = _Import(
        session, TextsSummary(file=str(path), batch_id=batch.id, digest=batch.file_digest)
    )
    for chunk in _chunks(_rows(path, on_progress)):
        run.take(chunk)
    run.finish()
    _close_batch(batch, run.summary)
    audit_service.record_people_change(
        session, actor_user_id=None, object_type="interaction_texts", object_id=batch.id,
        change="texts_imported", batch_id=batch.id, rows=run.summary.rows_read,
        created=run.summary.created, updated=run.summary.updated,
        unchanged=run.summary.unchanged,
    )  # fmt: skip
    return run.summary


class _Import:
    """One file's rows, chunk by chunk: checked against the store, then written while no row
    has been bad (after the first problem the rest is only checked, to count the problems)."""

    def __init__(self, session: Session, summary: TextsSummary) -> None:
        self.session, self.summary = session, summary
        self.seen: dict[TextKey, int] = {}
        self.first: Rejected | None = None
        self.problems = 0

    def take(self, chunk: list[TextRow | Rejected]) -> None:
        self.summary.rows_read += len(chunk)
        ids = self._contact_ids([row for row in chunk if isinstance(row, TextRow)])
        good: list[TextValues] = []
        for row in chunk:
            checked = row if isinstance(row, Rejected) else self._check(row, ids)
            if isinstance(checked, Rejected):
                self._problem(checked)
            else:
                good.append(checked)
        if self.first is None:
            self._write(good)

    def finish(self) -> None:
        if self.first is not None:
            raise TextsRefusedError(self.first, self.problems - 1)

    def _contact_ids(self, rows: list[TextRow]) -> dict[tuple[str, str], int]:
        wanted: dict[str, set[str]] = {}
        for row in rows:
            wanted.setdefault(row.source_system, set()).add(row.source_id)
        return {
            (system, source_id): found
            for system, source_ids in wanted.items()
            for source_id, found in repository.interaction_ids(
                self.session, system, source_ids
            ).items()
        }

    def _check(self, row: TextRow, ids: dict[tuple[str, str], int]) -> TextValues | Rejected:
        where = Location(self.summary.file, row.line, "source_id")
        interaction_id = ids.get((row.source_system, row.source_id))
        if interaction_id is None:
            return Rejected(
                where, f"no contact {row.source_id!r} from {row.source_system!r} in the store"
            )
        earlier = self.seen.setdefault((interaction_id, row.kind), row.line)
        if earlier != row.line:
            return Rejected(
                where, f"the contact's {row.kind.value} is given already on line {earlier}"
            )
        return TextValues(interaction_id=interaction_id, kind=row.kind, body=row.body)

    def _problem(self, rejected: Rejected) -> None:
        self.problems += 1
        if self.first is None:
            self.first = rejected

    def _write(self, rows: list[TextValues]) -> None:
        counts = store_texts(session=self.session, texts_in=rows)
        self.summary.created += counts.created
        self.summary.updated += counts.updated
        self.summary.unchanged += counts.unchanged


class TextCounts(NamedTuple):
    created: int
    updated: int
    unchanged: int


def store_texts(*, session: Session, texts_in: Sequence[TextValues]) -> TextCounts:
    """Store each text, one per contact and kind: a new one is added, a different body replaces
    the stored one, the same body changes nothing. The caller audits the change."""
    stored = repository.bodies(session, {row["interaction_id"] for row in texts_in})
    new = [row for row in texts_in if (row["interaction_id"], row["kind"]) not in stored]
    changed = [
        row for row in texts_in
        if stored.get((row["interaction_id"], row["kind"]), row["body"]) != row["body"]
    ]  # fmt: skip
    repository.add_texts(session, new)
    repository.replace_bodies(session, changed)
    return TextCounts(len(new), len(changed), len(texts_in) - len(new) - len(changed))


def add_missing_texts(*, session: Session, texts_in: Sequence[TextValues]) -> int:
    """Add each text whose contact has none of its kind yet, leaving stored ones as they are;
    the number added. The caller audits the change."""
    stored = repository.bodies(session, {row["interaction_id"] for row in texts_in})
    new = [row for row in texts_in if (row["interaction_id"], row["kind"]) not in stored]
    repository.add_texts(session, new)
    return len(new)


def _rows(path: Path, on_progress: ProgressCallback | None) -> Iterator[TextRow | Rejected]:
    if is_json_lines(path):
        rows = json_rows(path, COLUMNS, on_progress)
    else:
        rows = csv_rows(path, ",", _check_header, on_progress)
    for number, row in rows:
        yield row if isinstance(row, Rejected) else _parse(Location(str(path), number), row)


def _check_header(path: Path, line: int, header: list[str]) -> None:
    for column in COLUMNS:
        if column not in header:
            raise InputError(Location(str(path), line, column), "missing required column")


def _parse(where: Location, row: InputRow) -> TextRow | Rejected:
    values: dict[str, str] = {}
    for column in COLUMNS:
        value = row.get(column, "")
        try:
            values[column] = _value(column, value)
        except ValueError as exc:
            return Rejected(Location(where.file, where.line, column), str(exc))
    return TextRow(where.line, values["source_system"], values["source_id"],
                   TextKind(values["kind"]), values["text"])  # fmt: skip


def _value(column: str, value: str) -> str:
    """The column's value as stored; ValueError (never quoting a text) when it cannot be."""
    text = storable(value)
    if column == "kind":
        text = text.lower()
    if not text:
        raise ValueError("must not be empty")
    if column == "kind" and text not in set(TextKind):
        choices = " or ".join(kind.value for kind in TextKind)
        raise ValueError(f"must be {choices}")
    if column in LIMITS and len(text) > LIMITS[column]:
        raise ValueError(f"must be at most {LIMITS[column]} characters")
    return text


def _chunks(rows: Iterable[TextRow | Rejected]) -> Iterator[list[TextRow | Rejected]]:
    chunk: list[TextRow | Rejected] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _open_batch(session: Session, path: Path) -> IngestBatch:
    batch = IngestBatch(source=SOURCE, file_name=path.name, file_digest=file_digest(path),
                        file_bytes=path.stat().st_size, status=BatchStatus.COMPLETED)  # fmt: skip
    return ingest_repository.add_batch(session, batch)


def _close_batch(batch: IngestBatch, summary: TextsSummary) -> None:
    batch.lines_read = summary.rows_read
    batch.records_created = summary.created
    batch.duplicates_skipped = summary.unchanged
    batch.summary = summary.as_dict()
    batch.finished_at = utcnow()
