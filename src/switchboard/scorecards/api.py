"""The JSON API for scorecards: see docs/quality.md.

Scorecards are the centre's own forms, not people data, so reading one is not an audited
export. Anyone whose role reaches evaluations reads published and retired versions; drafts
and every change are the quality editors' (quality analysts and administrators).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Response

from switchboard.scorecards import service as scorecard_service
from switchboard.scorecards.files import MEDIA_TYPES, ScorecardFileError
from switchboard.scorecards.schemas import (
    ExportFormat,
    ScorecardCreate,
    ScorecardDetailRead,
    ScorecardImport,
    ScorecardRead,
    ScorecardVersionCreate,
    ScorecardVersionRead,
    ScorecardVersionUpdate,
)
from switchboard.web.api import API_PREFIX
from switchboard.web.data_api.params import MAX_ID, Paging
from switchboard.web.data_api.refusals import refused_fields
from switchboard.web.data_api.responses import ONE_RECORD, SCOPED, as_created_json, as_json
from switchboard.web.data_api.schemas import ErrorRead, Page
from switchboard.web.data_api.viewer import CurrentViewer
from switchboard.web.identity import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["scorecards"])
ScorecardId = Annotated[int, Path(ge=1, le=MAX_ID)]
VersionId = Annotated[int, Path(ge=1, le=MAX_ID)]

REFUSED = "Only quality analysts and administrators change scorecards; or (signed in by cookie) "
CHANGE: dict[int | str, dict[str, Any]] = {
    **ONE_RECORD,
    403: {"model": ErrorRead, "description": REFUSED + "the CSRF header is missing."},
    409: {"model": ErrorRead, "description": "The version is published (it never changes), or "
          "the scorecard has a draft already, or the name is taken."},
}  # fmt: skip
DISPOSITION = {"description": '`attachment; filename="customer-service-v2.yaml"`',
               "schema": {"type": "string"}}  # fmt: skip
FILE_CONTENT = {MEDIA_TYPES["json"]: {"schema": {"type": "object"}},
                MEDIA_TYPES["yaml"]: {"schema": {"type": "object"}}}  # fmt: skip
EXPORTED: dict[int | str, dict[str, Any]] = {
    200: {"description": "The version as a file, to download.", "content": FILE_CONTENT,
          "headers": {"Content-Disposition": DISPOSITION}},
    **ONE_RECORD,
}  # fmt: skip
IMPORTED: dict[int | str, dict[str, Any]] = {
    **CHANGE,
    200: {"model": ScorecardVersionRead,
          "description": "The latest version already had this definition: nothing changed."},
}  # fmt: skip


@router.get("/scorecards", response_model=Page[ScorecardRead], responses=SCOPED)
def list_scorecards(db: DbSession, viewer: CurrentViewer, page: Paging) -> Response:
    """Scorecards by name, each with its latest and its published version. Quality editors
    see every one; other roles that reach evaluations see those with a published version."""
    rows, following = scorecard_service.list_scorecards(
        session=db, viewer=viewer, limit=page.limit, offset=page.offset
    )
    return as_json(Page[ScorecardRead](items=rows, next=following))


@router.post("/scorecards", response_model=ScorecardVersionRead, status_code=201,
             responses=CHANGE)  # fmt: skip
def create_scorecard(
    db: DbSession, viewer: CurrentViewer, scorecard_in: ScorecardCreate
) -> Response:
    """A new scorecard: its version 1, as a draft. A definition with problems is refused (422),
    each at its path: `definition.sections.0.questions.1.weight`."""
    with refused_fields():
        version = scorecard_service.create_scorecard(
            session=db, viewer=viewer, scorecard_in=scorecard_in
        )
    return as_created_json(scorecard_service.read_version(version))


@router.post("/scorecards/import", response_model=ScorecardVersionRead, status_code=201,
             responses=IMPORTED)  # fmt: skip
def import_scorecard(db: DbSession, viewer: CurrentViewer, file_in: ScorecardImport) -> Response:
    """A scorecard file's text, JSON or YAML: a new scorecard, or a new version of the one with
    its name (201); 200 with the latest version when it has this definition already. Each
    problem is refused at `text.<path>` with its line."""
    with refused_fields():
        try:
            version, made = scorecard_service.imported(
                session=db, viewer=viewer, text=file_in.text, filename=file_in.filename,
                publish=file_in.publish,
            )  # fmt: skip
        except ScorecardFileError as exc:
            raise exc.as_field_error() from None
    read = scorecard_service.read_version(version)
    return as_created_json(read) if made else as_json(read)


@router.get("/scorecards/{scorecard_id}", response_model=ScorecardDetailRead,
            responses=ONE_RECORD)  # fmt: skip
def get_scorecard(db: DbSession, viewer: CurrentViewer, scorecard_id: ScorecardId) -> Response:
    """The scorecard and the versions the viewer may read, oldest first."""
    return as_json(
        scorecard_service.get_scorecard(session=db, viewer=viewer, scorecard_id=scorecard_id)
    )


@router.post("/scorecards/{scorecard_id}/versions", response_model=ScorecardVersionRead,
             status_code=201, responses=CHANGE)  # fmt: skip
def new_version(
    db: DbSession,
    viewer: CurrentViewer,
    scorecard_id: ScorecardId,
    version_in: Annotated[ScorecardVersionCreate | None, Body()] = None,
) -> Response:
    """A new draft version: a copy of the latest, or the definition sent. One draft at a time
    (409 while there is one)."""
    with refused_fields():
        version = scorecard_service.new_version(
            session=db, viewer=viewer, scorecard_id=scorecard_id,
            version_in=version_in or ScorecardVersionCreate(),
        )  # fmt: skip
    return as_created_json(scorecard_service.read_version(version))


@router.get("/scorecard-versions/{version_id}", response_model=ScorecardVersionRead,
            responses=ONE_RECORD)  # fmt: skip
def get_version(db: DbSession, viewer: CurrentViewer, version_id: VersionId) -> Response:
    """One version with its definition. A draft is missing (404) to all but quality editors."""
    version = scorecard_service.visible_version(session=db, viewer=viewer, version_id=version_id)
    return as_json(scorecard_service.read_version(version))


@router.put("/scorecard-versions/{version_id}", response_model=ScorecardVersionRead,
            responses=CHANGE)  # fmt: skip
def edit_draft(
    db: DbSession, viewer: CurrentViewer, version_id: VersionId,
    version_in: ScorecardVersionUpdate,
) -> Response:  # fmt: skip
    """Replace a draft's definition. A published version never changes (409): make a new
    version instead."""
    with refused_fields():
        version = scorecard_service.edit_draft(
            session=db, viewer=viewer, version_id=version_id, version_in=version_in
        )
    return as_json(scorecard_service.read_version(version))


@router.post("/scorecard-versions/{version_id}/publish", response_model=ScorecardVersionRead,
             responses=CHANGE)  # fmt: skip
def publish(db: DbSession, viewer: CurrentViewer, version_id: VersionId) -> Response:
    """Publish a draft: new evaluations use it from now on, and the version published before
    it is retired (its evaluations keep it)."""
    with refused_fields():
        version = scorecard_service.publish(session=db, viewer=viewer, version_id=version_id)
    return as_json(scorecard_service.read_version(version))


@router.get("/scorecard-versions/{version_id}/export", response_class=Response,
            responses=EXPORTED)  # fmt: skip
def export_version(
    db: DbSession,
    viewer: CurrentViewer,
    version_id: VersionId,
    fmt: Annotated[ExportFormat, Query(alias="format", description="`json` or `yaml`.")] = "json",
) -> Response:
    """The version as a scorecard file, which `POST /scorecards/import` and `switchboard qa
    import-scorecard` read back."""
    version = scorecard_service.visible_version(session=db, viewer=viewer, version_id=version_id)
    text = scorecard_service.export_version(session=db, version_id=version.id, fmt=fmt)
    filename = scorecard_service.export_filename(version, fmt)
    return Response(
        text, media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )  # fmt: skip
