"""The words of the quality workflow: an evaluation's status and kind, how a dispute ends,
why a contact was picked for evaluation, and which status may follow which.

An evaluation is a draft until its evaluator submits it. The agent then acknowledges it, or
disputes it; an arbitrator (not the evaluator) resolves a dispute with a reason, rescoring it
or not. Calibration evaluations never reach an agent: they are scored blind, for agreement.

>>> can_move(Status.SUBMITTED, Status.DISPUTED), can_move(Status.ACKNOWLEDGED, Status.DISPUTED)
(True, False)
"""

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    DISPUTED = "disputed"
    RESOLVED = "resolved"


class EvaluationKind(StrEnum):
    REGULAR = "regular"
    CALIBRATION = "calibration"
    """Scored blind in a calibration session; excluded from every agent's results."""


class DisputeOutcome(StrEnum):
    UPHELD = "upheld"
    """The agent was right: the arbitrator rescored the evaluation."""
    PARTLY_UPHELD = "partly_upheld"
    REJECTED = "rejected"
    """The score stands."""


class Reason(StrEnum):
    """Why a sampling rule picked a contact."""

    RANDOM = "random"
    LONG_HANDLE = "long_handle"
    """Handle time above the queue's 90th percentile for the period."""
    LOW_CSAT = "low_csat"
    COMPLAINT = "complaint"
    TRANSFER = "transfer"
    NEW_STARTER = "new_starter"


class AssignmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class SessionStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    """Immutable from now on: evaluations keep the version they were scored on."""
    RETIRED = "retired"
    """No new evaluations; existing ones keep it."""


_MOVES: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED}),
    Status.SUBMITTED: frozenset({Status.ACKNOWLEDGED, Status.DISPUTED}),
    Status.DISPUTED: frozenset({Status.RESOLVED}),
    Status.ACKNOWLEDGED: frozenset(),
    Status.RESOLVED: frozenset(),
}

SCORED = frozenset({Status.SUBMITTED, Status.ACKNOWLEDGED, Status.DISPUTED, Status.RESOLVED})
"""Statuses whose score counts in the QA score: submitted and after. A disputed score counts
until it is resolved, as the evaluator's word stands until the arbitrator's replaces it."""


def can_move(current: Status, to: Status) -> bool:
    return to in _MOVES[current]
