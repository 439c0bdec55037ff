"""``switchboard report`` and ``switchboard kpis`` as a user runs them, on both databases."""

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.domain.kpi import REGISTRY
from switchboard.ingest.synthetic import write_queue_log

runner = CliRunner()
DAY_START = 1_795_420_800.0  # 2026-11-23T08:00:00+00:00, a Monday in London (GMT)


@pytest.fixture
def loaded(database_url: str, tmp_path: Path) -> str:
    """A store holding a synthetic morning of a 20-agent centre, loaded through the CLI."""
    log = tmp_path / "queue_log"
    write_queue_log(log, 4000, agents=20, start=DAY_START, call_gap_seconds=4.0)
    result = sb(database_url, "ingest", "queue-log", str(log))
    assert result.exit_code == 0, result.output
    return database_url


def sb(url: str, *args: str) -> "object":
    return runner.invoke(app, ["--database-url", url, *args])


def run_json(url: str, *args: str) -> dict:  # type: ignore[type-arg]
    result = sb(url, *args, "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined,no-any-return]


def test_json_report_has_settings_rows_and_totals_keyed_by_registry_names(loaded: str) -> None:
    report = run_json(loaded, "report", "kpis", "--by", "interval,queue", "--interval", "60m")
    settings = report["settings"]
    for name in ("abandon_treatment", "short_abandon_seconds", "fcr_window_seconds",
                 "csat_top_boxes", "timezone", "queue_service_level_seconds", "source"):  # fmt: skip
        assert name in settings
    assert settings["source"] == "aggregates+raw"  # FCR by the hour is read from raw contacts
    row = report["rows"][0]
    assert row["interval_start"].endswith("+00:00")  # ISO 8601 with the offset, London in winter
    assert set(REGISTRY) <= row.keys()
    assert report["totals"]["offered"] == sum(r["offered"] for r in report["rows"])
    assert 0 <= report["totals"]["service_level"] <= 1
    # the queue split cannot say anything about agent states: null, never 0
    assert all(r["occupancy"] is None for r in report["rows"])


def test_aggregates_and_raw_rows_give_the_same_report(loaded: str) -> None:
    fast = run_json(
        loaded, "report", "kpis", "--by", "agent", "--from", "2026-11-23", "--to", "2026-11-23"
    )
    slow = run_json(loaded, "report", "kpis", "--by", "agent", "--from", "2026-11-23", "--to",
                    "2026-11-23", "--source", "raw")  # fmt: skip
    assert fast["settings"]["source"] == "aggregates"  # whole days: even FCR is aggregated
    assert slow["settings"]["source"] == "raw"
    assert len(fast["rows"]) == len(slow["rows"]) > 1
    for quick, careful in zip(fast["rows"], slow["rows"], strict=True):
        for name, value in careful.items():
            if isinstance(value, float):
                assert quick[name] == pytest.approx(value), name
            else:
                assert quick[name] == value, name


def test_csv_has_a_header_a_line_per_group_and_a_total(loaded: str) -> None:
    result = sb(
        loaded, "report", "kpis", "--by", "queue", "--kpis", "offered,asa", "--format", "csv"
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    lines = list(csv.reader(io.StringIO(result.stdout)))  # type: ignore[attr-defined]
    assert lines[0] == ["queue", "offered", "asa"]
    assert lines[-1][0] == "total"
    assert int(lines[-1][1]) == sum(int(line[1]) for line in lines[1:-1])


def test_table_marks_figures_against_targets(loaded: str, tmp_path: Path) -> None:
    assert (
        sb(
            loaded, "kpis", "target", "set", "service_level", "--green", "0.99", "--amber", "0.98"
        ).exit_code
        == 0
    )  # type: ignore[attr-defined]
    report = run_json(loaded, "report", "kpis", "--kpis", "service_level,offered")
    assert report["totals"]["rag"] == {"service_level": "red"}
    out = tmp_path / "report.txt"
    assert sb(loaded, "report", "kpis", "--output", str(out)).exit_code == 0  # type: ignore[attr-defined]
    assert "Service level" in out.read_text()


def test_targets_are_set_listed_replaced_and_deleted(loaded: str) -> None:
    sb(loaded, "kpis", "target", "set", "aht", "--green", "300", "--amber", "360")
    sb(loaded, "kpis", "target", "set", "aht", "--green", "280", "--amber", "330")
    listed = run_json(loaded, "kpis", "target", "list")["targets"]
    assert listed == [{"kpi": "aht", "queue": None, "team": None, "green": 280.0, "amber": 330.0}]
    assert sb(loaded, "kpis", "target", "delete", "aht").exit_code == 0  # type: ignore[attr-defined]
    assert run_json(loaded, "kpis", "target", "list")["targets"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["kpis", "target", "set", "aht", "--green", "300", "--amber", "200"], "amber bound"),
        (
            ["kpis", "target", "set", "offered", "--green", "1", "--amber", "1"],
            "no better direction",
        ),
        (["kpis", "target", "set", "nope", "--green", "1", "--amber", "1"], "unknown KPI"),
        (["report", "kpis", "--by", "weather"], "cannot group by weather"),
        (["report", "kpis", "--kpis", "offered,happiness"], "unknown KPI happiness"),
        (["report", "kpis", "--from", "yesterday"], "--from 'yesterday'"),
        (["report", "agent", "Nobody"], "no agent named 'Nobody'"),
        (["kpis", "threshold", "Atlantis", "20"], "no queue named 'Atlantis'"),
    ],
)
def test_bad_requests_fail_with_a_clear_message(loaded: str, args: list[str], message: str) -> None:
    result = sb(loaded, *args)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert message in result.output  # type: ignore[attr-defined]


