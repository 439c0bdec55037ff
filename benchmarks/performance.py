"""Personal-effectiveness benchmark (issue 6, "Performance").

    .venv/bin/python benchmarks/performance.py [--fresh] [--naive-agents 50]

1. **Self-audit of every agent for one month.** The store is the KPI benchmark's 500-agent centre
   (:mod:`_kpi_centre`: 34 teams of about 15), generated for January and February 2025 into
   ``benchmarks/out/kpis/performance.db`` (SQLite) and kept. Its aggregates are rebuilt once.
   Each agent is audited for February against their team and against January, through the
   service (``selfaudits.service.audit_agents``). The baseline is the naive way: one
   ``audit_agent`` call per agent, each reading its own team twice. It is timed on the first
   ``--naive-agents`` agents, and the time for 500 is extrapolated from that.
2. **One improvement review** of 50,000 contacts with 2,000 bootstrap resamples, against the
   textbook loop (:mod:`_performance_impact`).

Timings are printed, never asserted: the machines are shared and noisy.
"""

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from _kpi_fill import analyse, fill
from _kpi_store import Store, filled_summary, fresh_store, store_url
from _performance_impact import impact_figures
from _web_report import machine
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.domain.kpi import KpiSettings
from switchboard.kit.periods import parse_period
from switchboard.kpis.refresh import rebuild
from switchboard.selfaudits import service

TIMEZONE = "Europe/London"
DAYS = 59  # January and February 2025
FILE = "performance.db"
MONTH = parse_period("2025-02", today=date(2025, 3, 1))
AUDIT_TARGET = 2.0


def prepare(fresh: bool) -> Store:
    url = store_url("sqlite", FILE)
    summary = None if fresh else filled_summary(url)
    if summary and summary["days"] == DAYS:
        print(f"reusing {url} ({summary['interactions']:,} interactions)")
        return Store("sqlite", url, make_engine(url))
    store = fresh_store("sqlite", FILE)
    print(f"filling {url} with {DAYS} days of 500 agents (a few minutes) ...", flush=True)
    counts = fill([store], DAYS)
    with unit_of_work(store.engine) as session:
        rebuild(session=session, timezone=TIMEZONE)
    analyse(store)
    print(f"  {counts['interactions']:,} interactions, {counts['states']:,} agent states")
    return store


def timed(work: Callable[[], Any], runs: int) -> tuple[float, list[float], Any]:
    """The first run's seconds (cold caches), the later runs' seconds, and the last result."""
    times, result = [], None
    for _ in range(runs + 1):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times[0], times[1:], result


def audit_all(store: Store) -> dict[int, service.AgentAudit]:
    with unit_of_work(store.engine) as session:
        return service.audit_agents(session=session, agent_ids=None, period=MONTH,
                                    settings=KpiSettings(), timezone=TIMEZONE)  # fmt: skip


def audit_one_by_one(store: Store, agent_ids: list[int]) -> list[service.AgentAudit]:
    found = []
    with unit_of_work(store.engine) as session:
        for agent_id in agent_ids:
            agent = service.find_agent(session=session, agent=str(agent_id))
            found.append(service.audit_agent(session=session, agent=agent, period=MONTH,
                                             settings=KpiSettings(), timezone=TIMEZONE))  # fmt: skip
    return found


def self_audit_figures(store: Store, naive_agents: int) -> None:
    first, later, audits = timed(lambda: audit_all(store), runs=3)
    best = min(later)
    judged = sum(len(a.audit.strengths) + len(a.audit.development_areas) for a in audits.values())
    warned = sum(1 for a in audits.values() if a.audit.trade_offs)
    sample = sorted(audits)[:naive_agents]
    naive_first, _, naive = timed(lambda: audit_one_by_one(store, sample), runs=0)
    per_agent = naive_first / len(sample)
    _check_same(audits, naive)
    print(f"\nSelf-audit of {len(audits)} agents for {MONTH.label} (against January), SQLite:")
    print(f"  service, all agents at once: first {first:.2f} s, then best {best:.2f} s "
          f"(median {statistics.median(later):.2f} s of {len(later)})")  # fmt: skip
    print(f"  naive, one agent at a time: {per_agent * 1000:.0f} ms an agent over {len(sample)} "
          f"agents, so about {per_agent * len(audits):.1f} s for {len(audits)} "
          f"({per_agent * len(audits) / best:.0f}x slower)")  # fmt: skip
    print(f"  {judged:,} strengths and development areas; {warned} agents with an efficiency "
          "gain that cost effectiveness; the naive audits agree")  # fmt: skip
    verdict = "met" if best <= AUDIT_TARGET else "NOT MET"
    print(f"  target: {AUDIT_TARGET:g} s or less: {best:.2f} s, {verdict}")


def _check_same(audits: dict[int, service.AgentAudit], naive: list[service.AgentAudit]) -> None:
    for one in naive:
        if one.audit != audits[one.agent_id].audit:
            raise SystemExit(f"the naive audit of agent {one.agent_id} differs from the service's")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fresh", action="store_true", help="generate the store again")
    parser.add_argument("--naive-agents", type=int, default=50,
                        help="agents the naive baseline audits (it is extrapolated to all)")  # fmt: skip
    args = parser.parse_args()
    store = prepare(args.fresh)
    print(f"\n{machine()}")
    try:
        self_audit_figures(store, args.naive_agents)
    finally:
        store.engine.dispose()
    print("\nImprovement review (bootstrap):")
    for line in impact_figures():
        print(f"  {line}")


if __name__ == "__main__":
    main()
