"""The ``switchboard`` command."""

import typer

from switchboard import __version__
from switchboard.audit.cli import audit_app
from switchboard.auth.cli import users_app
from switchboard.calibration.cli import calibration_report
from switchboard.config import Settings
from switchboard.db.cli import app as db_app
from switchboard.demo import app as demo_app
from switchboard.improvements.cli import improvement_app
from switchboard.ingest.cli import app as ingest_app
from switchboard.kpis.cli import kpis_app, report_app
from switchboard.planning.cli import plan_app, simulate
from switchboard.qareports.cli import qa_report_app
from switchboard.sampling.cli import sample
from switchboard.scorecards.cli import qa_app
from switchboard.selfaudits.cli import people_app
from switchboard.web.cli import serve

app = typer.Typer(
    help="Switchboard: run a contact centre's performance loop.",
    no_args_is_help=True,
    rich_markup_mode="markdown",  # docstrings wrap as paragraphs instead of keeping line breaks
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(db_app, name="db")
app.add_typer(ingest_app, name="ingest")
app.add_typer(report_app, name="report")
app.add_typer(kpis_app, name="kpis")
app.add_typer(plan_app, name="plan")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(people_app, name="people")
app.add_typer(improvement_app, name="improvement")
app.add_typer(qa_app, name="qa")
# The qa group's commands live with the features they read; the group itself with scorecards.
qa_app.command("sample")(sample)
qa_app.command("calibration-report")(calibration_report)
qa_app.add_typer(qa_report_app, name="report")
app.command("simulate")(simulate)
app.add_typer(demo_app, name="demo")
app.command("serve")(serve)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"switchboard {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    database_url: str | None = typer.Option(
        None,
        "--database-url",
        envvar="SWITCHBOARD_DATABASE_URL",
        help="Store to use. Default sqlite:///./switchboard.db; PostgreSQL: postgresql://user@host/db",
        show_default=False,
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Switchboard: run a contact centre's performance loop."""
    settings = Settings() if database_url is None else Settings(database_url=database_url)
    ctx.obj = settings
