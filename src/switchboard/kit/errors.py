"""The one error family that every layer raises and every interface renders."""

from collections.abc import Sequence
from dataclasses import dataclass


class SwitchboardError(Exception):
    """A failure the user can act on. ``status`` is the HTTP status an API would answer."""

    status: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(SwitchboardError):
    status = 404


class ConflictError(SwitchboardError):
    status = 409


class ForbiddenError(SwitchboardError):
    """The viewer is signed in, but their role may not see or do this."""

    status = 403


@dataclass(frozen=True)
class Location:
    """Where in an input a problem sits; line 0 means the file as a whole."""

    file: str
    line: int = 0
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line == 0 else f"{self.file}, line {self.line}"
        return f"{where}, field {self.field!r}" if self.field else where


class InputError(SwitchboardError):
    """Malformed input: names the file, the line and the field that is wrong."""

    status = 422

    def __init__(self, location: Location, reason: str) -> None:
        super().__init__(f"{location}: {reason}")
        self.location = location
        self.reason = reason


@dataclass(frozen=True)
class Problem:
    """One refused field of a request: ``field`` is its dotted path (``evidence.1.ref_id``)."""

    field: str
    message: str
    code: str = "value_error"


class FieldError(SwitchboardError):
    """Input that passed its schema but not the store's facts (a contact that is not the
    agent's, a team that is not yours): 422, naming each field. The API answers it in FastAPI's
    own validation shape (``web.data_api.refusals``), so every 422 a client sees reads the same."""

    status = 422

    def __init__(self, problems: Sequence[Problem], where: str = "body") -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = tuple(problems)
        self.where = where

    @classmethod
    def one(cls, field: str, message: str, where: str = "body") -> "FieldError":
        return cls([Problem(field, message)], where)
