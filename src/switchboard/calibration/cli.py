"""``switchboard qa calibration-report``: agreement in a calibration session (docs/cli.md).

The command is a plain function; ``scorecards/cli.py`` registers it on the ``qa`` group. The
command line reads the store directly, so it is not held to the blind rule of the API.
"""

import typer
from rich.console import Console
from rich.table import Table

from switchboard.calibration import service
from switchboard.calibration.schemas import AlphaRead, CalibrationReportRead
from switchboard.cli_support import OutputFormat, current_settings, fail_on_errors, print_json
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.feedback.schemas import MAX_ID


def calibration_report(
    ctx: typer.Context,
    session_id: int = typer.Argument(
        ..., metavar="SESSION", min=1, max=MAX_ID, help="The calibration session's id."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="table or json."),
) -> None:
    """Krippendorff's alpha per question and overall in a calibration session, questions with
    poor agreement (below 0.667) flagged for rewording, and each evaluator's deviation from
    the consensus or the named expert.

    Example: `switchboard qa calibration-report 3 --format json`.
    """
    settings = current_settings(ctx)
    with fail_on_errors():
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                report = service.build_report(session=session, session_id=session_id)
        finally:
            engine.dispose()
    if fmt is OutputFormat.JSON:
        print_json(report.model_dump(mode="json"))
    else:
        _print(report)


def _alpha(found: AlphaRead) -> str:
    return "—" if found.alpha is None else f"{found.alpha:.3f}"


def _flag(found: AlphaRead) -> str:
    if found.alpha is None:
        return f"undefined: {found.undefined_reason}"
    return "poor agreement: reword?" if found.poor_agreement else ""


def _print(report: CalibrationReportRead) -> None:
    console = Console()
    counts = report.evaluations
    console.print(
        f"{report.name} · session {report.session_id} ({report.status.value}) · "
        f"{counts.submitted} of {counts.expected} evaluations submitted",
        highlight=False,
    )
    table = Table(
        title=f"Agreement per question (Krippendorff's alpha, poor below {report.threshold})"
    )
    for column in ("question", "level", "alpha", "values", "flag"):
        table.add_column(column, justify="right" if column in ("alpha", "values") else "left")
    for q in report.questions:
        table.add_row(q.key, q.level.value, _alpha(q), str(q.pairable), _flag(q))
    table.add_row("overall score", report.overall.level.value, _alpha(report.overall),
                  str(report.overall.pairable), _flag(report.overall), style="bold")  # fmt: skip
    console.print(table)
    deviations = Table(title=f"Deviation of the overall score from the {report.reference}")
    for column in ("evaluator", "contacts", "mean difference", "mean absolute difference"):
        deviations.add_column(column, justify="left" if column == "evaluator" else "right")
    for d in report.deviations:
        deviations.add_row(str(d.user_id), str(d.units), f"{d.mean_difference:+.1f}",
                           f"{d.mean_absolute_difference:.1f}")  # fmt: skip
    console.print(deviations)
