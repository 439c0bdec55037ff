"""Every read of people data through the API is an export, audited with counts and ids only.

A route builds its answer through :func:`page` or :func:`one`, which record the export in a
short unit of work of its own, committed before the answer leaves: the request's reads take no
write lock, and no answer leaves unaudited. A refusal (403) or a record not found (404) exports
nothing, so it records no export; the refusal is audited as ``permission_denied`` by the error
handler.
"""

from typing import Any, TypeVar

from fastapi import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.responses import as_json, page_as_json

Read = TypeVar("Read", bound=BaseModel)


def page(
    db: Session,
    viewer: Viewer,
    object_type: str,
    found: Found,
    read: type[Read],
    **filters: int | None,
) -> Response:
    """One page of ``found`` as ``read`` models, audited with how many rows left, whether more
    follow, and the ids the viewer filtered by (an agent's id, a team's, a queue's)."""
    given = {name: value for name, value in filters.items() if value is not None}
    answer = page_as_json(read, found.rows, found.next)
    record(db, viewer, object_type, rows=len(found.rows), more=found.next is not None, **given)
    return answer


def one(
    db: Session, viewer: Viewer, object_type: str, object_id: int, row: Any, read: type[Read]
) -> Response:
    """A single record, audited by its id."""
    answer = read.model_validate(row)
    record(db, viewer, object_type, object_id=object_id, rows=1)
    return as_json(answer)


def record(
    db: Session, viewer: Viewer, object_type: str, *, rows: int,
    object_id: int | None = None, **details: int | bool | str | None,
) -> None:  # fmt: skip
    """The export's audit row, committed at once (see the module's docstring)."""
    audit_service.record_export_now(
        db.get_bind().engine, actor_user_id=viewer.user_id, object_type=object_type, rows=rows,
        object_id=object_id, **details,
    )  # fmt: skip
