"""Queueing benchmark (issue 4): Erlang C staffing, the Erlang A search and the simulator,
each against pyworkforce or a SimPy model measured in the same run.

    .venv/bin/python benchmarks/queueing.py [--skip-pyworkforce-10k] [--baseline-python PATH]

The baselines run in their own venv, ``benchmarks/.venv-baselines`` (pyworkforce 0.5.4 and
SimPy, never project dependencies), created on the first run; pyworkforce 0.5.4 needs Python
3.12 or later, which is looked for on the PATH and under pyenv unless ``--baseline-python`` names
one. They run there as a subprocess that prints JSON (``_queueing_baselines.py``); our side runs
here (``_queueing_ours.py``), after it, so the two never share the CPU.

* Erlang C: the same 672-interval week staffed by pyworkforce (``ErlangC.required_positions``
  in a loop, as its users write it) and by ``staff_intervals``; the agents per interval are
  compared.
* Erlang A: our required-agents search at 10,000 Erlangs, against one pyworkforce evaluation
  (one step of its search) at 1,000 and at 10,000 Erlangs, and its whole search at 1,000.
* Simulators: calls per second of CPU time for a single queue with abandonment (SimPy against
  ``simulate`` on the same M/M/100+M system) and for a multi-skill centre (ours only).

Timings are printed against the issue's targets, never asserted: the machines are shared and
noisy. Numba keeps compiled code on disk, so "first call" is a compile only when that cache is
cold: run with ``NUMBA_CACHE_DIR`` set to an empty folder to see it.
"""

import argparse
import glob
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

import _queueing_ours as ours
from _provenance import source_state
from switchboard.domain.queueing.erlang_a import ErlangA

HERE = Path(__file__).parent
VENV = HERE / ".venv-baselines"
BASELINE_PACKAGES = ("pyworkforce==0.5.4", "simpy==4.1.2")

# Issue 4's targets.
WEEK_TARGET = 0.002  # seconds for the week
ERLANG_A_TARGET = 0.010  # seconds for one search at 10,000 Erlangs
SPEED_UP_TARGET = 15.0  # × SimPy's calls per second
SINGLE_AIM = 1_250_000  # calls per second
MULTI_TARGET = 300_000  # calls per second

# The single-queue system, shared by SimPy and our simulator: 95 Erlangs on 100 agents.
SINGLE = {"agents": 100, "aht": 180.0, "patience": 180.0, "arrival_rate": 95 / 180}
ERLANG_A = {"aht": 180.0, "patience": 180.0}


# --- the baselines' environment -----------------------------------------------------------


