"""``switchboard people self-audit``: an agent's KPIs against their targets, their team and the
period before, as a table, JSON or a self-contained HTML page."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from jinja2 import Environment, PackageLoader, StrictUndefined
from rich.console import Console
from rich.table import Table
from rich.text import Text

from switchboard.cli_support import current_settings, fail_on_errors, print_json
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.domain.kpi import REGISTRY
from switchboard.domain.performance.aspects import MIN_SAMPLE
from switchboard.kit.periods import FORMS, parse_period
from switchboard.kpis.output import RAG_STYLES, show_value
from switchboard.kpis.params import kpi_settings
from switchboard.selfaudits import service

people_app = typer.Typer(help="Agents' own development: self-audits.", rich_markup_mode="markdown")


class AuditFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    HTML = "html"


@people_app.command("self-audit")
def self_audit(
    ctx: typer.Context,
    agent: str = typer.Argument(..., help="The agent's name as shown in reports, or their id."),
    period: str | None = typer.Option(None, "--period", help=f"{FORMS}. Default: last full month."),
    fmt: AuditFormat = typer.Option(AuditFormat.TABLE, "--format", help="table, json or html."),
    output_file: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """An agent's KPIs against their targets and their team, with strengths, development areas
    and any efficiency gain that cost effectiveness.

    Example: `switchboard people self-audit "Ann Lee" --period 2026-06 --format html -o ann.html`.
    """
    settings = current_settings(ctx)
    with fail_on_errors():
        chosen = parse_period(period, today=date.today())
        engine = make_engine(settings.database_url)
        try:
            with unit_of_work(engine) as session:
                found = service.audit_agent(
                    session=session, agent=service.find_agent(session=session, agent=agent),
                    period=chosen, settings=kpi_settings(settings), timezone=settings.timezone,
                )  # fmt: skip
        finally:
            engine.dispose()
    result = service.as_dict(found)
    if fmt is AuditFormat.JSON and output_file is None:
        print_json(result)
    elif fmt is AuditFormat.TABLE:
        Console().print(_table(result))
    else:
        text = render_html(result) if fmt is AuditFormat.HTML else _json_text(result)
        _write(text, output_file)


def _json_text(result: dict[str, Any]) -> str:
    import json

    return json.dumps(result, indent=2, default=str) + "\n"


def _write(text: str, output_file: Path | None) -> None:
    if output_file is None:
        typer.echo(text, nl=False)
    else:
        output_file.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output_file}")


def _table(result: dict[str, Any]) -> Table:
    table = Table(title=f"{result['agent']} · team {result['team'] or '(none)'} · "
                        f"{result['period']['label']}")  # fmt: skip
    for column in ("KPI", "value", "target", "team standing", "sample", "judgement"):
        table.add_column(column, justify="left" if column in ("KPI", "judgement") else "right")
    for k in result["kpis"]:
        standing = f"{k['team_percentile']:.0f}% of {k['team_size']}" if k["team_percentile"] is not None else "—"  # fmt: skip
        sample = f"{k['sample']}{' (low)' if k['low_confidence'] else ''}"
        target = show_value(k["kpi"], k["target"]["green"]) if k["target"] else "—"
        value = Text(show_value(k["kpi"], k["value"]), style=RAG_STYLES.get(k["status"] or "", ""))
        table.add_row(k["title"], value, target, standing, sample, k["judgement"])
    for trade_off in result["trade_offs"]:
        table.caption = (table.caption or "") + f"⚠ {trade_off['message']}\n"
    return table


def render_html(result: dict[str, Any]) -> str:
    env = Environment(
        loader=PackageLoader("switchboard.selfaudits", "templates"),
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )  # fmt: skip
    floors = " and ".join(f"{n} {kind.value}" for kind, n in MIN_SAMPLE.items())
    return env.get_template("self_audit.html.j2").render(
        audit=result, show=show_value, floors=floors,
        titles=lambda names: ", ".join(REGISTRY[n].title for n in names),
    )  # fmt: skip
