"""The error answers each data route documents, so the OpenAPI description lists every status a
client (or schemathesis) can see."""

from typing import Any

from switchboard.web.data_api.schemas import ErrorRead

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
