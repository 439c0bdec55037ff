"""The scorecard pages: the list with the import form, one version read-only with its export
links, and the builder for a new scorecard or a draft version (quality editors only).

The builder posts to itself whichever button is pressed: "Add section" and "Add question"
answer the form again with one more blank row (200), "Save draft" and "Publish" keep it and
redirect (303) to the version, and a refused definition comes back with 422, each problem
beside its field and in the summary at the top.
"""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from switchboard.access.viewer import Viewer
from switchboard.auth.service import CurrentSession
from switchboard.domain.quality.lifecycle import VersionStatus
from switchboard.kit.errors import ConflictError, FieldError, InputError
from switchboard.scorecards import files as scorecard_files
from switchboard.scorecards import service as scorecard_service
from switchboard.scorecards.files import ScorecardFileError
from switchboard.scorecards.schemas import (
    MAX_FILE,
    ScorecardCreate,
    ScorecardVersionCreate,
    ScorecardVersionUpdate,
)
from switchboard.web.identity import DbSession, SignedInForm, SignedInSession
from switchboard.web.quality import builder
from switchboard.web.quality.builder import Builder
from switchboard.web.quality.common import (
    HELPERS,
    Posted,
    RecordId,
    back,
    require_editor,
    require_evaluations,
    timezone_of,
    viewer_of,
)
from switchboard.web.templating import render

router = APIRouter(include_in_schema=False)

LIST_PATH = "/quality/scorecards"
NEW_PATH = f"{LIST_PATH}/new"
VERSION_PATH = "/quality/scorecard-versions"
EXPORT_PATH = "/api/v1/scorecard-versions/{version_id}/export"
LISTED = 100
ANSWER_TYPES = [("yes_no", "Yes / no"), ("scale", "Scale"), ("choice", "Choice with points")]
CRITICAL = [("none", "Not critical"), ("fail_section", "Fails its section"),
            ("fail_all", "Fails the whole evaluation (auto-fail)")]  # fmt: skip
BUILDER_WORDS = {"ANSWER_TYPES": ANSWER_TYPES, "CRITICAL": CRITICAL}


def version_path(version_id: int, tail: str = "") -> str:
    return f"{VERSION_PATH}/{version_id}{tail}"


# --- the list and the import form -------------------------------------------------------------


def _list_page(request: Request, db: Session, current: CurrentSession, *,
               problems: list[str] | None = None, pasted: str = "") -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    require_evaluations(viewer)
    cards, _ = scorecard_service.list_scorecards(session=db, viewer=viewer, limit=LISTED, offset=0)
    return render(request, "quality/scorecards.html", status=422 if problems else 200,
                  current=current, cards=cards, problems=problems or [], pasted=pasted,
                  **HELPERS)  # fmt: skip


@router.get(LIST_PATH)
def scorecards(request: Request, db: DbSession, current: SignedInSession) -> HTMLResponse:
    return _list_page(request, db, current)


