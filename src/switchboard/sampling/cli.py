"""``switchboard qa sample``: run the sampling rules over a week (docs/cli.md).

The command is a plain function; ``scorecards/cli.py`` registers it on the ``qa`` group.
"""

from datetime import date

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from switchboard.cli_support import (
    OutputFormat,
    current_settings,
    err_console,
    fail_on_errors,
    print_json,
)
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.kit.errors import FieldError, SwitchboardError
from switchboard.sampling import repository as repo
from switchboard.sampling import service
from switchboard.sampling.schemas import MAX_SEED, SamplingRunRead


def _week(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r}: use the Monday's date, YYYY-MM-DD") from None


def sample(
    ctx: typer.Context,
    week: str = typer.Option(..., "--week", help="The week's Monday, YYYY-MM-DD (local date)."),
    seed: int | None = typer.Option(
        None, "--seed", min=0, max=MAX_SEED, help="Default: the week as YYYYMMDD (repeatable)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="table or json."),
) -> None:
    """Pick the week's contacts for evaluation by the active sampling rules and assign them
    fairly to the quality analysts. Running a week again adds only what is missing.

    Example: `switchboard qa sample --week 2026-11-23 --format json`.
    """
    settings = current_settings(ctx)
    week_start = _week(week)
    with fail_on_errors():
        engine = make_engine(settings.database_url)
        try:
            with err_console.status("Sampling the week…"), unit_of_work(engine) as session:
                summary = _run(session, week_start, seed, settings.timezone)
                names = repo.usernames(session, [e.user_id for e in summary.by_evaluator])
        finally:
            engine.dispose()
    if fmt is OutputFormat.JSON:
        print_json(summary.model_dump(mode="json"))
    else:
        _print(summary, names)


def _run(session: Session, week_start: date, seed: int | None, timezone: str) -> SamplingRunRead:
    try:
        return service.sample_week(
            session=session,
            week_start=week_start,
            seed=seed,
            timezone=timezone,
            actor_user_id=None,
        )
    except FieldError as exc:  # the service names the API's field; the user typed --week
        raise SwitchboardError(f"--week {exc.problems[0].message}") from None


def _print(summary: SamplingRunRead, names: dict[int, str]) -> None:
    console = Console()
    console.print(
        f"Week of {summary.week_start.isoformat()} · seed {summary.seed} · "
        f"{summary.candidates} contacts · {summary.picked} new assignments · "
        f"{summary.unassignable} unassignable",
        highlight=False,
    )
    reasons = Table(title="New assignments by reason")
    reasons.add_column("reason")
    reasons.add_column("picked", justify="right")
    for reason, picked in summary.by_reason.items():
        reasons.add_row(reason, str(picked))
    console.print(reasons)
    people = Table(title="Evaluators")
    for column in ("evaluator", "assigned", "open"):
        people.add_column(column, justify="left" if column == "evaluator" else "right")
    for row in summary.by_evaluator:
        name = names.get(row.user_id, str(row.user_id))
        people.add_row(name, str(row.assigned), str(row.open))
    console.print(people)