def _is_new_enough(python: str) -> bool:
    """True when `python` runs and is 3.12 or later (pyenv shims exist but may refuse to run)."""
    check = [python, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"]
    try:
        return subprocess.run(check, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


def find_python(given: str | None) -> str:
    if given:
        return given
    pyenv = os.path.expanduser("~/.pyenv/versions")
    # The oldest that works first: the recorded figures were taken with 3.12.
    candidates = [sys.executable, "python3.12", "python3.13"]
    candidates += sorted(glob.glob(f"{pyenv}/3.1[2-9]*/bin/python3"))
    for candidate in candidates:
        if _is_new_enough(candidate):
            return candidate
    sys.exit("pyworkforce 0.5.4 needs Python 3.12 or later: name one with --baseline-python")


def baseline_python(given: str | None) -> Path:
    """The baselines' interpreter, creating their venv on first use (or if it is incomplete)."""
    python = VENV / "bin" / "python"
    probe = "import pyworkforce, simpy"
    if python.exists() and subprocess.run([python, "-c", probe], check=False).returncode == 0:
        return python
    creator = find_python(given)
    print(f"creating {VENV.relative_to(HERE.parent)} with {creator} ...", flush=True)
    subprocess.run([creator, "-m", "venv", "--clear", str(VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, *BASELINE_PACKAGES], check=True)
    return python


def run_baselines(python: Path, spec: dict[str, Any]) -> dict[str, Any]:
    print("running the baselines (pyworkforce, SimPy) in their own venv ...", flush=True)
    # Its progress lines go straight to our stderr; only the JSON comes back on stdout.
    done = subprocess.run(
        [str(python), str(HERE / "_queueing_baselines.py")],
        input=json.dumps(spec), stdout=subprocess.PIPE, text=True, check=True,
    )  # fmt: skip
    return dict(json.loads(done.stdout))


# --- what to measure ----------------------------------------------------------------------


def hours_for(calls: int, rate: float) -> float:
    """Simulated hours that hold about `calls` arrivals, with 1% to spare."""
    return math.ceil(calls * 1.01 / rate / 3600)


def baseline_spec(args: argparse.Namespace) -> dict[str, Any]:
    rates, ahts = ours.week_curve()
    cases = [
        {"erlangs": 1_000.0, "search": True},
        *([] if args.skip_pyworkforce_10k else [{"erlangs": 10_000.0, "search": False}]),
    ]
    return {
        "week": {
            "rates": rates.tolist(), "ahts": ahts.tolist(), "repeats": args.baseline_repeats,
            "interval_seconds": ours.INTERVAL, "threshold": ours.THRESHOLD,
            "target_sl": ours.TARGET_SL,
        },
        "erlang_a": {
            "threshold": ours.THRESHOLD, "target_sl": ours.TARGET_SL,
            "cases": [{**c, **ERLANG_A, "arrival_rate": c["erlangs"] / ERLANG_A["aht"]} for c in cases],
        },
        "simpy": {**SINGLE, "threshold": ours.THRESHOLD, "calls": args.simpy_calls,
                  "repeats": args.sim_repeats},
    }  # fmt: skip


def measure_ours(args: argparse.Namespace) -> dict[str, Any]:
    print("timing Switchboard ...", flush=True)
    rates, ahts = ours.week_curve()
    single_hours = hours_for(args.single_calls, SINGLE["arrival_rate"])
    multi_hours = hours_for(args.multi_calls, ours.multi_skill_rate())
    return {
        "week": ours.staff_week(rates, ahts, args.repeats),
        "erlang_a": {
            erlangs: ours.erlang_a_search(
                erlangs, ERLANG_A["aht"], ERLANG_A["patience"], args.repeats
            )
            for erlangs in (10_000.0, 1_000.0)  # 10,000 first: its first call compiles
        },
        "single": ours.run_simulator(
            lambda hours: ours.single_queue(SINGLE, hours), single_hours, args.sim_repeats
        ),
        "multi": ours.run_simulator(ours.multi_skill, multi_hours, args.sim_repeats),
    }


# --- the report ---------------------------------------------------------------------------


def _proc_field(path: str, name: str) -> str:
    lines = Path(path).read_text().splitlines()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(name)), "?")


def machine(base: dict[str, Any]) -> str:
    cpu = _proc_field("/proc/cpuinfo", "model name")
    memory = int(_proc_field("/proc/meminfo", "MemTotal").split()[0])
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    theirs = ", ".join(f"{name} {v}" for name, v in base["versions"].items())
    return (
        f"{date}, {os.cpu_count()} cores {cpu} ({platform.machine()}), {memory / 2**20:.0f} GiB, "
        f"Python {platform.python_version()} (numpy {np.__version__}, numba {version('numba')}), "
        f"baselines Python {base['python']} ({theirs}), {source_state()}"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.2f} ms"


def per_second(rate: float) -> str:
    return f"{rate:,.0f} calls/s"


def print_week(base: dict[str, Any], mine: ours.Timed) -> None:
    theirs = np.array(base["week"]["agents"])
    differ = np.flatnonzero(theirs != mine.result)
    print(f"\nErlang C week (672 intervals, SL {ours.TARGET_SL:.0%} in {ours.THRESHOLD:.0f} s): "
          f"pyworkforce median {ms(base['week']['median'])} {[round(s * 1000, 2) for s in base['week']['seconds']]}; "
          f"Switchboard median {ms(mine.median)}, best {ms(mine.best)}, first call {ms(mine.first)}")  # fmt: skip
    print(f"  agents: {int(mine.result.sum()):,} agent-intervals, {mine.result.min()}-{mine.result.max()} "
          f"per interval; {len(differ)} of {len(theirs)} intervals differ from pyworkforce")  # fmt: skip
    for i in differ[:5]:
        print(f"    interval {i}: pyworkforce {theirs[i]}, Switchboard {mine.result[i]}")


def print_erlang_a(base: dict[str, Any], mine: dict[float, ours.Timed]) -> None:
    print(f"\nErlang A (AHT {ERLANG_A['aht']:.0f} s, patience {ERLANG_A['patience']:.0f} s):")
    for erlangs, timed in mine.items():
        print(f"  Switchboard at {erlangs:,.0f} Erlangs: {timed.result} agents, median "
              f"{ms(timed.median)}, best {ms(timed.best)}, first call {ms(timed.first)}")  # fmt: skip
    for label, entry in base["erlang_a"].items():
        erlangs = float(label)
        ev = entry["evaluation"]
        level = ours.erlang_a_level(erlangs, ERLANG_A["aht"], ERLANG_A["patience"], ev["positions"])
        print(f"  pyworkforce at {erlangs:,.0f} Erlangs: one evaluation at {ev['positions']:,} "
              f"agents {ev['seconds']:.2f} s, service level {ev['service_level']:.6f} "
              f"(Switchboard {level:.6f}, P(wait) {ev['wait_probability']:.6f})")  # fmt: skip
        if "search" in entry:
            s = entry["search"]
            print(f"  pyworkforce search at {erlangs:,.0f} Erlangs: {s['agents']:,} agents in "
                  f"{s['seconds']:.2f} s ({s['evaluations']} service-level evaluations)")  # fmt: skip


def simpy_summary(base: dict[str, Any]) -> tuple[float, float, float]:
    """Median calls per CPU second, abandoned share and share answered in time, over the runs."""
    runs = base["simpy"]
    rates = [r["calls"] / r["cpu_seconds"] for r in runs]
    calls = sum(r["calls"] for r in runs)
    abandoned = sum(r["abandoned"] for r in runs) / calls
    in_time = sum(r["in_time"] for r in runs) / calls
    return statistics.median(rates), abandoned, in_time


def print_simulators(base: dict[str, Any], single: ours.SimRuns, multi: ours.SimRuns) -> None:
    _, simpy_abandoned, simpy_in_time = simpy_summary(base)
    theory = ErlangA(SINGLE["arrival_rate"], SINGLE["aht"], SINGLE["patience"]).metrics(
        SINGLE["agents"], ours.THRESHOLD
    )
    print(
        f"\nsingle queue M/M/{SINGLE['agents']}+M, 95 Erlangs, AHT {SINGLE['aht']:.0f} s, "
        f"patience {SINGLE['patience']:.0f} s (abandoned / answered within {ours.THRESHOLD:.0f} s):"
    )
    print(
        f"  Erlang A          abandoned {theory.abandon_probability:.4f}, in time {theory.service_level:.4f}"
    )
    print(
        f"  SimPy             abandoned {simpy_abandoned:.4f}, in time {simpy_in_time:.4f}; "
        f"{[round(r['calls'] / r['cpu_seconds']) for r in base['simpy']]} calls/s "
        f"({base['simpy'][0]['calls']:,} calls a run)"
    )
    for name, runs in (("Switchboard", single), ("multi-skill", multi)):
        print(f"  {name:<17} abandoned {runs.abandoned:.4f}, in time {runs.answered_in_time:.4f}; "
              f"{[round(r) for r in runs.rates]} calls/s ({runs.calls[0]:,} calls a run, "
              f"first call on one hour {runs.first_seconds:.2f} s); user time only: median "
              f"{per_second(runs.median_user_rate)}")  # fmt: skip


def rows(base: dict[str, Any], mine: dict[str, Any]) -> list[tuple[str, str, str, str, str, str]]:
    """(measure, baseline, Switchboard, ratio, target, verdict) for the summary table."""
    week, search = base["week"]["median"], mine["erlang_a"][10_000.0]
    ea = base["erlang_a"]
    one_k = f"one evaluation at 1,000 Erlangs {ea['1000']['evaluation']['seconds']:.2f} s"
    ten_k = ea.get("10000", {}).get("evaluation")
    theirs = one_k + (f"; at 10,000 {ten_k['seconds']:.1f} s" if ten_k else "; 10,000 not run")
    simpy_rate = simpy_summary(base)[0]
    single, multi = mine["single"].median_rate, mine["multi"].median_rate
    speed_up = single / simpy_rate
    aim = "aim reached" if single >= SINGLE_AIM else "aim of 1.25 M not reached"
    return [
        ("Erlang C staffing, 672-interval week", ms(week), ms(mine["week"].median),
         f"{week / mine['week'].median:,.0f}×", "≤ 2 ms", _met(mine["week"].median <= WEEK_TARGET)),
        ("Erlang A required agents, 10,000 Erlangs", theirs, ms(search.median),
         f"{ten_k['seconds'] / search.median:,.0f}× one evaluation" if ten_k else "-",
         "≤ 10 ms", _met(search.median <= ERLANG_A_TARGET)),
        ("single queue + abandonment, 100 agents", f"SimPy {per_second(simpy_rate)}",
         per_second(single), f"{speed_up:.1f}×", "≥ 15× SimPy; aim > 1.25 M",
         f"{_met(speed_up >= SPEED_UP_TARGET)}; {aim}"),
        ("multi-skill, 4 queues, 3 groups, abandonment", "-", per_second(multi), "-",
         "≥ 300,000 calls/s", _met(multi >= MULTI_TARGET)),
    ]  # fmt: skip


def _met(ok: bool) -> str:
    return "met" if ok else "**not met**"


def print_table(table: list[tuple[str, ...]]) -> None:
    print("\n| measure | pyworkforce / SimPy | Switchboard | ratio | target | |")
    print("|---|---|---:|---:|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline-python", help="Python ≥ 3.12 to create the baselines' venv with"
    )
    parser.add_argument("--skip-pyworkforce-10k", action="store_true",
                        help="skip pyworkforce's Erlang A at 10,000 Erlangs (about a minute)")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=200, help="our Erlang timings")
    parser.add_argument("--baseline-repeats", type=int, default=5, help="pyworkforce's week")
    parser.add_argument("--simpy-calls", type=int, default=200_000, help="calls per SimPy run")
    parser.add_argument("--single-calls", type=int, default=2_000_000)
    parser.add_argument("--multi-calls", type=int, default=1_000_000)
    parser.add_argument("--sim-repeats", type=int, default=5, help="runs of each simulator")
    args = parser.parse_args()
    base = run_baselines(baseline_python(args.baseline_python), baseline_spec(args))
    mine = measure_ours(args)
    print(f"\n{machine(base)}")
    print_week(base, mine["week"])
    print_erlang_a(base, mine["erlang_a"])
    print_simulators(base, mine["single"], mine["multi"])
    print_table(rows(base, mine))


if __name__ == "__main__":
    main()
