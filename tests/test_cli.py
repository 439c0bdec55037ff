"""The root command, ``db`` and ``demo``: what a new user runs first."""

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from switchboard import __version__
from switchboard.cli import app
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.interactions import repository as interaction_repository
from switchboard.interactions.models import Interaction, Outcome

runner = CliRunner()


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).stdout.strip() == f"switchboard {__version__}"
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for group in ("db", "ingest", "demo"):
        assert group in result.stdout


def test_an_unknown_command_is_a_usage_error() -> None:
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_db_upgrade_creates_a_store_that_check_accepts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    first = runner.invoke(app, ["--database-url", url, "db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert runner.invoke(app, ["--database-url", url, "db", "upgrade"]).exit_code == 0  # idempotent
    checked = runner.invoke(app, ["--database-url", url, "db", "check"])
    assert checked.exit_code == 0, checked.output


def test_ingest_into_a_store_without_schema_says_what_to_do(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    log = Path(__file__).parent / "ingest" / "fixtures" / "queue_log" / "reference.queue_log"
    result = runner.invoke(app, ["--database-url", url, "ingest", "queue-log", str(log)])
    assert result.exit_code == 1
    assert "switchboard db upgrade" in result.stderr


def test_demo_loads_the_sample_centre_and_a_rerun_adds_nothing(
    database_url: str, tmp_path: Path
) -> None:
    arguments = ["--database-url", database_url, "demo", "--data-dir", str(tmp_path / "demo")]
    first = runner.invoke(app, arguments)
    assert first.exit_code == 0, first.output
    assert "What the demo loaded" in first.stdout
    engine = make_engine(database_url)
    with unit_of_work(engine) as session:
        answered = session.scalar(
            select(func.count()).where(Interaction.outcome == Outcome.ANSWERED)
        )
        totals = interaction_repository.store_totals(session)
    assert answered is not None
    assert answered > 5000  # a working day of a mid-sized centre
    assert totals["agent_states"] > 1000
    assert totals["surveys"] > 500
    assert totals["surveys_linked"] == totals["surveys"]  # every survey found its call
    second = runner.invoke(app, arguments)
    assert second.exit_code == 0
    assert "duplicates skipped" in second.stdout
    with unit_of_work(engine) as session:
        assert interaction_repository.store_totals(session) == totals
    engine.dispose()


def test_store_problems_are_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    bad_url = runner.invoke(app, ["--database-url", "nosuch://x", "db", "upgrade"])
    assert bad_url.exit_code == 1
    assert bad_url.stderr.startswith("error: the store at nosuch://x failed")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    unknown = runner.invoke(app, ["--database-url", url, "db", "upgrade", "no-such-revision"])
    assert unknown.exit_code == 1
    assert "Can't locate revision identified by 'no-such-revision'" in unknown.stderr
    assert "Traceback" not in unknown.output
