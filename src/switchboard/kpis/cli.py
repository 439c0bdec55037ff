"""``switchboard report`` (KPI reports) and ``switchboard kpis`` (aggregates, targets, thresholds)."""

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from switchboard.cli_support import current_settings, fail_on_errors, print_json
from switchboard.config import Settings
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.domain.kpi import KPIS, AbandonTreatment, KpiSettings
from switchboard.kit.intervals import BusinessHours, Interval
from switchboard.kpis import docs, output, refresh, targets
from switchboard.kpis.agent import agent_report
from switchboard.kpis.params import Source, kpi_settings, parse_when, split_list
from switchboard.kpis.service import DIMENSIONS, ReportRequest, build_report

report_app = typer.Typer(help="KPI reports: by interval, queue, channel, agent, team or site.",
                         rich_markup_mode="markdown")  # fmt: skip
kpis_app = typer.Typer(help="KPI definitions, aggregates, targets and service-level thresholds.",
                       rich_markup_mode="markdown")  # fmt: skip
target_app = typer.Typer(help="Red/amber/green targets per KPI for the centre, a queue or a team.",
                         rich_markup_mode="markdown")  # fmt: skip
kpis_app.add_typer(target_app, name="target")


class ReportFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    HTML = "html"


FROM = typer.Option(
    None,
    "--from",
    help="Start, ISO date or date-time; no offset means centre time. Default: start of history.",
)
TO = typer.Option(
    None,
    "--to",
    help="End. A date alone includes that whole day; a date-time is exclusive. Default: end of history.",
)
KPI_LIST = typer.Option(
    None, "--kpis", help="Comma-separated KPI names (`switchboard kpis list`). Default: all."
)
OUTPUT = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output.")
TREATMENT = typer.Option(
    None,
    "--abandon-treatment",
    help="Service level: exclude (Asterisk SL), against, in_favour (Asterisk SL2). Default: SWITCHBOARD_KPI_ABANDON_TREATMENT.",
)
SL_SECONDS = typer.Option(
    None,
    "--service-level-seconds",
    help="One threshold T for every queue, instead of each queue's own.",
)
SHORT = typer.Option(
    None,
    "--short-abandon-seconds",
    help="Short-abandon threshold; 0 turns it off. Default: SWITCHBOARD_KPI_SHORT_ABANDON_SECONDS.",
)
FCR_WINDOW = typer.Option(
    None,
    "--fcr-window-seconds",
    help="FCR repeat-contact window. Default: SWITCHBOARD_KPI_FCR_WINDOW_SECONDS.",
)
TOP_BOXES = typer.Option(
    None,
    "--csat-top-boxes",
    help="CSAT top boxes counted as satisfied. Default: SWITCHBOARD_KPI_CSAT_TOP_BOXES.",
)
SOURCE = typer.Option(
    Source.AUTO,
    "--source",
    help="auto reads the aggregates whenever they answer exactly; raw always reads raw contacts.",
)


@report_app.command("kpis")
def report_kpis(
    ctx: typer.Context,
    by: str = typer.Option("", "--by", help=f"Group by any of: {', '.join(DIMENSIONS)} (comma-separated)."),
    interval: Interval = typer.Option(Interval.DAY, "--interval", help="Length of an interval when grouping by interval."),
    start: str | None = FROM, end: str | None = TO, kpis: str | None = KPI_LIST,
    fmt: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="table, json, csv or html (a self-contained page with charts)."),
    output_file: Path | None = OUTPUT,
    business_hours: bool = typer.Option(False, "--business-hours", help="Only quarter hours that start within SWITCHBOARD_BUSINESS_HOURS."),
    treatment: AbandonTreatment | None = TREATMENT, sl: float | None = SL_SECONDS,
    short: float | None = SHORT, fcr: float | None = FCR_WINDOW, top: int | None = TOP_BOXES,
    source: Source = SOURCE,
) -> None:  # fmt: skip
    """KPIs grouped as you ask, with each figure red, amber or green against its target.

    Every report prints the settings it used. Example: `switchboard report kpis --by interval,queue
    --interval 60m --from 2026-11-23 --to 2026-11-23 --kpis offered,service_level,aht`.
    """
    settings = current_settings(ctx)
    with fail_on_errors():
        request = ReportRequest(
            by=split_list(by), interval=interval, kpis=split_list(kpis) or None,
            start=parse_when(start, settings.timezone, end=False),
            end=parse_when(end, settings.timezone, end=True), timezone=settings.timezone,
            business_hours=BusinessHours.parse(settings.business_hours) if business_hours else None,
            source=source.value,
        )  # fmt: skip
        variant = kpi_settings(settings, treatment, sl, short, fcr, top)
        _write(_render(settings, request, variant, fmt), output_file, fmt)


