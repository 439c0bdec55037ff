"""`switchboard plan erlang`: the planner's staffing question from the command line."""

import json

import pytest
from typer.testing import CliRunner

from switchboard.cli import app

runner = CliRunner()


def _json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["plan", "erlang", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_erlang_c_for_given_agents() -> None:
    # 200 calls an hour × 180 s = 10 Erlangs on 14 agents: Call Centre Helper's worked example.
    payload = _json(
        "--model",
        "c",
        "--arrival-rate",
        "200",
        "--aht",
        "180",
        "--agents",
        "14",
        "--threshold",
        "20",
    )
    assert payload["agents"] == 14
    assert payload["load_erlangs"] == pytest.approx(10)
    assert payload["wait_probability"] == pytest.approx(0.1741319, abs=5e-8)
    assert payload["service_level"] == pytest.approx(0.88835, abs=5e-6)
    assert payload["asa"] == pytest.approx(7.8359, abs=5e-5)
    assert payload["abandon_probability"] == 0
    assert payload["occupancy"] == pytest.approx(10 / 14)
    assert "blocking_probability" not in payload


def test_erlang_a_finds_fewer_agents_than_the_load() -> None:
    payload = _json(
        "--model", "a", "--arrival-rate", "2000", "--aht", "180", "--patience", "180",
        "--target-sl", "0.8", "--threshold", "20", "--shrinkage", "0.3",
    )  # fmt: skip
    assert payload["agents"] == 99
    assert payload["service_level"] == pytest.approx(0.8113, abs=5e-5)
    assert 0 < payload["abandon_probability"] < payload["wait_probability"] < 1  # type: ignore[operator]
    assert payload["gross_agents"] == pytest.approx(99 / 0.7)
    assert set(payload) >= {"service_level_answered", "mean_abandon_time", "asa", "occupancy"}


def test_erlang_b_reports_blocking() -> None:
    payload = _json("--model", "b", "--arrival-rate", "360", "--aht", "100", "--agents", "17")
    assert payload["blocking_probability"] == pytest.approx(0.012949, abs=5e-7)  # 10 E on 17
    assert payload["asa"] == 0
    target = _json("--model", "b", "--arrival-rate", "360", "--aht", "100", "--target-sl", "0.99")
    assert target["agents"] == 18


def test_an_unstable_queue_reports_null_asa() -> None:
    payload = _json("--arrival-rate", "200", "--aht", "180", "--agents", "10", "--threshold", "20")
    assert payload["asa"] is None
    assert payload["service_level"] == 0


def test_table_output_names_the_figures() -> None:
    result = runner.invoke(
        app,
        [
            "plan",
            "erlang",
            "--arrival-rate",
            "200",
            "--aht",
            "180",
            "--target-sl",
            "0.8",
            "--threshold",
            "20",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Service level (of all arrivals) within 20 s" in result.stdout
    assert "88.84%" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--arrival-rate", "200", "--aht", "180"], 2, "give --agents"),
        (
            ["--arrival-rate", "200", "--aht", "180", "--agents", "3", "--target-asa", "5"],
            2,
            "not both",
        ),
        (["--arrival-rate", "-5", "--aht", "180", "--agents", "3"], 1, "contacts per hour"),
        (
            ["--model", "a", "--arrival-rate", "200", "--aht", "180", "--agents", "3"],
            1,
            "--patience",
        ),
        (["--arrival-rate", "200", "--aht", "180", "--target-sl", "0.8"], 1, "threshold"),
        (["--model", "b", "--arrival-rate", "200", "--aht", "180", "--target-asa", "5"], 1, "ASA"),
        (
            ["--arrival-rate", "200", "--aht", "180", "--patience", "60", "--agents", "14"],
            1,
            "Erlang A only",
        ),
        (
            ["--arrival-rate", "200", "--aht", "180", "--target-sl", "1", "--threshold", "20"],
            1,
            "below 1",
        ),
    ],
)
def test_bad_questions(args: list[str], code: int, message: str) -> None:
    result = runner.invoke(app, ["plan", "erlang", *args])
    assert result.exit_code == code
    assert message in result.output