@router.post(f"{LIST_PATH}/import")
def import_scorecard(request: Request, db: DbSession, current: SignedInForm,
                     values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    require_editor(viewer)
    text, filename = _file_of(values)
    if not text.strip():
        return _list_page(request, db, current, problems=["Paste a scorecard or choose a file"])
    if len(text) > MAX_FILE:
        return _list_page(request, db, current,
                          problems=[f"The file is too large: at most {MAX_FILE:,} characters"])  # fmt: skip
    try:
        version = scorecard_service.import_scorecard(
            session=db, viewer=viewer, text=text, filename=filename,
            publish=values.get("publish") == "yes",
        )  # fmt: skip
    except ScorecardFileError as exc:
        db.rollback()
        return _list_page(request, db, current, pasted=values.get("text", ""),
                          problems=[_file_problem(where, why) for where, why in exc.problems])  # fmt: skip
    except (InputError, ConflictError) as exc:
        db.rollback()
        return _list_page(request, db, current, problems=[exc.message], pasted=text)
    return back(version_path(version.id))


def _file_of(values: dict[str, Any]) -> tuple[str, str]:
    """An uploaded file wins over pasted text; pasted text is read by its content."""
    if values.get("file_filename"):
        return str(values.get("file", "")), str(values["file_filename"])
    return str(values.get("text", "")), "pasted"


def _file_problem(where: Any, why: str) -> str:
    line = f"Line {where.line}" if where.line else "The file"
    return f"{line}{f', {where.field}' if where.field else ''}: {why}"


# --- one version ------------------------------------------------------------------------------


@router.get(f"{VERSION_PATH}/{{version_id}}")
def version(request: Request, db: DbSession, current: SignedInSession,
            version_id: RecordId) -> HTMLResponse:  # fmt: skip
    viewer = viewer_of(db, current)
    require_evaluations(viewer)
    found = scorecard_service.visible_version(session=db, viewer=viewer, version_id=version_id)
    family = scorecard_service.get_scorecard(session=db, viewer=viewer,
                                             scorecard_id=found.scorecard_id)  # fmt: skip
    has_draft = any(v.status is VersionStatus.DRAFT for v in family.versions)
    return render(request, "quality/version.html", current=current,
                  version=scorecard_service.read_version(found), family=family,
                  has_draft=has_draft, export_path=EXPORT_PATH.format(version_id=version_id),
                  timezone=timezone_of(request), choice_line=builder.choice_line,
                  **HELPERS)  # fmt: skip


@router.post(f"{VERSION_PATH}/{{version_id}}/publish")
def publish(db: DbSession, current: SignedInForm, version_id: RecordId) -> Response:
    viewer = viewer_of(db, current)
    require_editor(viewer)
    scorecard_service.publish(session=db, viewer=viewer, version_id=version_id)
    return back(version_path(version_id))


@router.post(f"{LIST_PATH}/{{scorecard_id}}/versions")
def new_version(db: DbSession, current: SignedInForm, scorecard_id: RecordId) -> Response:
    """A new draft, a copy of the latest version, opened in the builder."""
    viewer = viewer_of(db, current)
    require_editor(viewer)
    made = scorecard_service.new_version(session=db, viewer=viewer, scorecard_id=scorecard_id,
                                         version_in=ScorecardVersionCreate())  # fmt: skip
    return back(version_path(made.id, "/edit"))


# --- the builder ------------------------------------------------------------------------------


def _builder_page(request: Request, current: CurrentSession, card: Builder, *, action: str,
                  title: str, status: int = 200, version: Any = None,
                  saved: bool = False) -> HTMLResponse:  # fmt: skip
    return render(request, "quality/builder.html", status=status, current=current, b=card,
                  action=action, title=title, version=version, saved=saved,
                  **BUILDER_WORDS)  # fmt: skip


@router.get(NEW_PATH)
def new_scorecard(request: Request, db: DbSession, current: SignedInSession) -> HTMLResponse:
    require_editor(viewer_of(db, current))
    return _builder_page(request, current, Builder(), action=NEW_PATH, title="New scorecard")


@router.post(NEW_PATH)
def build_new(request: Request, db: DbSession, current: SignedInForm,
              values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    require_editor(viewer)
    card = builder.from_posted(values)
    page: dict[str, Any] = {"action": NEW_PATH, "title": "New scorecard"}
    if not builder.apply(card, str(values.get("action", "save"))):
        return _builder_page(request, current, card, **page)
    definition = _checked(card)
    if definition is None:
        return _builder_page(request, current, card, status=422, **page)
    try:
        made = scorecard_service.create_scorecard(session=db, viewer=viewer, scorecard_in=_create(
            card, definition))  # fmt: skip
    except (FieldError, ConflictError) as exc:
        db.rollback()
        _refusal(card, exc)
        return _builder_page(request, current, card, status=422, **page)
    return _saved(db, viewer, made.id, values)


def _create(card: Builder, definition: dict[str, Any]) -> ScorecardCreate:
    return ScorecardCreate(name=card.get("name"), definition=definition,
                           change_note=card.get("change_note"))  # fmt: skip


def _checked(card: Builder) -> dict[str, Any] | None:
    """The definition, or None with every problem the form and the domain find placed."""
    definition, found = builder.definition(card)
    if not found:
        _, found = scorecard_files.checked(definition)
    card.place(found)
    return None if found else definition


def _refusal(card: Builder, exc: FieldError | ConflictError) -> None:
    if isinstance(exc, ConflictError):
        card.place([("name", exc.message)])
        return
    card.place([(p.field.removeprefix("definition").lstrip("."), p.message)
                for p in exc.problems])  # fmt: skip


def _saved(db: Session, viewer: Viewer, version_id: int, values: dict[str, Any]) -> Response:
    if values.get("action") == "publish":
        scorecard_service.publish(session=db, viewer=viewer, version_id=version_id)
        return back(version_path(version_id))
    return back(version_path(version_id, "/edit?saved=1"))


def _draft(db: Session, viewer: Viewer, version_id: int) -> Any:
    require_editor(viewer)
    found = scorecard_service.visible_version(session=db, viewer=viewer, version_id=version_id)
    if found.status is not VersionStatus.DRAFT:
        raise ConflictError(f"version {found.version} is {found.status.value} and never "
                            "changes: make a new version to change it")  # fmt: skip
    return found


def _edit_title(found: Any) -> str:
    return f"Edit {found.definition['name']}, version {found.version}"


@router.get(f"{VERSION_PATH}/{{version_id}}/edit")
def edit(request: Request, db: DbSession, current: SignedInSession, version_id: RecordId,
         saved: bool = False) -> HTMLResponse:  # fmt: skip
    found = _draft(db, viewer_of(db, current), version_id)
    card = builder.from_definition(found.definition)
    card.values["change_note"] = found.change_note
    return _builder_page(request, current, card, action=version_path(version_id, "/edit"),
                         title=_edit_title(found), version=found, saved=saved)  # fmt: skip


@router.post(f"{VERSION_PATH}/{{version_id}}/edit")
def build_draft(request: Request, db: DbSession, current: SignedInForm, version_id: RecordId,
                values: Posted) -> Response:  # fmt: skip
    viewer = viewer_of(db, current)
    found = _draft(db, viewer, version_id)
    card = builder.from_posted(values)
    card.values["name"] = str(found.definition["name"])  # always the scorecard's own
    page: dict[str, Any] = {"action": version_path(version_id, "/edit"),
                            "title": _edit_title(found), "version": found}  # fmt: skip
    if not builder.apply(card, str(values.get("action", "save"))):
        return _builder_page(request, current, card, **page)
    definition = _checked(card)
    if definition is None:
        return _builder_page(request, current, card, status=422, **page)
    try:
        scorecard_service.edit_draft(session=db, viewer=viewer, version_id=version_id,
                                     version_in=ScorecardVersionUpdate(
                                         definition=definition,
                                         change_note=card.get("change_note")))  # fmt: skip
    except FieldError as exc:
        db.rollback()
        _refusal(card, exc)
        return _builder_page(request, current, card, status=422, **page)
    return _saved(db, viewer, version_id, values)