def _render(
    settings: Settings, request: ReportRequest, variant: KpiSettings, fmt: ReportFormat
) -> Any:
    engine = make_engine(settings.database_url)
    try:
        with unit_of_work(engine) as session:
            if fmt is ReportFormat.HTML:
                from switchboard.kpis.html import render_html

                return render_html(session=session, request=request, settings=variant)
            report = build_report(session=session, request=request, settings=variant)
    finally:
        engine.dispose()
    if fmt is ReportFormat.JSON:
        return report.as_dict()
    if fmt is ReportFormat.CSV:
        return output.to_csv(report)
    return report


def _write(result: Any, path: Path | None, fmt: ReportFormat) -> None:
    if fmt is ReportFormat.TABLE:
        if path is None:
            _print_table(Console(), result)
        else:
            with path.open("w", encoding="utf-8") as handle:
                _print_table(Console(file=handle, width=200), result)
        return
    if fmt is ReportFormat.JSON:
        if path is None:
            print_json(result)
            return
        import json

        path.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
        return
    if path is None:
        typer.echo(result, nl=False)
    else:
        path.write_text(result, encoding="utf-8")
        typer.echo(f"wrote {path}", err=True)


def _print_table(console: Console, report: Any) -> None:
    s = report.settings
    console.print(
        f"[dim]{s['from']} to {s['to']} · service level: abandons {s['abandon_treatment']}, "
        f"short abandons ≤ {s['short_abandon_seconds']:g} s · FCR window "
        f"{s['fcr_window_seconds'] / 86400:g} days · read from {s['source']}[/]"
    )
    console.print(output.table(report, "KPIs"))


@report_app.command("agent")
def report_agent(
    ctx: typer.Context,
    agent: str = typer.Argument(..., help="The agent's name as shown in reports, or their id."),
    start: str | None = FROM, end: str | None = TO, kpis: str | None = KPI_LIST,
    fmt: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="table or json."),
) -> None:  # fmt: skip
    """One agent's KPIs against their targets and their team's median, for a one-to-one."""
    settings = current_settings(ctx)
    with fail_on_errors():
        request = ReportRequest(
            kpis=split_list(kpis) or None, timezone=settings.timezone,
            start=parse_when(start, settings.timezone, end=False),
            end=parse_when(end, settings.timezone, end=True),
        )  # fmt: skip
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                result = agent_report(session=session, agent=agent, request=request,
                                      settings=kpi_settings(settings))  # fmt: skip
        finally:
            engine.dispose()
    if fmt is ReportFormat.JSON:
        print_json(result)
        return
    Console().print(_agent_table(result))


def _agent_table(result: dict[str, Any]) -> Table:
    title = (
        f"{result['agent']} · team {result['team'] or '(none)'} ({result['team_agents']} agents)"
    )
    table = Table(title=title)
    for column in ("KPI", "value", "target (green / amber)", "team median"):
        table.add_column(column, justify="left" if column == "KPI" else "right")
    for line in result["kpis"]:
        name, target = line["kpi"], line["target"]
        goal = (
            f"{output.show_value(name, target['green'])} / {output.show_value(name, target['amber'])}"
            if target
            else "—"
        )
        value = output.show_value(name, line["value"])
        style = output.RAG_STYLES.get(line["rag"] or "", "")
        table.add_row(line["title"], f"[{style}]{value}[/]" if style else value, goal,
                      output.show_value(name, line["team_median"]))  # fmt: skip
    return table


