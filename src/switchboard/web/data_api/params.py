"""Query parameters shared by the data routes: paging and time ranges, validated to 422.

The dependencies here are ``async`` because they do no I/O: FastAPI then calls them on the
event loop, where a plain ``def`` would cost each request a trip through the thread pool.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError

from switchboard.kit.errors import SwitchboardError
from switchboard.kpis.params import parse_when
from switchboard.web.context import web_context

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**31 - 1
"""Ids are 32-bit integers in the store; a larger one is refused as input, not sent to SQL."""
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999

AgentId = Annotated[int, Query(ge=1, le=MAX_ID, description="Only this agent's records.")]


def invalid(parameter: str, message: str, value: Any = None) -> RequestValidationError:
    """A 422 in FastAPI's own shape, for checks its type annotations cannot express."""
    error = {"loc": ["query", parameter], "msg": message, "type": "value_error", "input": value}
    return RequestValidationError([error])


@dataclass(frozen=True)
class PageRequest:
    limit: int
    offset: int


async def page_request(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Items to skip: the `next` of a page.")
    ] = 0,
) -> PageRequest:
    return PageRequest(limit=limit, offset=offset)


Paging = Annotated[PageRequest, Depends(page_request)]


@dataclass(frozen=True)
class TimeRange:
    start: datetime | None
    end: datetime | None


FROM_HELP = "Start: an ISO date or date-time; without an offset, in the centre's timezone."
TO_HELP = "End, exclusive; a date alone includes that whole day."


async def time_range(
    request: Request,
    start: Annotated[str | None, Query(alias="from", description=FROM_HELP)] = None,
    end: Annotated[str | None, Query(alias="to", description=TO_HELP)] = None,
) -> TimeRange:
    """``from`` and ``to`` read as ``switchboard report`` reads ``--from`` and ``--to``."""
    timezone = web_context(request).settings.timezone
    found = TimeRange(
        _moment("from", start, timezone, end=False), _moment("to", end, timezone, end=True)
    )
    if found.start and found.end and found.start >= found.end:
        raise invalid("to", "must be after from", end)
    return found


def _moment(name: str, text: str | None, timezone: str, *, end: bool) -> datetime | None:
    try:
        moment = parse_when(text, timezone, end=end)
    except (SwitchboardError, OverflowError):
        raise invalid(name, "use an ISO date or date-time", text) from None
    if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise invalid(name, f"must fall between {EARLIEST_YEAR} and {LATEST_YEAR}", text)
    return moment


Range = Annotated[TimeRange, Depends(time_range)]
