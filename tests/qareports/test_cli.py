"""The quality report commands as a user runs them, on both databases.

They are registered under ``switchboard qa report`` by the scorecards' command group; here they
hang off a group of their own carrying the test's settings, as the root command would.
"""

import csv
import io
import json
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from switchboard.config import Settings
from switchboard.qareports import cli
from tests.qareports.support import WEEK_29_JUNE, History

runner = CliRunner()


@pytest.fixture
def reports(settings: Settings) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = settings

    app.add_typer(cli.qa_report_app, name="report")
    return app


def run(app: typer.Typer, *args: str) -> Any:
    result = runner.invoke(app, ["report", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_trend_as_json(reports: typer.Typer, history: History) -> None:
    body = json.loads(run(reports, "trend", "--by", "agent", "--from", "2026-06-29",
                          "--format", "json"))  # fmt: skip
    found = {r["agent"]: (r["period_start"], r["evaluations"], r["mean_score"])
             for r in body["rows"]}  # fmt: skip
    assert found == {"Ann": (WEEK_29_JUNE, 2, 50.0), "Amy": (WEEK_29_JUNE, 1, 50.0),
                     "Bob": (WEEK_29_JUNE, 1, None)}  # fmt: skip
    assert body["settings"]["interval"] == "week"


def test_the_trend_as_csv_and_table(reports: typer.Typer, history: History) -> None:
    rows = list(csv.DictReader(io.StringIO(run(reports, "trend", "--interval", "month",
                                               "--format", "csv"))))  # fmt: skip
    assert [(r["period_start"], r["evaluations"], r["mean_score"]) for r in rows] == [
        ("2026-06-01T00:00:00+01:00", "2", "37.5"), ("2026-07-01T00:00:00+01:00", "3", "75.0")]  # fmt: skip
    assert "QA trend" in run(reports, "trend")


def test_failed_questions_and_compliance_failures(reports: typer.Typer, history: History) -> None:
    failed = json.loads(run(reports, "failed-questions", "--format", "json"))
    assert failed["rows"][0]["question_key"] == "dpa"
    listed = list(csv.DictReader(io.StringIO(run(reports, "compliance-failures",
                                                 "--format", "csv"))))  # fmt: skip
    assert [(r["contact_ref"], r["failed_questions"]) for r in listed] == [
        ("ref-e4", "dpa"), ("ref-e2", "idv")]  # fmt: skip


def test_workload_as_a_table(reports: typer.Typer, history: History) -> None:
    assert "Quinn" in run(reports, "workload", "--from", "2026-06-01")


def test_a_bad_date_fails_with_a_message(reports: typer.Typer, history: History) -> None:
    result = runner.invoke(reports, ["report", "trend", "--from", "June"])
    assert result.exit_code == 1
    assert "--from 'June'" in result.output