@kpis_app.command("list")
def list_kpis() -> None:
    """Every KPI: name, unit, which direction is better, and formula."""
    table = Table()
    for column in ("name", "unit", "better", "formula"):
        table.add_column(column)
    for kpi in KPIS:
        table.add_row(kpi.name, kpi.unit.value, kpi.better.value, kpi.formula)
    Console().print(table)


@kpis_app.command("docs")
def kpi_docs() -> None:
    """Print docs/kpis.md as generated from the registry."""
    typer.echo(docs.render(), nl=False)


@kpis_app.command("rebuild")
def rebuild_aggregates(ctx: typer.Context) -> None:
    """Rebuild every KPI aggregate from the raw rows, in SWITCHBOARD_TIMEZONE.

    Needed only after changing the centre's timezone: imports keep the aggregates up to date.
    """
    settings = current_settings(ctx)
    with fail_on_errors():
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session, Progress(transient=True) as progress:
                task = progress.add_task("rebuilding days", total=None)
                summary = refresh.rebuild(
                    session=session, timezone=settings.timezone,
                    on_progress=lambda done, total: progress.update(task, completed=done, total=total),
                )  # fmt: skip
        finally:
            engine.dispose()
    typer.echo(f"rebuilt {summary.days} days of aggregates in {summary.timezone}")


@kpis_app.command("threshold")
def set_threshold(
    ctx: typer.Context,
    queue: str = typer.Argument(..., help="Queue name."),
    seconds: int = typer.Argument(..., help="The service-level threshold T in seconds."),
) -> None:
    """Set a queue's service-level threshold T (answered within T seconds counts as met)."""
    settings = current_settings(ctx)
    with fail_on_errors():
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                refresh.set_threshold(session=session, queue=queue, seconds=seconds)
        finally:
            engine.dispose()
    typer.echo(f"{queue}: service level now counts answers within {seconds} s")


QUEUE = typer.Option(None, "--queue", help="For this queue only.")
TEAM = typer.Option(None, "--team", help="For this team only (its agents' reports).")


@target_app.command("set")
def target_set(
    ctx: typer.Context,
    kpi: str = typer.Argument(..., help="KPI name, e.g. service_level."),
    green: float = typer.Option(..., "--green", help="Green at this value or better (ratios as 0..1, durations in seconds)."),
    amber: float = typer.Option(..., "--amber", help="Amber at this value or better; red beyond it."),
    queue: str | None = QUEUE, team: str | None = TEAM,
) -> None:  # fmt: skip
    """Set a KPI's target for the centre, or for one queue or team (the most specific wins)."""
    _with_session(
        ctx,
        lambda s: targets.set_target(
            session=s, kpi=kpi, green=green, amber=amber, queue=queue, team=team
        ),
    )
    typer.echo(f"target for {kpi} set: green {green}, amber {amber}")


@target_app.command("delete")
def target_delete(ctx: typer.Context, kpi: str = typer.Argument(...), queue: str | None = QUEUE,
                  team: str | None = TEAM) -> None:  # fmt: skip
    """Remove a target."""
    _with_session(ctx, lambda s: targets.delete_target(session=s, kpi=kpi, queue=queue, team=team))
    typer.echo(f"target for {kpi} removed")


@target_app.command("list")
def target_list(
    ctx: typer.Context,
    fmt: ReportFormat = typer.Option(ReportFormat.TABLE, "--format", help="table or json."),
) -> None:
    """Every target, with the queue or team it applies to."""
    found = _with_session(ctx, lambda s: targets.list_targets(session=s))
    if fmt is ReportFormat.JSON:
        print_json({"targets": found})
        return
    table = Table()
    for column in ("kpi", "scope", "green", "amber"):
        table.add_column(column)
    for t in found:
        scope = (
            f"queue {t['queue']}" if t["queue"] else f"team {t['team']}" if t["team"] else "centre"
        )
        table.add_row(
            t["kpi"],
            scope,
            output.show_value(t["kpi"], t["green"]),
            output.show_value(t["kpi"], t["amber"]),
        )
    Console().print(table)


def _with_session(ctx: typer.Context, work: Any) -> Any:
    settings = current_settings(ctx)
    with fail_on_errors():
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                return work(session)
        finally:
            engine.dispose()
