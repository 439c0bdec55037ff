"""The simulator agrees with queueing theory: Erlang C (no abandonment) and Erlang A (M/M/n+M).

For each load level, independent replications give a 99% Student-t interval for service level,
ASA and abandonment probability; the exact value must lie inside it. Each replication simulates
several hours after a one-hour warm-up from an empty centre. Seeds are fixed, so the test is
deterministic.
"""

import pytest

from switchboard.domain.queueing.erlang import ErlangC
from switchboard.domain.queueing.erlang_a import ErlangA
from switchboard.domain.queueing.simulation import Agent, Model, Patience, Queue, ServiceTime
from switchboard.domain.queueing.simulation.replicate import Estimate, replicate

AHT = 180.0
THRESHOLD = 20.0
WARMUP = 3600.0
HOURS = 10
REPLICATIONS = 30


def _model(agents: int, rate: float, patience: float | None) -> Model:
    queue = Queue(
        "q",
        arrival_rates=(rate,),
        service=ServiceTime.exponential(AHT),
        patience=Patience.none() if patience is None else Patience.exponential(patience),
    )
    return Model(
        queues=(queue,),
        agents=tuple(Agent(f"a{i}", {"q": 1}) for i in range(agents)),
        interval_seconds=WARMUP + HOURS * 3600.0,
    )


def _inside(estimate: Estimate, exact: float, name: str) -> None:
    assert estimate.low <= exact <= estimate.high, f"{name}: {exact} outside {estimate}"


# (agents, offered load as occupancy)
LOADS = [(10, 0.5), (25, 0.8), (50, 0.95)]


@pytest.mark.parametrize(("agents", "load"), LOADS)
def test_it_agrees_with_erlang_c_without_abandonment(agents: int, load: float) -> None:
    rate = load * agents / AHT
    exact = ErlangC(arrival_rate=rate, aht=AHT).metrics(agents, THRESHOLD)
    stats = replicate(_model(agents, rate, None), REPLICATIONS, 11, THRESHOLD, WARMUP)["q"]
    _inside(stats["service_level"], exact.service_level, "service level")
    _inside(stats["asa"], exact.asa, "ASA")
    _inside(stats["wait_probability"], exact.wait_probability, "P(wait)")
    assert stats["abandon_probability"].mean == 0.0
    _inside(stats["occupancy"], exact.occupancy, "occupancy")


@pytest.mark.parametrize(("agents", "load"), LOADS)
def test_it_agrees_with_erlang_a_with_exponential_patience(agents: int, load: float) -> None:
    rate = load * agents / AHT
    patience = 240.0
    exact = ErlangA(arrival_rate=rate, aht=AHT, patience=patience).metrics(agents, THRESHOLD)
    stats = replicate(_model(agents, rate, patience), REPLICATIONS, 12, THRESHOLD, WARMUP)["q"]
    _inside(stats["service_level"], exact.service_level, "service level")
    _inside(stats["asa"], exact.asa, "ASA")
    _inside(stats["abandon_probability"], exact.abandon_probability, "abandonment")
    _inside(stats["wait_probability"], exact.wait_probability, "P(wait)")