def test_agent_report_compares_with_targets_and_the_team_median(loaded: str) -> None:
    agents = run_json(loaded, "report", "kpis", "--by", "agent", "--kpis", "answered")["rows"]
    name = next(r["agent"] for r in agents if r["agent"])
    sb(loaded, "kpis", "target", "set", "aht", "--green", "100000", "--amber", "200000")
    report = run_json(loaded, "report", "agent", name, "--kpis", "answered,aht")
    assert report["agent"] == name
    aht = next(line for line in report["kpis"] if line["kpi"] == "aht")
    assert aht["target"] == {"green": 100000.0, "amber": 200000.0}
    assert aht["rag"] == "green"
    assert sb(loaded, "report", "agent", name).exit_code == 0  # type: ignore[attr-defined]


def test_a_new_threshold_changes_service_level_and_rebuild_keeps_figures(loaded: str) -> None:
    before = run_json(loaded, "report", "kpis", "--by", "queue", "--kpis", "service_level")
    queue = before["rows"][0]["queue"]
    assert sb(loaded, "kpis", "threshold", queue, "600").exit_code == 0  # type: ignore[attr-defined]
    after = run_json(loaded, "report", "kpis", "--by", "queue", "--kpis", "service_level")
    raw = run_json(
        loaded, "report", "kpis", "--by", "queue", "--kpis", "service_level", "--source", "raw"
    )
    assert after["settings"]["queue_service_level_seconds"][queue] == 600
    assert after["rows"][0]["service_level"] > before["rows"][0]["service_level"]
    assert after["rows"][0]["service_level"] == pytest.approx(raw["rows"][0]["service_level"])
    assert sb(loaded, "kpis", "rebuild").exit_code == 0  # type: ignore[attr-defined]
    assert run_json(loaded, "report", "kpis", "--by", "queue", "--kpis", "service_level") == after


def test_kpis_list_and_docs_name_every_kpi() -> None:
    listed = runner.invoke(app, ["kpis", "list"])
    documented = runner.invoke(app, ["kpis", "docs"])
    for name in REGISTRY:
        assert name in documented.stdout
    assert "service_level" in listed.stdout
