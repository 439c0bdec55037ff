"""`switchboard simulate`: a centre from a TOML file, with confidence intervals."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from switchboard.cli import app
from switchboard.domain.queueing.erlang_a import ErlangA

runner = CliRunner()
EXAMPLE = (
    Path(__file__).resolve().parents[2] / "src/switchboard/domain/queueing/simulation/example.toml"
)

# One queue, Erlang A's assumptions: 360 calls an hour (0.1/s), exponential 180 s handling and
# 120 s patience, 20 agents, for 12 hours after a 1-hour warm-up.
ERLANG_A_CENTRE = """
interval_seconds = 3600
horizon_seconds = 46800
warmup_seconds = 3600

[[queues]]
name = "support"
arrivals_per_hour = 360
aht = 180
patience = 120
threshold = 20

[[agents]]
name = "agent"
count = 20
skills = { support = 1 }
"""


def _simulate(path: Path, *args: str) -> dict[str, object]:
    result = runner.invoke(app, ["simulate", "--config", str(path), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_json_has_the_plan_keys_with_intervals(tmp_path: Path) -> None:
    payload = _simulate(EXAMPLE, "--replications", "4", "--seed", "3")
    assert payload["replications"] == 4
    assert set(payload["queues"]) == {"support", "callbacks", "chat", "email"}  # type: ignore[arg-type]
    for figures in [payload, *payload["queues"].values()]:  # type: ignore[attr-defined]
        for key in (
            "agents",
            "service_level",
            "asa",
            "wait_probability",
            "abandon_probability",
            "occupancy",
        ):
            assert key in figures
        low, high = figures["occupancy_ci"]
        assert low <= figures["occupancy"] <= high
    assert payload["queues"]["chat"]["threshold"] == 60  # type: ignore[index]  # chat's default
    queues = payload["queues"]
    # Support's callers who accept a callback are called back from the callbacks queue.
    assert queues["support"]["callbacks"] > 0  # type: ignore[index]
    assert 0 < queues["callbacks"]["outbound_answered"] <= queues["support"]["callbacks"]  # type: ignore[index]
    assert queues["callbacks"]["offered"] == 0  # type: ignore[index]


def test_the_same_seed_gives_the_same_figures() -> None:
    first = _simulate(EXAMPLE, "--replications", "2", "--seed", "9")
    assert _simulate(EXAMPLE, "--replications", "2", "--seed", "9") == first
    assert _simulate(EXAMPLE, "--replications", "2", "--seed", "10") != first


def test_a_centre_that_meets_erlang_a_assumptions_agrees_with_it(tmp_path: Path) -> None:
    config = tmp_path / "erlang-a.toml"
    config.write_text(ERLANG_A_CENTRE, encoding="utf-8")
    payload = _simulate(config, "--replications", "12", "--seed", "5")
    exact = ErlangA(arrival_rate=0.1, aht=180, patience=120).metrics(20, threshold=20)
    for key in ("service_level", "abandon_probability", "asa"):
        low, high = payload[f"{key}_ci"]  # type: ignore[misc]
        assert low <= getattr(exact, key) <= high, (key, low, getattr(exact, key), high)


def test_table_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", "--config", str(EXAMPLE), "--replications", "3"])
    assert result.exit_code == 0, result.output
    assert "support" in result.stdout
    assert "±" in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            ERLANG_A_CENTRE.replace("threshold = 20", "colour = 'red'"),
            "queues[0].colour: not a known key",
        ),
        ("[[queues]]\nname = 'a'\n", "agents: is required"),
        ("queues = [\n", "not valid TOML"),
        (ERLANG_A_CENTRE.replace("aht = 180", "aht = -1"), "queues[0].aht"),
        (ERLANG_A_CENTRE.replace("support = 1", "sales = 1"), "unknown queue 'sales'"),
    ],
)
def test_bad_configs_name_the_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "centre.toml"
    config.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["simulate", "--config", str(config)])
    assert result.exit_code == 1
    assert "centre.toml" in result.output
    assert message in result.output


def test_a_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["simulate", "--config", str(tmp_path / "nope.toml")])
    assert result.exit_code == 1
    assert "cannot read" in result.output
