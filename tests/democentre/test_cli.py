"""``switchboard demo`` and ``switchboard demo generate`` on the command line."""

from pathlib import Path

from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.democentre.signins import DEMO_SIGN_INS
from switchboard.interactions import repository as interaction_repository

runner = CliRunner()


def test_generate_documents_its_options() -> None:
    result = runner.invoke(app, ["demo", "generate", "--help"])
    assert result.exit_code == 0
    for option in ("--weeks", "--agents", "--seed", "--data-dir"):
        assert option in result.stdout


def test_generate_refuses_a_centre_too_small_for_its_teams(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    result = runner.invoke(app, ["--database-url", url, "demo", "generate", "--agents", "2"])
    assert result.exit_code == 2


def test_generate_then_demo_shows_the_kpis_and_the_sign_ins_and_a_rerun_adds_nothing(
    database_url: str, tmp_path: Path
) -> None:
    data = tmp_path / "demo"
    generate = ["--database-url", database_url, "demo", "generate", "--weeks", "1", "--agents", "9",
                "--data-dir", str(data)]  # fmt: skip
    first = runner.invoke(app, generate)
    assert first.exit_code == 0, first.output
    assert "What the demo loaded" in first.stdout
    assert (data / "centre" / "interactions.csv").exists()
    assert "users created" in first.stdout
    assert_sign_ins_table(first.stdout)
    engine = make_engine(database_url)
    with unit_of_work(engine) as session:
        totals = interaction_repository.store_totals(session)
    assert totals["agents"] == 9
    assert totals["surveys"] > 0

    shown = runner.invoke(app, ["--database-url", database_url, "demo", "--data-dir", str(data)])
    assert shown.exit_code == 0, shown.output
    assert "already holds the demo centre" in shown.stdout
    assert "Service level" in shown.stdout
    assert (data / "kpi-report.html").exists()
    assert_sign_ins_table(shown.stdout)
    assert shown.stdout.index("Demo sign-ins") > shown.stdout.index("Service level")
    assert "switchboard serve" in shown.stdout

    second = runner.invoke(app, generate)
    assert second.exit_code == 0, second.output
    assert "duplicates skipped" in second.stdout
    assert "(nothing new)" in second.stdout
    with unit_of_work(engine) as session:
        assert interaction_repository.store_totals(session) == totals
    engine.dispose()


def assert_sign_ins_table(stdout: str) -> None:
    """One line per role, with its username and published password side by side."""
    assert "Demo sign-ins" in stdout
    lines = stdout.splitlines()
    for sign_in in DEMO_SIGN_INS:
        assert any(
            f" {sign_in.username} " in line and sign_in.password in line for line in lines
        ), sign_in.username
