"""``switchboard improvement``: improvement activities and their before-and-after review."""

from datetime import datetime
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from switchboard.cli_support import OutputFormat, current_settings, fail_on_errors, print_json
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.domain.kpi import Unit
from switchboard.domain.performance.wording import show
from switchboard.improvements import service
from switchboard.kit.clock import zone
from switchboard.kpis.params import kpi_settings

improvement_app = typer.Typer(
    help="Improvement activities (Plan-Do-Review) and their before-and-after review.",
    rich_markup_mode="markdown",
)


@improvement_app.command("review")
def review(
    ctx: typer.Context,
    improvement_id: int = typer.Argument(..., help="The improvement activity's id.", min=1),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="table or json."),
) -> None:
    """The Review of an improvement activity: its KPI before and after the start, the change
    with a 95% confidence interval, and a verdict in plain words.

    Example: `switchboard improvement review 3 --format json`.
    """
    settings = current_settings(ctx)
    with fail_on_errors():
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                found = service.find(session=session, improvement_id=improvement_id)
                result = service.review_dict(service.review(
                    session=session, improvement=found, settings=kpi_settings(settings),
                    timezone=settings.timezone,
                    today=datetime.now(zone(settings.timezone)).date(),
                ))  # fmt: skip
        finally:
            engine.dispose()
    if fmt is OutputFormat.JSON:
        print_json(result)
    else:
        _print_review(result)


@improvement_app.command("list")
def list_improvements(
    ctx: typer.Context,
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="table or json."),
) -> None:
    """Every improvement activity, the latest start first."""
    settings = current_settings(ctx)
    with fail_on_errors():
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                reads = service.as_reads(
                    session=session, improvements=service.every(session=session)
                )
        finally:
            engine.dispose()
    rows = [read.model_dump(mode="json") for read in reads]
    if fmt is OutputFormat.JSON:
        print_json({"improvements": rows})
        return
    table = Table(title="Improvement activities")
    for column in ("id", "title", "KPI", "team", "started", "before/after days", "control"):
        table.add_column(column, justify="right" if column == "id" else "left")
    for row in rows:
        table.add_row(str(row["id"]), row["title"], row["kpi"], str(row["team_id"] or "—"),
                      row["started_on"], f"{row['before_days']}/{row['after_days']}",
                      row["control"])  # fmt: skip
    Console().print(table)


def _print_review(result: dict[str, Any]) -> None:
    unit = Unit(result["unit"])
    table = Table(title=f"{result['title']} · {result['kpi_title']}")
    for column in ("group", "period", "value", "contacts"):
        table.add_column(column, justify="left" if column in ("group", "period") else "right")
    groups = [("involved", "before"), ("involved", "after")]
    if result["control"] != "none":
        groups += [("control", "before"), ("control", "after")]
    for group, when in groups:
        key = when if group == "involved" else f"control_{when}"
        value = result[f"{key}_value"]
        table.add_row(group, result[when]["label"], "—" if value is None else show(value, unit),
                      str(result["contacts"][key]))  # fmt: skip
    console = Console()
    console.print(table)
    console.print(result["sentence"], highlight=False)
    for caution in result["cautions"]:
        console.print(f"⚠ {caution}", highlight=False)
