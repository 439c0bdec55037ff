"""SQL for the measures: per-contact expressions summed by any grouping, on both databases.

The same expressions build the aggregates and, when a report cannot use them, read raw rows.
"""

from typing import Any

from sqlalchemy import Float, Integer, and_, case, func, literal, null, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from switchboard.domain.kpi import WAIT_EDGES
from switchboard.domain.kpi.settings import MAX_CSAT_TOP_BOXES
from switchboard.interactions.models import Direction, Interaction, Outcome
from switchboard.kit.intervals import BUCKET_SECONDS
from switchboard.people.models import Queue
from switchboard.surveys.models import SurveyKind, SurveyResponse

Expr = ColumnElement[Any]


class bucket_epoch(FunctionElement[int]):  # noqa: N801 - SQL functions read as functions
    """Start of the UTC quarter hour holding a timestamp, as seconds since 1970."""

    type = Integer()
    inherit_cache = True


@compiles(bucket_epoch, "sqlite")
def _bucket_sqlite(element: bucket_epoch, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"(CAST(strftime('%s', {column}) AS INTEGER) / {BUCKET_SECONDS} * {BUCKET_SECONDS})"


@compiles(bucket_epoch, "postgresql")
def _bucket_postgresql(element: bucket_epoch, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return (
        f"(CAST(floor(extract(epoch from {column}) / {BUCKET_SECONDS}) AS BIGINT)"
        f" * {BUCKET_SECONDS})"
    )


class seconds_between(FunctionElement[float]):  # noqa: N801
    """Seconds from the first timestamp to the second."""

    type = Float()
    inherit_cache = True


@compiles(seconds_between, "sqlite")
def _between_sqlite(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({second}) - julianday({first})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _between_postgresql(element: seconds_between, compiler: SQLCompiler, **kw: Any) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"extract(epoch from ({second} - {first}))"


class epoch(FunctionElement[float]):  # noqa: N801
    """A timestamp as seconds since 1970: reading millions of states needs no datetime objects."""

    type = Float()
    inherit_cache = True


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: epoch, compiler: SQLCompiler, **kw: Any) -> str:
    # Whole seconds, plus the stored text's fraction: julianday() arithmetic is off by ~10 µs,
    # enough to put a sliver of a state into the next quarter hour.
    column = compiler.process(element.clauses, **kw)
    # strftime() rounds to milliseconds first, so parse whole seconds only.
    return f"(CAST(strftime('%s', substr({column}, 1, 19)) AS REAL) + CAST(substr({column}, 20) AS REAL))"


@compiles(epoch, "postgresql")
def _epoch_postgresql(element: epoch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"extract(epoch from {compiler.process(element.clauses, **kw)})"


class utc_date(FunctionElement[Any]):  # noqa: N801
    """The UTC calendar date of a timestamp, as ISO text."""

    type = Integer()
    inherit_cache = True


@compiles(utc_date, "sqlite")
def _date_sqlite(element: utc_date, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_date, "postgresql")
def _date_postgresql(element: utc_date, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


def count_if(condition: Expr) -> Expr:
    """How many rows meet ``condition`` (NULL over no rows, which the merge skips)."""
    return func.sum(case((condition, 1), else_=0))


def sum_if(condition: Expr, value: Any) -> Expr:
    return func.sum(case((condition, value), else_=0.0))


I = Interaction  # noqa: E741 - reads like the alias in the SQL it builds
OFFERED = and_(
    I.direction == Direction.INBOUND,
    I.queue_id.is_not(None),
    I.outcome.not_in([Outcome.OVERFLOWED, Outcome.PHANTOM]),
)
ANSWERED = and_(OFFERED, I.outcome.in_([Outcome.ANSWERED, Outcome.TRANSFERRED]))
ABANDONED = and_(OFFERED, I.outcome == Outcome.ABANDONED)


def _within(seconds: Any) -> Expr:
    within: Expr = I.wait_seconds <= seconds
    return within


def contact_columns() -> dict[str, Expr]:
    """Stored contact measures of a group of inbound interactions joined to their queue.

    The rows are known to be inbound, so each measure tests only what it must: with some sixty
    measures per row, that nearly halves the work of keeping the aggregates.
    """
    queued = I.queue_id.is_not(None)
    offered = and_(queued, I.outcome.not_in([Outcome.OVERFLOWED, Outcome.PHANTOM]))
    answered = and_(queued, I.outcome.in_([Outcome.ANSWERED, Outcome.TRANSFERRED]))
    abandoned = and_(queued, I.outcome == Outcome.ABANDONED)
    wait, threshold = I.wait_seconds, Queue.service_level_seconds
    columns = {
        "offered": count_if(offered),
        "answered": count_if(answered),
        "abandoned_all": count_if(abandoned),
        "answered_within_sl": count_if(and_(answered, wait <= threshold)),
        "abandoned_within_sl": count_if(and_(abandoned, wait <= threshold)),
        "transferred": count_if(and_(answered, I.transferred)),
        "escalated": count_if(and_(answered, I.escalated)),
        "answered_wait_sum": sum_if(answered, wait),
        "abandon_wait_all": sum_if(abandoned, wait),
        "talk_sum": sum_if(answered, I.talk_seconds),
        "hold_sum": sum_if(answered, I.hold_seconds),
        "wrap_sum": sum_if(answered, I.wrap_seconds),
        "wait_max": func.max(case((offered, wait), else_=null())),
    }
    for edge in WAIT_EDGES:
        columns[f"answered_within_{edge}"] = count_if(and_(answered, wait <= edge))
        columns[f"abandoned_within_{edge}"] = count_if(and_(abandoned, wait <= edge))
        columns[f"abandon_wait_within_{edge}"] = sum_if(and_(abandoned, wait <= edge), wait)
    return columns


def raw_contact_measures(*, threshold: float | None, short: float) -> dict[str, Expr]:
    """The domain's contact measures straight from interactions joined to their queue.

    ``threshold`` overrides every queue's own T when given.
    """
    t: Any = Queue.service_level_seconds if threshold is None else threshold
    is_short = and_(ABANDONED, _within(short)) if short > 0 else literal(False)
    return {
        "offered": count_if(OFFERED),
        "answered": count_if(ANSWERED),
        "answered_wait_sum": sum_if(ANSWERED, I.wait_seconds),
        "answered_in_sl": count_if(and_(ANSWERED, _within(t))),
        "abandoned_all": count_if(ABANDONED),
        "abandon_wait_all": sum_if(ABANDONED, I.wait_seconds),
        "abandoned_short": count_if(is_short),
        "abandon_wait_short": sum_if(is_short, I.wait_seconds),
        "abandoned_in_sl": count_if(and_(ABANDONED, ~is_short, _within(t))),
        "wait_max": func.max(case((OFFERED, I.wait_seconds), else_=null())),
        "talk_sum": sum_if(ANSWERED, I.talk_seconds),
        "hold_sum": sum_if(ANSWERED, I.hold_seconds),
        "wrap_sum": sum_if(ANSWERED, I.wrap_seconds),
        "transferred": count_if(and_(ANSWERED, I.transferred)),
        "escalated": count_if(and_(ANSWERED, I.escalated)),
    }


S = SurveyResponse
SURVEY_FOR_INBOUND = I.direction == Direction.INBOUND


def survey_columns(*, top_boxes: tuple[int, ...]) -> dict[str, Expr]:
    """Survey measures of a group of responses joined to the interactions they rate.

    Keys ``csat_top_N`` count CSAT responses in the top N boxes of their own scale.
    """
    csat, nps, ces = (S.kind == kind for kind in (SurveyKind.CSAT, SurveyKind.NPS, SurveyKind.CES))
    columns = {
        "surveyed": func.count(func.distinct(case((ANSWERED, S.interaction_id), else_=null()))),
        "csat_responses": count_if(csat),
        "nps_responses": count_if(nps),
        "nps_promoters": count_if(and_(nps, S.score >= 9)),
        "nps_detractors": count_if(and_(nps, S.score <= 6)),
        "ces_responses": count_if(ces),
        "ces_sum": sum_if(ces, S.score),
    }
    for n in top_boxes:
        columns[f"csat_top_{n}"] = count_if(and_(csat, S.score > S.scale_max - n))
    return columns


ALL_TOP_BOXES = tuple(range(1, MAX_CSAT_TOP_BOXES + 1))


def next_repeat_seconds(horizon: float | None) -> Expr:
    """Seconds from each interaction to the same customer's next contact on the same reason.

    A repeat is a later inbound contact (not a segment of the same one) that is not a phantom;
    reasons match when equal or both unknown. With a ``horizon``, repeats further ahead are
    not looked for. NULL when there is none.
    """
    r = aliased(Interaction)
    gap = seconds_between(I.arrived_at, r.arrived_at)
    conditions = [
        r.customer_key == I.customer_key,
        r.direction == Direction.INBOUND,
        r.outcome != Outcome.PHANTOM,
        r.arrived_at > I.arrived_at,
        or_(r.source_system != I.source_system, r.contact_ref != I.contact_ref),
        or_(r.disposition == I.disposition, and_(r.disposition.is_(None), I.disposition.is_(None))),
    ]
    if horizon is not None:
        conditions.append(gap <= horizon)
    return select(func.min(gap)).where(*conditions).scalar_subquery()


FCR_HANDLED = and_(ANSWERED, I.customer_key.is_not(None))


def resolved_within(window: float) -> Expr:
    """Handled contacts whose stored repeat, if any, came after ``window`` seconds."""
    return count_if(
        and_(
            FCR_HANDLED,
            or_(I.repeat_after_seconds.is_(None), I.repeat_after_seconds > window),
        )
    )
