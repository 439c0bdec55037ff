"""Scorecard use cases: versions (draft → published → retired), reading them by role, and the
JSON/YAML files centres share.

A scorecard is a family of versions; its version 1 is made as a draft. A draft may be edited;
a published version never changes, so an evaluation can always be re-read against exactly
the questions it was scored on. There is at most one draft per scorecard, and publishing a
version retires the one published before it. Every definition is checked by the domain
(``from_dict`` and ``problems``) before it is kept, draft or not, and its ``name`` is always
the scorecard's.

Scorecards are not people data, so reading them is not an audited export; anyone whose role
reaches evaluations reads the published and retired versions (agents see what they are
scored against), and only quality editors see drafts and change anything. Services never
commit.
"""

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from sqlalchemy.orm import Session

from switchboard.access.policy import QUALITY_EDITORS, Kind, require, require_role
from switchboard.access.viewer import Viewer
from switchboard.domain.quality.lifecycle import VersionStatus
from switchboard.domain.quality.scorecard import Scorecard as Card
from switchboard.domain.quality.scorecard import from_dict, to_dict
from switchboard.kit.clock import utcnow
from switchboard.kit.errors import ConflictError, FieldError, NotFoundError, Problem
from switchboard.scorecards import repository as repo
from switchboard.scorecards.files import checked, dumped, field_of, file_definition, filename_for
from switchboard.scorecards.models import Scorecard, ScorecardVersion
from switchboard.scorecards.repository import Listed
from switchboard.scorecards.schemas import (
    ExportFormat,
    ScorecardCreate,
    ScorecardDetailRead,
    ScorecardRead,
    ScorecardVersionCreate,
    ScorecardVersionRead,
    ScorecardVersionSummaryRead,
    ScorecardVersionUpdate,
)


