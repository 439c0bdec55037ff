"""A refusal from the data as FastAPI's own 422: every refused field, wherever it was found
(the request's schema or the store's facts), reaches a client in the one documented shape."""

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.exceptions import RequestValidationError

from switchboard.kit.errors import FieldError, InputError, Problem


@contextmanager
def refused_fields() -> Iterator[None]:
    """Turn a service's :class:`FieldError` or :class:`InputError` raised inside the block into
    a 422 naming each field, as ``{"loc": ["body", "evidence", 1, "ref_id"], ...}``."""
    try:
        yield
    except FieldError as exc:
        raise RequestValidationError([_error(exc.where, p) for p in exc.problems]) from None
    except InputError as exc:
        problem = Problem(exc.location.field or "", exc.reason)
        raise RequestValidationError([_error("body", problem)]) from None


def _error(where: str, problem: Problem) -> dict[str, object]:
    path = [int(part) if part.isdecimal() else part for part in problem.field.split(".") if part]
    return {"loc": [where, *path], "msg": problem.message, "type": problem.code, "input": None}
