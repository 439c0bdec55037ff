"""Every query of scorecards and their versions. ``drafts`` says whether the reader may see
draft versions (quality editors): anyone else reads published and retired ones only, and a
scorecard with neither does not exist for them."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, false, func, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from switchboard.domain.quality.lifecycle import VersionStatus
from switchboard.kit.errors import ConflictError
from switchboard.scorecards.models import Scorecard, ScorecardVersion


@dataclass(frozen=True)
class Listed:
    """A scorecard with its latest readable version and its published one."""

    scorecard: Scorecard
    latest: ScorecardVersion
    published_version: int | None
    published_version_id: int | None


def _readable(drafts: bool) -> ColumnElement[bool]:
    return true() if drafts else ScorecardVersion.status != VersionStatus.DRAFT


def _listed(drafts: bool) -> Select[Scorecard, ScorecardVersion, int | None, int | None]:
    v = ScorecardVersion
    top = (
        select(v.scorecard_id, func.max(v.version).label("latest"))
        .where(_readable(drafts))
        .group_by(v.scorecard_id)
        .subquery()
    )
    latest, published = aliased(v), aliased(v)
    return (
        select(Scorecard, latest, published.version, published.id)
        .join(top, top.c.scorecard_id == Scorecard.id)
        .join(latest, and_(latest.scorecard_id == Scorecard.id, latest.version == top.c.latest))
        .outerjoin(published, _published(published.scorecard_id, published.status))
    )


def _published(scorecard_id: Any, status: Any) -> ColumnElement[bool]:
    return and_(scorecard_id == Scorecard.id, status == VersionStatus.PUBLISHED)


def _as_listed(row: Row[Scorecard, ScorecardVersion, int | None, int | None]) -> Listed:
    return Listed(row[0], row[1], row[2], row[3])


def scorecards_page(
    session: Session, *, drafts: bool, limit: int, offset: int
) -> tuple[list[Listed], int | None]:
    """By name; the next page's offset when there is one (a row more than asked tells)."""
    query = _listed(drafts).order_by(Scorecard.name, Scorecard.id)
    rows = [_as_listed(row) for row in session.execute(query.limit(limit + 1).offset(offset))]
    return rows[:limit], offset + limit if len(rows) > limit else None


def listed_one(session: Session, scorecard_id: int, *, drafts: bool) -> Listed | None:
    row = session.execute(_listed(drafts).where(Scorecard.id == scorecard_id)).one_or_none()
    return None if row is None else _as_listed(row)


def every(session: Session) -> list[Listed]:
    return [_as_listed(row) for row in session.execute(_listed(True).order_by(Scorecard.name))]


def versions(session: Session, scorecard_id: int, *, drafts: bool) -> Sequence[ScorecardVersion]:
    v = ScorecardVersion
    query = select(v).where(v.scorecard_id == scorecard_id, _readable(drafts))
    return session.scalars(query.order_by(v.version)).all()


def scorecard(session: Session, scorecard_id: int, *, lock: bool = False) -> Scorecard | None:
    """``lock`` holds the row until the transaction ends (:func:`hold_writes`), so two
    changes to one scorecard's versions take turns: version numbers and the single draft
    stay right."""
    return _one(session, select(Scorecard).where(Scorecard.id == scorecard_id), lock)


def by_name(session: Session, name: str, *, lock: bool = False) -> Scorecard | None:
    """``lock`` as :func:`scorecard`; on PostgreSQL it holds nothing while there is no such
    scorecard, which :func:`add_scorecard` answers."""
    return _one(session, select(Scorecard).where(Scorecard.name == name), lock)


def _one(session: Session, query: Select[Scorecard], lock: bool) -> Scorecard | None:
    if lock:
        hold_writes(session)
    return session.scalar(query.with_for_update() if lock else query)


def version(session: Session, version_id: int) -> ScorecardVersion | None:
    return session.get(ScorecardVersion, version_id)


def numbered(session: Session, scorecard_id: int, number: int) -> ScorecardVersion | None:
    v = ScorecardVersion
    return session.scalar(select(v).where(v.scorecard_id == scorecard_id, v.version == number))


def latest(session: Session, scorecard_id: int) -> ScorecardVersion | None:
    v = ScorecardVersion
    query = select(v).where(v.scorecard_id == scorecard_id).order_by(v.version.desc()).limit(1)
    return session.scalar(query)


def with_status(
    session: Session, scorecard_id: int, status: VersionStatus
) -> ScorecardVersion | None:
    """The scorecard's version in ``status``: the service keeps at most one draft and one
    published version per scorecard; the newest, should a race have made two."""
    v = ScorecardVersion
    query = select(v).where(v.scorecard_id == scorecard_id, v.status == status)
    return session.scalar(query.order_by(v.version.desc()).limit(1))


def add_scorecard(session: Session, name: str, user_id: int | None, at: datetime) -> Scorecard:
    """409 when another request has just made a scorecard of this name: the service checked
    for one, but a missing row is nothing to lock."""
    found = Scorecard(name=name, created_by=user_id, created_at=at)
    taken = (f"another request has just made a scorecard named {name!r}: make a new version "
             "of it instead (importing the file again does)")  # fmt: skip
    with unique_or_conflict(session, taken):
        session.add(found)
    return found


def add_version(session: Session, found: ScorecardVersion) -> ScorecardVersion:
    session.add(found)
    session.flush()
    return found


# --- races ------------------------------------------------------------------------------------

UNIQUE_VIOLATIONS = {"23505", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
"""PostgreSQL's SQLSTATE and SQLite's extended result codes for a duplicate key."""


@contextmanager
def unique_or_conflict(session: Session, message: str) -> Iterator[None]:
    """Add and flush the block's rows, answering 409 with ``message`` when they break a unique
    constraint: a concurrent request, past the same read check, got there first. Any other
    integrity error (a foreign key, a null) is a fault and stays one. Shared by the quality
    features' repositories.

    On PostgreSQL the rows go in a SAVEPOINT, so only it rolls back and the transaction stays
    usable. Not on SQLite: its driver opens the transaction at the first write, so a SAVEPOINT
    before any write would begin it, and releasing it would commit the unit of work early;
    there the 409 ends the unit of work, which rolls back."""
    savepoint = session.get_bind().dialect.name != "sqlite"
    try:
        with session.begin_nested() if savepoint else nullcontext():
            yield
            session.flush()
    except IntegrityError as exc:
        code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "sqlite_errorname", None)
        if code not in UNIQUE_VIOLATIONS:
            raise
        raise ConflictError(message) from exc


def hold_writes(session: Session) -> None:
    """Call before a ``SELECT … FOR UPDATE``. SQLite ignores FOR UPDATE, and its driver reads
    outside any transaction until the first write, so a concurrent change could still slip
    in between the read and the write: a write that changes nothing takes the store's single
    write lock now (waiting for another's, as any SQLite write does), so what is read next is
    current and stays so until the transaction ends. Any table would do; the lock is the
    store's. PostgreSQL needs nothing here: FOR UPDATE holds the rows it reads."""
    if session.get_bind().dialect.name == "sqlite":
        nothing = update(Scorecard).where(false()).values(id=Scorecard.id)
        session.execute(nothing, execution_options={"synchronize_session": False})