def _definition_in(definition: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A definition sent to the API, named as its scorecard, in its stored (canonical) shape;
    422 naming each problem's field (``definition.sections.0.questions.1.weight``)."""
    card, found = checked({**definition, "name": name})
    if card is None:
        raise FieldError([Problem(field_of("definition", path), why) for path, why in found])
    return to_dict(card)


@lru_cache(maxsize=256)
def _card(canonical: str) -> Card:
    return from_dict(json.loads(canonical))


def card_of(version: ScorecardVersion) -> Card:
    """The version's scorecard, for scoring. Cached by content, so a draft edited since reads
    afresh and a published version (which never changes) is parsed once."""
    return _card(json.dumps(version.definition, sort_keys=True))


# --- reading ----------------------------------------------------------------------------------


def _sees_drafts(viewer: Viewer) -> bool:
    """403 for a role that reaches no evaluations; whether the viewer may read drafts."""
    require(viewer, Kind.EVALUATIONS)
    return viewer.role in QUALITY_EDITORS


def get_version(*, session: Session, version_id: int) -> ScorecardVersion:
    found = repo.version(session, version_id)
    if found is None:
        raise NotFoundError(f"no scorecard version {version_id}")
    return found


def visible_version(*, session: Session, viewer: Viewer, version_id: int) -> ScorecardVersion:
    """The version, if the viewer may read it: a draft is missing to all but quality editors."""
    drafts = _sees_drafts(viewer)
    found = repo.version(session, version_id)
    if found is None or (found.status is VersionStatus.DRAFT and not drafts):
        raise NotFoundError(f"no scorecard version {version_id}")
    return found


def current_version(*, session: Session, scorecard_id: int) -> ScorecardVersion:
    """The published version, which new evaluations use; 404 without the scorecard, 409
    when none of its versions is published yet."""
    card = _scorecard(session, scorecard_id)
    found = repo.with_status(session, scorecard_id, VersionStatus.PUBLISHED)
    if found is None:
        raise ConflictError(f"scorecard {card.name!r} has no published version yet")
    return found


def _scorecard(session: Session, scorecard_id: int, *, lock: bool = False) -> Scorecard:
    found = repo.scorecard(session, scorecard_id, lock=lock)
    if found is None:
        raise NotFoundError(f"no scorecard {scorecard_id}")
    return found


def list_scorecards(
    *, session: Session, viewer: Viewer, limit: int, offset: int
) -> tuple[list[ScorecardRead], int | None]:
    """One page of the scorecards the viewer may read, by name, and the next page's offset."""
    rows, following = repo.scorecards_page(
        session, drafts=_sees_drafts(viewer), limit=limit, offset=offset
    )
    return [_scorecard_read(row) for row in rows], following


def every_scorecard(*, session: Session) -> list[ScorecardRead]:
    """Every scorecard, drafts included: for the command line, which has the store's rights."""
    return [_scorecard_read(row) for row in repo.every(session)]


def get_scorecard(*, session: Session, viewer: Viewer, scorecard_id: int) -> ScorecardDetailRead:
    drafts = _sees_drafts(viewer)
    row = repo.listed_one(session, scorecard_id, drafts=drafts)
    if row is None:
        raise NotFoundError(f"no scorecard {scorecard_id}")
    versions = repo.versions(session, scorecard_id, drafts=drafts)
    return ScorecardDetailRead(
        **_scorecard_read(row).model_dump(),
        versions=[ScorecardVersionSummaryRead.model_validate(v) for v in versions],
    )


def _scorecard_read(row: Listed) -> ScorecardRead:
    return ScorecardRead(
        id=row.scorecard.id, name=row.scorecard.name, created_at=row.scorecard.created_at,
        description=str(row.latest.definition.get("description", "")),
        latest_version=row.latest.version, latest_version_id=row.latest.id,
        published_version=row.published_version, published_version_id=row.published_version_id,
    )  # fmt: skip


def read_version(version: ScorecardVersion) -> ScorecardVersionRead:
    sections = version.definition.get("sections", [])
    return ScorecardVersionRead(
        id=version.id, scorecard_id=version.scorecard_id, name=version.definition["name"],
        version=version.version, status=version.status, change_note=version.change_note,
        created_at=version.created_at, created_by=version.created_by,
        published_at=version.published_at, definition=version.definition,
        section_count=len(sections),
        question_count=sum(len(s.get("questions", [])) for s in sections),
    )  # fmt: skip


# --- changing ---------------------------------------------------------------------------------


def _editing(viewer: Viewer | None) -> int | None:
    """The editor's user id (None for the command line); 403 for anyone else."""
    if viewer is None:
        return None
    require_role(viewer, QUALITY_EDITORS, "change scorecards")
    return viewer.user_id


def create_scorecard(
    *, session: Session, viewer: Viewer, scorecard_in: ScorecardCreate
) -> ScorecardVersion:
    """A new scorecard and its version 1, a draft; 409 when the name is taken (also when a
    concurrent request takes it between the check and the insert)."""
    user_id = _editing(viewer)
    definition = _definition_in(scorecard_in.definition, scorecard_in.name)
    if repo.by_name(session, scorecard_in.name) is not None:
        raise ConflictError(f"a scorecard named {scorecard_in.name!r} exists: make a new "
                            "version of it instead")  # fmt: skip
    return _new_scorecard(session, definition, user_id, scorecard_in.change_note)


def _new_scorecard(
    session: Session, definition: dict[str, Any], user_id: int | None, note: str
) -> ScorecardVersion:
    card = repo.add_scorecard(session, definition["name"], user_id, utcnow())
    return _add_version(session, card, 1, definition, user_id, note)


def _add_version(
    session: Session, card: Scorecard, number: int, definition: dict[str, Any],
    user_id: int | None, note: str,
) -> ScorecardVersion:  # fmt: skip
    return repo.add_version(session, ScorecardVersion(
        scorecard_id=card.id, version=number, status=VersionStatus.DRAFT, definition=definition,
        change_note=note, created_by=user_id, created_at=utcnow(),
    ))  # fmt: skip


def new_version(
    *, session: Session, viewer: Viewer, scorecard_id: int, version_in: ScorecardVersionCreate
) -> ScorecardVersion:
    """A new draft: a copy of the latest version, or the definition given; 409 while the
    scorecard has a draft already (edit or publish that one)."""
    user_id = _editing(viewer)
    card = _scorecard(session, scorecard_id, lock=True)
    _no_draft(session, card)
    latest = repo.latest(session, card.id)
    number = 1 if latest is None else latest.version + 1
    if version_in.definition is not None:
        definition = _definition_in(version_in.definition, card.name)
    elif latest is not None:
        definition = dict(latest.definition)
    else:  # not made by this service: a scorecard always starts with its version 1
        raise ConflictError(f"scorecard {card.name!r} has no version to copy: send a definition")
    return _add_version(session, card, number, definition, user_id, version_in.change_note)


def _no_draft(session: Session, card: Scorecard) -> None:
    draft = repo.with_status(session, card.id, VersionStatus.DRAFT)
    if draft is not None:
        raise ConflictError(f"scorecard {card.name!r} has a draft already (version "
                            f"{draft.version}, id {draft.id}): edit or publish it")  # fmt: skip


def edit_draft(
    *, session: Session, viewer: Viewer, version_id: int, version_in: ScorecardVersionUpdate
) -> ScorecardVersion:
    """Replace a draft's definition; 409 for a published or retired version, which never
    changes (make a new version instead)."""
    _editing(viewer)
    found = get_version(session=session, version_id=version_id)
    card = _scorecard(session, found.scorecard_id, lock=True)
    if found.status is not VersionStatus.DRAFT:
        raise ConflictError(f"version {found.version} of {card.name!r} is {found.status.value} "
                            "and never changes: make a new version to change it")  # fmt: skip
    found.definition = _definition_in(version_in.definition, card.name)
    if version_in.change_note is not None:
        found.change_note = version_in.change_note
    session.flush()
    return found


def publish(*, session: Session, viewer: Viewer, version_id: int) -> ScorecardVersion:
    """Publish a draft, retiring the version published before it; 409 for any other."""
    _editing(viewer)
    found = get_version(session=session, version_id=version_id)
    card = _scorecard(session, found.scorecard_id, lock=True)
    if found.status is not VersionStatus.DRAFT:
        raise ConflictError(f"version {found.version} of {card.name!r} is {found.status.value}:"
                            " only a draft can be published")  # fmt: skip
    _publish(session, found)
    return found


def _publish(session: Session, found: ScorecardVersion) -> None:
    # Checked again: a draft kept by an older release may fail a rule added since.
    _, problems = checked(found.definition)
    if problems:
        raise FieldError([Problem(field_of("definition", path), why) for path, why in problems])
    previous = repo.with_status(session, found.scorecard_id, VersionStatus.PUBLISHED)
    if previous is not None:
        previous.status = VersionStatus.RETIRED
    found.status, found.published_at = VersionStatus.PUBLISHED, utcnow()
    session.flush()


# --- files ------------------------------------------------------------------------------------


def import_scorecard(
    *, session: Session, viewer: Viewer | None, text: str, filename: str, publish: bool
) -> ScorecardVersion:
    """:func:`imported`'s version."""
    version, _ = imported(session=session, viewer=viewer, text=text, filename=filename,
                          publish=publish)  # fmt: skip
    return version


def imported(
    *, session: Session, viewer: Viewer | None, text: str, filename: str, publish: bool
) -> tuple[ScorecardVersion, bool]:
    """A scorecard file (JSON or YAML) as a new scorecard, or as a new version of the one with
    its name, and whether it made a version. The same definition as the latest version makes
    none: that version comes back (published first, if asked), so re-importing is harmless.
    :class:`ScorecardFileError` names the file, line and field of each problem; 409 while the
    scorecard has a draft that the file does not match, or when a concurrent import has just
    made the scorecard (the lock on the name's row holds nothing while there is no row)."""
    user_id = _editing(viewer)
    definition = file_definition(text, filename)
    note = f"imported from {PurePath(filename).name}"[:200]
    card = repo.by_name(session, definition["name"], lock=True)
    latest = None if card is None else repo.latest(session, card.id)
    if card is None:
        version, made = _new_scorecard(session, definition, user_id, note), True
    elif latest is not None and latest.definition == definition:
        version, made = latest, False
    else:
        _no_draft(session, card)
        number = 1 if latest is None else latest.version + 1
        version, made = _add_version(session, card, number, definition, user_id, note), True
    if publish and version.status is VersionStatus.DRAFT:
        _publish(session, version)
    return version, made


def export_version(*, session: Session, version_id: int, fmt: ExportFormat) -> str:
    """The version's definition as a file that :func:`import_scorecard` reads back unchanged."""
    return dumped(get_version(session=session, version_id=version_id).definition, fmt)


def export_filename(version: ScorecardVersion, fmt: ExportFormat) -> str:
    return filename_for(str(version.definition["name"]), version.version, fmt)


def find_scorecard(*, session: Session, name_or_id: str) -> Scorecard:
    """By exact name, else by id: for the command line."""
    found = repo.by_name(session, name_or_id)
    if found is None and name_or_id.isdigit() and int(name_or_id) < 2**31:
        found = repo.scorecard(session, int(name_or_id))
    if found is None:
        raise NotFoundError(f"no scorecard named or numbered {name_or_id!r}")
    return found


def chosen_version(*, session: Session, card: Scorecard, number: int | None) -> ScorecardVersion:
    """Version ``number``, or by default the published one, else the latest."""
    if number is not None:
        found = repo.numbered(session, card.id, number)
    else:
        found = repo.with_status(session, card.id, VersionStatus.PUBLISHED) or repo.latest(
            session, card.id
        )
    if found is None:
        raise NotFoundError(f"scorecard {card.name!r} has no version {number or ''}".rstrip())
    return found
