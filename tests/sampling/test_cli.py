"""``switchboard qa sample`` as a user runs it, through a local app holding the command (the
``qa`` group registers the same function)."""

import json

import typer
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from switchboard.config import Settings
from switchboard.domain.quality.lifecycle import Reason
from switchboard.sampling.cli import sample
from tests.access.conftest import AGENTS, Organisation
from tests.sampling.support import rule

runner = CliRunner()


def cli(database_url: str) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = Settings(database_url=database_url)

    app.command("sample")(sample)
    return app


def test_it_samples_a_week_and_prints_the_summary_as_json(
    database_url: str, db: Session, org: Organisation, scorecard_id: int
) -> None:
    rule(db, scorecard_id, Reason.RANDOM)
    result = runner.invoke(
        cli(database_url), ["sample", "--week", "2026-11-23", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["week_start"], summary["seed"], summary["picked"]) == (
        "2026-11-23", 20261123, len(AGENTS),
    )  # fmt: skip
    again = runner.invoke(cli(database_url), ["sample", "--week", "2026-11-23", "--format", "json"])
    assert json.loads(again.stdout)["picked"] == 0


def test_it_prints_a_table_naming_the_evaluators(
    database_url: str, db: Session, org: Organisation, scorecard_id: int
) -> None:
    rule(db, scorecard_id, Reason.RANDOM)
    result = runner.invoke(cli(database_url), ["sample", "--week", "2026-11-23", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "seed 7" in result.stdout
    assert "quinn" in result.stdout


def test_it_fails_on_a_week_that_is_not_a_monday_or_not_a_date(database_url: str) -> None:
    tuesday = runner.invoke(cli(database_url), ["sample", "--week", "2026-11-24"])
    assert tuesday.exit_code == 1
    assert "--week 2026-11-24 is a Tuesday" in " ".join(tuesday.stderr.split())
    nonsense = runner.invoke(cli(database_url), ["sample", "--week", "soon"])
    assert nonsense.exit_code == 2
