"""Simulating a centre described in a TOML file, over independent replications."""

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from switchboard.domain.queueing.simulation import Estimate, Model, model_from_mapping, replicate
from switchboard.domain.queueing.simulation.config import (
    thresholds_from_mapping,
    warmup_from_mapping,
)
from switchboard.kit.errors import InputError, Location

# The figures every queue reports, in the order of `plan erlang`'s JSON.
FIGURES = (
    "service_level", "service_level_answered", "asa", "wait_probability", "abandon_probability",
    "occupancy", "offered", "answered", "abandoned", "callbacks", "outbound_answered",
)  # fmt: skip


@dataclass(frozen=True)
class SimulationConfig:
    model: Model
    thresholds: dict[str, float]
    warmup: float


def read_config(path: Path) -> SimulationConfig:
    """Parse and check the file; any mistake is an InputError naming the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(Location(str(path)), f"cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(Location(str(path)), f"not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(Location(str(path)), "not UTF-8 text") from exc
    try:
        model = model_from_mapping(data)
        return SimulationConfig(model, thresholds_from_mapping(data), warmup_from_mapping(data))
    except ValueError as exc:
        raise InputError(Location(str(path)), str(exc)) from exc


def run(
    config: SimulationConfig,
    replications: int,
    seed: int,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Means and 99% confidence intervals of every figure, for the centre and for each queue."""
    estimates = replicate(
        config.model, replications, seed, config.thresholds, config.warmup, progress=progress
    )
    centre = estimates.pop("all")
    return {
        "replications": replications,
        "seed": seed,
        "confidence": 0.99,
        "horizon_seconds": config.model.horizon_seconds,
        "warmup_seconds": config.warmup,
        "agents": len(config.model.agents),
        **_figures(centre),
        "queues": {
            name: {
                "agents": _skilled_agents(config.model, name),
                "threshold": config.thresholds[name],
                **_figures(figures),
            }
            for name, figures in estimates.items()
        },
    }


# Shares lie in [0, 1] and the rest (seconds, counts) are never negative: a t interval from few
# replications can reach past those bounds, and is cut back to what is possible.
SHARES = {
    "service_level",
    "service_level_answered",
    "wait_probability",
    "abandon_probability",
    "occupancy",
}


def _figures(estimates: dict[str, Estimate]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in FIGURES:
        value = estimates[name]
        top = 1.0 if name in SHARES else math.inf
        result[name] = _plain(value.mean)
        result[f"{name}_ci"] = [
            _plain(min(max(bound, 0.0), top)) for bound in (value.low, value.high)
        ]
    return result


def _skilled_agents(model: Model, queue: str) -> int:
    return sum(1 for agent in model.agents if queue in agent.skills)


def _plain(value: float) -> float | None:
    """JSON has no NaN: a figure with nothing behind it (one replication's interval) is null."""
    return None if math.isnan(value) else value
