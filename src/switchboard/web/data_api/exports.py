"""Every read of people data through the API is an export, audited with counts and ids only.

A route builds its answer through :func:`page` or :func:`one`, which record the export in the
request's own unit of work: it commits with the answer, or rolls back with it. A refusal (403)
or a record not found (404) exports nothing, so it records no export; the refusal is audited as
``permission_denied`` by the error handler.
"""

from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.orm import Session

from switchboard.access.viewer import Viewer
from switchboard.audit import service as audit_service
from switchboard.web.data_api.repository import Found
from switchboard.web.data_api.schemas import Page

Read = TypeVar("Read", bound=BaseModel)


def page(
    db: Session,
    viewer: Viewer,
    object_type: str,
    found: Found,
    read: type[Read],
    **filters: int | None,
) -> Page[Read]:
    """One page of ``found`` as ``read`` models, audited with how many rows left, whether more
    follow, and the ids the viewer filtered by (an agent's id, a team's, a queue's)."""
    given = {name: value for name, value in filters.items() if value is not None}
    audit_service.record_export(
        db, actor_user_id=viewer.user_id, object_type=object_type, rows=len(found.rows),
        more=found.next is not None, **given,
    )  # fmt: skip
    return Page(items=[read.model_validate(row) for row in found.rows], next=found.next)


def one(
    db: Session, viewer: Viewer, object_type: str, object_id: int, row: Any, read: type[Read]
) -> Read:
    """A single record, audited by its id."""
    audit_service.record_export(
        db, actor_user_id=viewer.user_id, object_type=object_type, object_id=object_id, rows=1
    )
    return read.model_validate(row)
