"""``model_from_mapping``: the TOML shape of ``switchboard simulate --config``, and its errors."""

import tomllib
from importlib import resources
from typing import Any

import pytest

from switchboard.domain.queueing.simulation import simulate
from switchboard.domain.queueing.simulation.config import model_from_mapping


def _config(**queue: Any) -> dict[str, Any]:
    base = {"name": "support", "arrivals_per_hour": 360, "aht": 300}
    return {
        "horizon_seconds": 3600,
        "queues": [base | queue],
        "agents": [{"name": "team", "count": 12, "skills": {"support": 1}}],
    }


def test_the_example_config_builds_and_runs() -> None:
    text = (resources.files("switchboard.domain.queueing.simulation") / "example.toml").read_text()
    model = model_from_mapping(tomllib.loads(text))
    assert [q.name for q in model.queues] == ["support", "callbacks", "chat", "email"]
    assert model.queues[0].service.kind == "lognormal"
    assert model.queues[3].service.kind == "empirical"
    assert model.agents[0].name == "early-01"
    assert model.agents[0].shifts[0].absences[1].start == 4 * 3600
    assert len(simulate(model, 1).contacts_arrival) > 1000


def test_a_group_becomes_numbered_agents_and_rates_are_per_second() -> None:
    model = model_from_mapping(_config(patience=120, wrap_share=0.1))
    assert [a.name for a in model.agents][:2] == ["team-01", "team-02"]
    assert len(model.agents) == 12
    assert model.queues[0].arrival_rates == (0.1,) * 4
    assert model.queues[0].patience.mean == 120


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"aht": 0}, "queues[0].aht: must be positive"),
        ({"aht": "long"}, "queues[0].aht: must be a number"),
        ({"colour": "red"}, "queues[0].colour: not a known key"),
        ({"arrival_rates": [1.0]}, "queues[0]: give exactly one of"),
        ({"arrivals_per_hour": [10, -1]}, r"queues\[0\].arrivals_per_hour\[1\]"),
        ({"service": "gamma"}, "queues[0].service"),
        ({"service": "lognormal"}, "queues[0].aht_sd"),
        ({"patience": 60, "patience_distribution": "weibull"}, "queues[0].patience_distribution"),
        ({"channel": "fax"}, "queues[0]: queue.channel"),
        (
            {"callback": {"after_seconds": 60, "accept_probability": 0.5}},
            "queues[0].callback.queue",
        ),
    ],
)
def test_it_rejects_a_bad_queue_naming_the_key(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message if "\\" in message else _literal(message)):
        model_from_mapping(_config(**change))


def _literal(text: str) -> str:
    return text.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")


@pytest.mark.parametrize(
    ("group", "message"),
    [
        ({"count": 0}, "agents[0].count"),
        ({"skills": {"sales": 1}}, "agents[0].skills.sales: unknown queue"),
        ({"skills": {"support": 0}}, "agents[0].skills.support: priority"),
        ({"shifts": [{"start": "8:00"}]}, "agents[0].shifts[0].end: is required"),
        ({"shifts": [{"start": "25h", "end": 10}]}, "agents[0].shifts[0].start"),
        ({"shifts": [{"start": "08:75", "end": "09:00"}]}, "60 or more"),
        ({"shifts": [{"start": "900:00", "end": "901:00"}]}, "not the time of day"),
        (
            {
                "shifts": [
                    {
                        "start": 0,
                        "end": 100,
                        "absences": [{"start": 50, "end": 150, "state": "break"}],
                    }
                ]
            },
            "agents[0].shifts[0]: shift.absences[0]",
        ),
    ],
)
def test_it_rejects_a_bad_agent_group_naming_the_key(group: dict[str, Any], message: str) -> None:
    config = _config()
    config["agents"][0] |= group
    with pytest.raises(ValueError, match=_literal(message)):
        model_from_mapping(config)


def test_it_rejects_unknown_top_level_keys_and_missing_sections() -> None:
    with pytest.raises(ValueError, match="agents: is required"):
        model_from_mapping({"queues": []})
    with pytest.raises(ValueError, match="seed: not a known key"):
        model_from_mapping(_config() | {"seed": 1})
