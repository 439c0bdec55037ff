"""The quality report commands, registered under ``switchboard qa report`` (docs/cli.md).

They read with the store's own rights, as the other report commands do: every agent's
evaluations, calibration scores and drafts still left out. ``--from`` and ``--to`` are ISO dates
or date-times in the centre's timezone, bounding the evaluated contacts' arrival (workload:
the submissions).
"""

import csv
import io
import sys
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from switchboard.cli_support import current_settings, fail_on_errors, print_json
from switchboard.config import Settings
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.kpis.params import parse_when
from switchboard.qareports import service as report_service
from switchboard.qareports.schemas import TrendBy, TrendInterval

T = TypeVar("T")
FROM_HELP = "Start: ISO date or date-time, centre's timezone. Default: the first evaluated contact."
TO_HELP = "End, exclusive; a date alone includes that day. Default: the last evaluated contact."


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _run(ctx: typer.Context, start: str | None, end: str | None,
         work: Callable[[Any, Settings, datetime | None, datetime | None], T]) -> T:  # fmt: skip
    settings = current_settings(ctx)
    with fail_on_errors():
        since = parse_when(start, settings.timezone, end=False)
        until = parse_when(end, settings.timezone, end=True)
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                return work(session, settings, since, until)
        finally:
            engine.dispose()


def _emit(result: dict[str, Any], rows: list[dict[str, Any]], fmt: ReportFormat,
          title: str, columns: tuple[str, ...]) -> None:  # fmt: skip
    if fmt is ReportFormat.JSON:
        print_json(result)
    elif fmt is ReportFormat.CSV:
        sys.stdout.write(_csv(rows, columns))
    else:
        Console().print(_table(rows, title, columns))


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return out.getvalue()


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _table(rows: list[dict[str, Any]], title: str, columns: tuple[str, ...]) -> Table:
    table = Table(title=title)
    for column in columns:
        table.add_column(column.replace("_", " "))
    for row in rows:
        table.add_row(*(_show(row.get(c)) for c in columns))
    return table


def trend(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", help=FROM_HELP),
    end: str | None = typer.Option(None, "--to", help=TO_HELP),
    by: TrendBy = typer.Option(TrendBy.NONE, "--by", help="agent, team or none (overall)."),
    interval: TrendInterval = typer.Option(TrendInterval.WEEK, "--interval",
                                           help="day, week (from Monday) or month, local time."),
    scorecard: int | None = typer.Option(None, "--scorecard", help="Only this scorecard's id."),
    fmt: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="table, json or csv."),
) -> None:  # fmt: skip
    """QA score, evaluations, auto-fails and compliance pass rate per week (or day or month),
    per agent, per team or overall.

    Example: `switchboard qa report trend --by team --from 2026-01-01 --format csv`.
    """
    found = _run(ctx, start, end, lambda session, settings, since, until: report_service.trend(
        session=session, viewer=None, start=since, end=until, interval=interval, by=by,
        scorecard_id=scorecard, timezone=settings.timezone))  # fmt: skip
    names = {TrendBy.AGENT: ("agent",), TrendBy.TEAM: ("team",)}.get(by, ())
    columns = ("period_start", *names, "evaluations", "mean_score", "auto_failed",
               "compliance_evaluations", "compliance_pass_rate")  # fmt: skip
    rows = [row.model_dump() for row in found.rows]
    _emit(found.model_dump(), rows, fmt, "QA trend", columns)


def failed_questions(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", help=FROM_HELP),
    end: str | None = typer.Option(None, "--to", help=TO_HELP),
    scorecard: int | None = typer.Option(None, "--scorecard", help="Only this scorecard's id."),
    fmt: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="table, json or csv."),
) -> None:  # fmt: skip
    """The most-failed questions: per scorecard version and question, answers (N/A left out),
    failures, failure rate and points lost.

    Example: `switchboard qa report failed-questions --from 2026-06-01 --to 2026-06-30`.
    """
    found = _run(ctx, start, end, lambda session, settings, since, until:
                 report_service.failed_questions(session=session, viewer=None, start=since,
                                                 end=until, scorecard_id=scorecard,
                                                 timezone=settings.timezone))  # fmt: skip
    columns = ("scorecard", "version", "question_key", "question", "answered", "failed",
               "failure_rate", "points_lost")  # fmt: skip
    rows = [row.model_dump() for row in found.rows]
    _emit(found.model_dump(), rows, fmt, "Most-failed questions", columns)


def compliance_failures(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", help=FROM_HELP),
    end: str | None = typer.Option(None, "--to", help=TO_HELP),
    agent: int | None = typer.Option(None, "--agent", help="Only this agent's id."),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000, help="Evaluations to list."),
    offset: int = typer.Option(0, "--offset", min=0, help="Evaluations to skip."),
    fmt: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="table, json or csv."),
) -> None:  # fmt: skip
    """Evaluations that failed an applicable compliance item, newest contact first, with the
    compliance questions that failed.

    Example: `switchboard qa report compliance-failures --from 2026-06-01 --format json`.
    """
    page, following = _run(ctx, start, end, lambda session, settings, since, until:
                           report_service.compliance_failures(
                               session=session, viewer=None, start=since, end=until,
                               agent_id=agent, limit=limit, offset=offset))  # fmt: skip
    items = [row.model_dump(mode="json") for row in page]
    rows = [{**item, "failed_questions": "; ".join(q["key"] for q in item["failed_questions"])}
            for item in items]  # fmt: skip
    columns = ("evaluation_id", "contact_ref", "contact_at", "agent", "queue", "failed_questions",
               "evaluator", "status")  # fmt: skip
    _emit({"items": items, "next": following}, rows, fmt, "Compliance failures", columns)


def workload(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", help="Submitted from: ISO date or time."),
    end: str | None = typer.Option(None, "--to", help="Submitted before; a date includes it."),
    fmt: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="table, json or csv."),
) -> None:  # fmt: skip
    """Per evaluator: evaluations submitted, drafts and assignments open (and overdue), and the
    median and 90th-percentile turnaround in hours.

    Example: `switchboard qa report workload --from 2026-06-01 --to 2026-06-30`.
    """
    found = _run(ctx, start, end, lambda session, settings, since, until: report_service.workload(
        session=session, viewer=None, start=since, end=until, timezone=settings.timezone))  # fmt: skip
    columns = ("evaluator", "submitted", "drafts_open", "assignments_open", "assignments_overdue",
               "turnaround_median_hours", "turnaround_p90_hours",
               "assignment_turnaround_median_hours", "assignment_turnaround_p90_hours")  # fmt: skip
    rows = [row.model_dump() for row in found.rows]
    _emit(found.model_dump(), rows, fmt, "Evaluator workload", columns)


COMMANDS: dict[str, Callable[..., None]] = {
    "trend": trend,
    "failed-questions": failed_questions,
    "compliance-failures": compliance_failures,
    "workload": workload,
}
"""Command name → function, in ``switchboard qa report``."""


qa_report_app = typer.Typer(
    help="Quality reports: the QA trend, most-failed questions, compliance failures and "
    "evaluator workload.",
    no_args_is_help=True,
)
for _name, _command in COMMANDS.items():
    qa_report_app.command(_name)(_command)
