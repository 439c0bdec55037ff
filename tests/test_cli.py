"""The root command and ``db``: what a new user runs first (``demo`` is in tests/democentre)."""

from pathlib import Path

from typer.testing import CliRunner

from switchboard import __version__
from switchboard.cli import app

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


def test_store_problems_are_one_clear_line_not_a_traceback(tmp_path: Path) -> None:
    bad_url = runner.invoke(app, ["--database-url", "nosuch://x", "db", "upgrade"])
    assert bad_url.exit_code == 1
    assert bad_url.stderr.startswith("error: the store at nosuch://x failed")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    unknown = runner.invoke(app, ["--database-url", url, "db", "upgrade", "no-such-revision"])
    assert unknown.exit_code == 1
    assert "Can't locate revision identified by 'no-such-revision'" in unknown.stderr
    assert "Traceback" not in unknown.output
