"""One staffing question, as a planner asks it: per-hour arrivals, a model and a target."""

import math
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from switchboard.domain.queueing.erlang import ErlangB, ErlangC
from switchboard.domain.queueing.erlang_a import ErlangA
from switchboard.domain.queueing.metrics import QueueMetrics
from switchboard.domain.queueing.staffing import gross_up
from switchboard.kit.errors import SwitchboardError


class ErlangModel(StrEnum):
    B = "b"
    C = "c"
    A = "a"


@dataclass(frozen=True)
class StaffingQuestion:
    """Either `agents` (how does this many do?) or targets (how many do we need?)."""

    model: ErlangModel
    arrivals_per_hour: float
    aht: float
    patience: float | None = None
    agents: int | None = None
    target_sl: float | None = None
    threshold: float | None = None
    target_asa: float | None = None
    max_occupancy: float | None = None
    shrinkage: float = 0.0


def answer(question: StaffingQuestion) -> dict[str, Any]:
    """The model's figures for the given or the required number of agents, as plain values.

    Domain errors (a negative rate, a target with no threshold) come back as SwitchboardError so
    that every interface reports them the same way.
    """
    try:
        return _answer(question)
    except ValueError as exc:
        raise SwitchboardError(str(exc)) from exc


def _answer(question: StaffingQuestion) -> dict[str, Any]:
    if not (math.isfinite(question.arrivals_per_hour) and question.arrivals_per_hour >= 0):
        raise ValueError(
            f"the arrival rate must be ≥ 0 contacts per hour, got {question.arrivals_per_hour:g}"
        )
    if question.patience is not None and question.model is not ErlangModel.A:
        raise ValueError("--patience applies to Erlang A only (--model a)")
    rate = question.arrivals_per_hour / 3600
    threshold = question.threshold if question.threshold is not None else 0.0
    if question.model is ErlangModel.B:
        b = ErlangB(rate, question.aht)
        if question.target_asa is not None:
            raise ValueError("Erlang B has no queue, so no ASA target: use --target-sl or --agents")
        agents = question.agents
        if agents is None:
            blocking = None if question.target_sl is None else 1 - question.target_sl
            agents = b.required_agents(
                target_blocking=blocking, max_occupancy=question.max_occupancy
            )
        return _payload(question, b.load, b.metrics(agents, threshold))
    model: ErlangC | ErlangA
    if question.model is ErlangModel.A:
        if question.patience is None:
            raise ValueError("Erlang A needs --patience, the callers' mean patience in seconds")
        model = ErlangA(rate, question.aht, question.patience)
    else:
        model = ErlangC(rate, question.aht)
    agents = question.agents
    if agents is None:
        agents = model.required_agents(
            target_sl=question.target_sl,
            threshold=question.threshold,
            target_asa=question.target_asa,
            max_occupancy=question.max_occupancy,
        )
    return _payload(question, model.load, model.metrics(agents, threshold))


def _payload(question: StaffingQuestion, load: float, metrics: QueueMetrics) -> dict[str, Any]:
    figures = {key: _finite(value) for key, value in asdict(metrics).items()}
    if question.model is not ErlangModel.B:
        figures.pop("blocking_probability")
    if question.model is not ErlangModel.A:
        figures.pop("mean_abandon_time")
    return {
        "model": question.model.value,
        "arrivals_per_hour": question.arrivals_per_hour,
        "aht": question.aht,
        "patience": question.patience,
        "load_erlangs": load,
        **figures,
        "shrinkage": question.shrinkage,
        "gross_agents": gross_up(metrics.agents, question.shrinkage),
    }


def _finite(value: float | int | None) -> float | int | None:
    """JSON has no infinity: an unstable queue's endless ASA is reported as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
