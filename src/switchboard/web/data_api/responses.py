"""How the data routes answer: JSON serialised once, and the error answers each route documents,
so the OpenAPI description lists every status a client (or schemathesis) can see."""

from collections.abc import Sequence
from typing import Any

from fastapi import Response
from pydantic import BaseModel

from switchboard.web.data_api.schemas import ErrorRead, Page

_SIGNED_IN: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorRead, "description": "No valid bearer token or session."},
}
OPEN = _SIGNED_IN
"""A route any signed-in user may call."""
SCOPED = {
    **_SIGNED_IN,
    403: {"model": ErrorRead, "description": "The role cannot see this kind of data at all."},
}
"""A route over people data."""
ONE_RECORD = {
    **SCOPED,
    404: {"model": ErrorRead, "description": "No such record, or not one the viewer may see."},
}
"""A single record of people data: missing and invisible answer alike."""


def as_json(answer: BaseModel) -> Response:
    """``answer`` serialised as it stands. Returned as a model, FastAPI would validate it again
    against the route's ``response_model`` (in the thread pool, for a sync route) before
    serialising; the routes build their answers from that same model, so the OpenAPI
    description still says what they send, and the schemathesis run checks that it does."""
    return Response(answer.model_dump_json(), media_type="application/json")


def page_as_json(read: type[BaseModel], rows: Sequence[Any], next_offset: int | None) -> Response:
    """A page of ``rows`` (ORM rows or objects) as ``Page[read]``: validated in one call, so
    pydantic's core loops over the rows rather than Python."""
    answer = Page[read].model_validate(  # type: ignore[valid-type]  # a runtime parameter
        {"items": rows, "next": next_offset}, from_attributes=True
    )
    return as_json(answer)


def as_created_json(answer: BaseModel) -> Response:
    """:func:`as_json` with 201 Created, for a route that makes a record."""
    response = as_json(answer)
    response.status_code = 201
    return response
