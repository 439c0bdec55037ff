"""``switchboard audit verify`` and ``list``: output, JSON and exit codes."""

import json
from pathlib import Path

from sqlalchemy import Engine, text
from typer.testing import CliRunner

from switchboard.cli import app
from tests.audit.conftest import Recorder, the_reference_day
from tests.audit.tampering import triggers_off

runner = CliRunner()


def audit(database_url: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--database-url", database_url, "audit", *args])
    return result.exit_code, result.stdout, result.stderr


def test_verify_reports_an_intact_trail_and_exits_0(database_url: str, record: Recorder) -> None:
    rows = the_reference_day(record)
    code, out, _ = audit(database_url, "verify")
    assert code == 0
    assert out.startswith("audit trail intact: 5 rows")
    assert rows[-1].row_hash in out


def test_verify_names_the_broken_row_and_exits_1(
    database_url: str, engine: Engine, record: Recorder
) -> None:
    the_reference_day(record)
    with triggers_off(engine) as connection:
        connection.execute(text("UPDATE audit_log SET actor_user_id = 1 WHERE id = 4"))
    code, out, _ = audit(database_url, "verify")
    assert code == 1
    assert out.startswith("audit trail broken at row 4: ")
    code, out, _ = audit(database_url, "verify", "--format", "json")
    assert code == 1
    found = json.loads(out)
    assert (found["intact"], found["broken_at"], found["rows"]) == (False, 4, 3)
    assert "altered" in found["problem"]


def test_verify_as_json(database_url: str, record: Recorder) -> None:
    rows = the_reference_day(record)
    code, out, _ = audit(database_url, "verify", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "intact": True,
        "rows": 5,
        "last_hash": rows[-1].row_hash,
        "broken_at": None,
        "problem": None,
    }


def test_list_filters_and_prints_ids_not_names(database_url: str, record: Recorder) -> None:
    the_reference_day(record)
    code, out, _ = audit(database_url, "list", "--action", "export", "--format", "json")
    assert code == 0
    (entry,) = json.loads(out)["entries"]
    assert entry["action"] == "export"
    assert entry["occurred_at"] == "2026-11-26T09:03:00.123456Z"
    assert entry["details"]["rows"] == 1200
    code, out, _ = audit(
        database_url, "list", "--since", "2026-11-26T09:02:00", "--limit", "2", "--format", "json"
    )
    assert [e["id"] for e in json.loads(out)["entries"]] == [4, 5]
    code, out, _ = audit(database_url, "list")
    assert code == 0
    assert "permission_denied" in out
    assert "team:3" in out


def test_list_rejects_a_bad_time_or_action_as_usage_errors(database_url: str) -> None:
    assert audit(database_url, "list", "--since", "yesterday")[0] == 2
    assert audit(database_url, "list", "--action", "rename")[0] == 2


def test_a_store_without_a_schema_says_what_to_do(tmp_path: Path) -> None:
    code, _, err = audit(f"sqlite:///{tmp_path / 'empty.db'}", "verify")
    assert code == 1
    assert "switchboard db upgrade" in err
