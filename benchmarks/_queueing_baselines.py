"""The baselines of `benchmarks/queueing.py`: pyworkforce and a SimPy model, in their own venv.

    benchmarks/.venv-baselines/bin/python benchmarks/_queueing_baselines.py < spec.json

It reads the measurement spec (the week, the Erlang A cases, the SimPy system) as JSON on stdin
and prints its figures as JSON on stdout; progress goes to stderr. It imports nothing from
Switchboard, so that neither side's packages can leak into the other's timings. pyworkforce
works in minutes and counts per interval; the spec is in seconds and rates per second, so the
conversions happen here.
"""

import json
import math
import random
import statistics
import sys
import time
from importlib.metadata import version
from typing import Any

import simpy
from pyworkforce.queuing import ErlangA, ErlangC


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def pyworkforce_week(rates: list[float], ahts: list[float], spec: dict[str, Any]) -> list[int]:
    """Raw positions (before shrinkage) per interval, the way a pyworkforce user would loop.

    pyworkforce rejects zero transactions, so an empty interval needs nobody, as on our side.
    """
    minutes = spec["interval_seconds"] / 60
    agents = []
    for rate, aht in zip(rates, ahts, strict=True):
        transactions = rate * spec["interval_seconds"]
        if transactions <= 0:
            agents.append(0)
            continue
        erlang = ErlangC(
            transactions=transactions, aht=aht / 60, asa=spec["threshold"] / 60, interval=minutes
        )
        agents.append(erlang.required_positions(service_level=spec["target_sl"])["raw_positions"])
    return agents


def time_week(spec: dict[str, Any]) -> dict[str, Any]:
    week = spec["week"]
    timings, agents = [], []
    for _ in range(week["repeats"]):
        started = time.perf_counter()
        agents = pyworkforce_week(week["rates"], week["ahts"], week)
        timings.append(time.perf_counter() - started)
    return {"seconds": timings, "agents": agents}


class CountingErlangA(ErlangA):
    """pyworkforce's ErlangA, counting the service-level evaluations its search makes."""

    evaluations = 0

    def service_level(self, positions: int, asa: float | None = None) -> float:
        CountingErlangA.evaluations += 1
        return float(super().service_level(positions, asa=asa))


def erlang_a_model(case: dict[str, Any], threshold: float) -> CountingErlangA:
    """An interval of 15 minutes holding the case's load; only the ratios matter to the model."""
    interval = 15.0
    transactions = case["arrival_rate"] * interval * 60
    return CountingErlangA(
        transactions=transactions,
        aht=case["aht"] / 60,
        asa=threshold / 60,
        interval=interval,
        patience=case["patience"] / 60,
    )


def time_evaluation(case: dict[str, Any], threshold: float) -> dict[str, Any]:
    """One evaluation: what each step of pyworkforce's search computes for one staff number,
    at the first number it tries (the load rounded up)."""
    model = erlang_a_model(case, threshold)
    positions = max(1, math.ceil(model.intensity))
    started = time.perf_counter()
    metrics = model._metrics(positions)
    level = model.service_level(positions)
    seconds = time.perf_counter() - started
    return {
        "positions": positions,
        "seconds": seconds,
        "service_level": level,
        "wait_probability": metrics["waiting_probability"],
    }


def time_search(case: dict[str, Any], threshold: float, target_sl: float) -> dict[str, Any]:
    model = erlang_a_model(case, threshold)
    CountingErlangA.evaluations = 0
    started = time.perf_counter()
    result = model.required_positions(service_level=target_sl)
    seconds = time.perf_counter() - started
    return {
        "agents": result["raw_positions"],
        "seconds": seconds,
        # required_positions evaluates its answer once more before returning it.
        "evaluations": CountingErlangA.evaluations,
    }


def erlang_a(spec: dict[str, Any]) -> dict[str, Any]:
    cases = spec["erlang_a"]
    threshold, target_sl = cases["threshold"], cases["target_sl"]
    out: dict[str, Any] = {}
    for case in cases["cases"]:
        label = f"{case['erlangs']:.0f}"
        log(f"pyworkforce Erlang A at {label} Erlangs ...")
        entry: dict[str, Any] = {"evaluation": time_evaluation(case, threshold)}
        if case["search"]:
            entry["search"] = time_search(case, threshold, target_sl)
        out[label] = entry
    return out


def simpy_single(system: dict[str, Any], calls: int, seed: int) -> dict[str, Any]:
    """M/M/c+M in SimPy, written the way its documentation teaches: a process per call that
    requests an agent and gives up when its patience timeout fires first."""
    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=system["agents"])
    tally = {"answered": 0, "abandoned": 0, "in_time": 0}
    threshold = system["threshold"]

    def call() -> Any:
        arrived = env.now
        with agents.request() as request:
            outcome = yield request | env.timeout(rng.expovariate(1 / system["patience"]))
            if request not in outcome:
                tally["abandoned"] += 1
                return
            tally["answered"] += 1
            tally["in_time"] += env.now - arrived <= threshold
            yield env.timeout(rng.expovariate(1 / system["aht"]))

    def arrivals() -> Any:
        for _ in range(calls):
            yield env.timeout(rng.expovariate(system["arrival_rate"]))
            env.process(call())

    env.process(arrivals())
    started = time.process_time()
    env.run()  # until the last call has left
    seconds = time.process_time() - started
    return {"calls": calls, "cpu_seconds": seconds, **tally}


def time_simpy(spec: dict[str, Any]) -> list[dict[str, Any]]:
    system = spec["simpy"]
    runs = []
    for i in range(system["repeats"]):
        log(f"SimPy run {i + 1} of {system['repeats']} ({system['calls']:,} calls) ...")
        runs.append(simpy_single(system, system["calls"], seed=1000 + i))
    return runs


def main() -> None:
    spec = json.load(sys.stdin)
    log("pyworkforce Erlang C week ...")
    out = {
        "python": sys.version.split()[0],
        "versions": {name: version(name) for name in ("pyworkforce", "simpy", "numpy")},
        "week": time_week(spec),
        "erlang_a": erlang_a(spec),
        "simpy": time_simpy(spec),
    }
    out["week"]["median"] = statistics.median(out["week"]["seconds"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
