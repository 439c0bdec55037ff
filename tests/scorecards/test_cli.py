"""``switchboard qa import-scorecard``, ``export-scorecard`` and ``scorecards`` as a user runs
them, on both databases."""

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from switchboard.cli import app
from tests.scorecards.support import EXAMPLE, small

runner = CliRunner()


def sb(url: str, *args: str) -> Any:
    return runner.invoke(app, ["--database-url", url, "qa", *args])


def listed(url: str) -> list[dict[str, Any]]:
    result = sb(url, "scorecards", "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)["scorecards"]
    return rows


def test_it_imports_the_example_and_prints_its_sections(database_url: str) -> None:
    result = sb(database_url, "import-scorecard", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Imported 'Customer service (voice)' version 1 (published): 5 sections, 18" in text
    assert "Opening and ID&V" in text


def test_it_imports_a_draft_and_reports_a_reimport_as_nothing_new(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(small()))
    first = sb(database_url, "import-scorecard", str(path), "--draft", "--format", "json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert (summary["status"], summary["created"], summary["question_count"]) == ("draft", True, 3)
    assert summary["sections"][1] == {"key": "close", "title": "Close", "weight": 2.0,
                                      "questions": 1}  # fmt: skip
    again = sb(database_url, "import-scorecard", str(path), "--format", "json")
    assert (json.loads(again.stdout)["status"], json.loads(again.stdout)["created"]) == (
        "published", False,
    )  # fmt: skip
    assert [(r["latest_version"], r["published_version"]) for r in listed(database_url)] == [(1, 1)]


def test_a_bad_file_exits_1_naming_file_line_and_field_and_changes_nothing(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "cs.yaml"
    text = EXAMPLE.read_text().replace("weight: 30", "weight: 0")
    path.write_text(text)
    result = sb(database_url, "import-scorecard", str(path))
    assert result.exit_code == 1
    line = text.splitlines().index("    weight: 0") + 1
    message = " ".join(result.stderr.split())
    assert f"error: {path}, line {line}, field 'sections.2.weight': must be more than 0" in message
    assert listed(database_url) == []


def test_a_file_that_is_not_text_exits_1(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "card.yaml"
    path.write_bytes(b"\xff\xfe\x00")
    result = sb(database_url, "import-scorecard", str(path))
    assert result.exit_code == 1
    assert "not UTF-8 text" in result.stderr


def test_a_missing_file_is_a_usage_error(database_url: str, tmp_path: Path) -> None:
    assert sb(database_url, "import-scorecard", str(tmp_path / "none.yaml")).exit_code == 2


def test_an_export_to_a_file_imports_back_unchanged(database_url: str, tmp_path: Path) -> None:
    assert sb(database_url, "import-scorecard", str(EXAMPLE)).exit_code == 0
    out = tmp_path / "shared.json"
    result = sb(database_url, "export-scorecard", "Customer service (voice)", "-o", str(out))
    assert result.exit_code == 0, result.output
    definition = json.loads(out.read_text())
    assert definition["pass_mark"] == 80
    again = sb(database_url, "import-scorecard", str(out), "--format", "json")
    assert json.loads(again.stdout)["created"] is False


def test_an_export_picks_a_version_by_number_and_writes_yaml_by_default(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "small.json"
    for pass_mark in (70, 90):
        path.write_text(json.dumps(small(pass_mark=pass_mark)))
        assert sb(database_url, "import-scorecard", str(path)).exit_code == 0
    (row,) = listed(database_url)
    first = sb(database_url, "export-scorecard", str(row["id"]), "--version", "1")
    assert yaml.safe_load(first.stdout)["pass_mark"] == 70
    current = sb(database_url, "export-scorecard", "Small", "--format", "json")
    assert json.loads(current.stdout)["pass_mark"] == 90


def test_an_unknown_scorecard_or_version_exits_1(database_url: str) -> None:
    assert sb(database_url, "import-scorecard", str(EXAMPLE)).exit_code == 0
    unknown = sb(database_url, "export-scorecard", "Nothing")
    assert unknown.exit_code == 1
    assert "no scorecard named or numbered 'Nothing'" in unknown.stderr
    missing = sb(database_url, "export-scorecard", "1", "--version", "7")
    assert (missing.exit_code, "has no version 7" in missing.stderr) == (1, True)


def test_it_lists_scorecards_as_a_table(database_url: str) -> None:
    assert sb(database_url, "import-scorecard", str(EXAMPLE), "--draft").exit_code == 0
    result = sb(database_url, "scorecards")
    assert result.exit_code == 0, result.output
    assert "Customer service (voice)" in result.stdout
    assert "—" in result.stdout  # no published version yet
