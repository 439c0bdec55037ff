"""``switchboard qa calibration-report`` as a user runs it, through a local app holding the
command (the ``qa`` group registers the same function)."""

import json

import typer
from typer.testing import CliRunner

from switchboard.calibration.cli import calibration_report
from switchboard.config import Settings
from tests.calibration.support import Known

runner = CliRunner()


def cli(database_url: str) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = Settings(database_url=database_url)

    app.command("calibration-report")(calibration_report)
    return app


def test_it_prints_the_report_as_json(database_url: str, known: Known) -> None:
    result = runner.invoke(
        cli(database_url), ["calibration-report", str(known.session_id), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert list(report) == [
        "session_id", "name", "status", "version_id", "threshold", "evaluations", "questions",
        "overall", "reference", "expert_user_id", "deviations",
    ]  # fmt: skip
    assert [q["key"] for q in report["questions"] if q["flagged"]] == ["greet"]
    assert report["evaluations"]["submitted"] == 11


def test_it_prints_a_table_with_flags_and_deviations(database_url: str, known: Known) -> None:
    result = runner.invoke(cli(database_url), ["calibration-report", str(known.session_id)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "11 of 12 evaluations submitted" in text
    assert "poor agreement" in text
    assert "undefined: no variation" in text
    assert "consensus" in text


def test_it_fails_on_a_session_that_does_not_exist(database_url: str, known: Known) -> None:
    result = runner.invoke(cli(database_url), ["calibration-report", "999"])
    assert result.exit_code == 1
    assert "no such calibration session" in result.stderr
