"""KPI report benchmark: a year of a 500-agent centre, three reports, against a pandas baseline.

    .venv/bin/python benchmarks/kpis.py [--days 365] [--backend sqlite|postgresql|both] [--reuse]

It fills a store with generated days (about 27,000 interactions and 75,000 agent states a day,
written straight to the tables, not through the simulator or an adapter), rebuilds the KPI
aggregates, then times three reports, each run several times:

* the whole range by day and queue,
* its last full month by agent,
* its last full week by 15-minute interval,

once for every KPI but FCR and once for FCR alone (it needs each customer's later contacts, so
it has its own aggregate per local day and reads raw rows for shorter intervals). A naive
baseline loads the same raw rows into pandas and groups them; its figures are checked against
the report's.
Last, it ingests a synthetic queue_log into a fresh store with and without aggregate upkeep.

Stores live in ``benchmarks/out/kpis/`` (SQLite) and the PostgreSQL schema ``kpi_bench``;
``--reuse`` keeps a store that already holds the same number of days. Timings are printed, never
asserted: the machines are shared and noisy.
"""

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

import _kpi_reports as reports
import _kpi_upkeep as upkeep
from _kpi_fill import analyse, fill
from _kpi_store import Store, filled_summary, fresh_store, store_url
from _provenance import source_state
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.db.migrate import check, upgrade
from switchboard.kit.errors import SwitchboardError
from switchboard.kpis import repository
from switchboard.kpis.refresh import rebuild

TIMEZONE = "Europe/London"
REPORT_TARGET = 1.0
SPEED_UP_TARGET = 20.0
UPKEEP_TARGET = 0.30


def _proc_field(path: str, name: str) -> str:
    lines = Path(path).read_text().splitlines()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(name)), "?")


def machine(backends: list[str]) -> str:
    cpu = _proc_field("/proc/cpuinfo", "model name")
    memory = int(_proc_field("/proc/meminfo", "MemTotal").split()[0])
    date = subprocess.run(["date", "-u"], capture_output=True, text=True, check=True).stdout.strip()
    parts = [date, f"{os.cpu_count()} cores {cpu}", f"{memory / 2**20:.0f} GiB",
             f"Python {platform.python_version()}", f"SQLite {sqlite3.sqlite_version}"]  # fmt: skip
    parts.append(source_state())
    if "postgresql" in backends:
        engine = make_engine(store_url("postgresql"))
        with engine.connect() as connection:
            parts.append(f"PostgreSQL {connection.execute(text('SHOW server_version')).scalar()}")
        engine.dispose()
    return ", ".join(parts)


def prepare(backends: list[str], days: int, reuse: bool) -> list[tuple[Store, dict[str, int]]]:
    """Reuse stores that hold exactly ``days`` days; fill the others together, day by day."""
    kept: dict[str, tuple[Store, dict[str, int]]] = {}
    for backend in backends:
        url = store_url(backend)
        summary = filled_summary(url) if reuse else None
        if summary and summary["days"] == days and _current(url):
            print(f"{backend}: reusing the stored {days} days")
            kept[backend] = (Store(backend, url, make_engine(url)), summary)
    fresh = [fresh_store(b) for b in backends if b not in kept]
    if fresh:
        print(f"filling {', '.join(s.backend for s in fresh)} with {days} days ...", flush=True)
        started = time.perf_counter()
        counts = fill(fresh, days)
        for store in fresh:
            analyse(store)
        print(f"  filled in {time.perf_counter() - started:.0f} s")
        kept.update({store.backend: (store, counts) for store in fresh})
    return [kept[b] for b in backends]


def _current(url: str) -> bool:
    """Bring a kept store up to the current migrations; False when its schema still differs
    from the models (a migration was edited in place), so it has to be filled afresh."""
    try:
        upgrade(url)
        check(url)
    except SwitchboardError as exc:
        print(f"  not reusing it: {exc}")
        return False
    return True


def rebuild_aggregates(store: Store, counts: dict[str, int], force: bool) -> float | None:
    """Rebuild every aggregate from the raw rows when they are missing (or asked to)."""
    with unit_of_work(store.engine) as session:
        built = repository.aggregate_state(session) is not None
    if built and not force:
        return None
    print(f"{store.backend}: rebuilding the aggregates ...", flush=True)
    started = time.perf_counter()
    with unit_of_work(store.engine) as session:
        rebuild(session=session, timezone=TIMEZONE, on_progress=_every(60))
    seconds = time.perf_counter() - started
    rows = counts["interactions"] + counts["states"]
    print(f"  rebuilt in {seconds:.1f} s: {rows / seconds:,.0f} raw rows/s")
    analyse(store)
    return seconds


def _every(days: int) -> Callable[[int, int], None]:
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % days == 0 or done == total:
            print(f"  day {done}/{total}  {time.perf_counter() - started:6.0f} s", flush=True)

    return progress


def print_reports(backend: str, timings: list[reports.Timing]) -> None:
    print(f"\n{backend}: reports (seconds; speed-up = baseline ÷ median)\n")
    print(
        "| report | KPIs | reads | best | median | runs | pandas baseline | speed-up | baseline check |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---|")
    for t in timings:
        base = f"{t.baseline:.2f}" if t.baseline else "-"
        speed = f"{t.baseline / t.median:,.0f}×" if t.baseline else "-"
        check = (
            "agrees" if not t.differ else f"{len(t.differ)} differ"
        ) + f" ({t.checked:,} values)"
        print(f"| {t.spec.title} | {t.kpis} | {t.source} | {t.best:.3f} | {t.median:.3f} | "
              f"{len(t.runs)} | {base} | {speed} | {check} |")  # fmt: skip
    for t in timings:
        for line in t.differ[:5]:
            print(f"  differs: {t.spec.title}, {t.kpis}: {line}")


def print_upkeep(backend: str, result: upkeep.Upkeep) -> None:
    fast, slow = statistics.median(result.without), statistics.median(result.with_aggregates)
    print(f"\n{backend}: ingest of {result.lines:,} queue_log lines ({result.records:,} records), "
          f"median of {len(result.without)} each: without upkeep {fast:.2f} s "
          f"{[round(s, 2) for s in result.without]}, with upkeep {slow:.2f} s "
          f"{[round(s, 2) for s in result.with_aggregates]}, upkeep share {result.share:.0%} "
          f"(target ≤ {UPKEEP_TARGET:.0%}: {'met' if result.share <= UPKEEP_TARGET else 'NOT met'})")  # fmt: skip


def print_targets(timings: list[reports.Timing]) -> None:
    print(
        f"\nsqlite targets: each report ≤ {REPORT_TARGET:.0f} s and ≥ {SPEED_UP_TARGET:.0f}× the baseline"
    )
    for t in timings:
        fast = t.median <= REPORT_TARGET
        speed = t.baseline / t.median if t.baseline else None
        quick = speed is not None and speed >= SPEED_UP_TARGET
        print(f"  {t.spec.title:<32} {t.kpis:<12} {'met' if fast else 'NOT met':>8} "
              f"{'met' if quick else 'NOT met':>8}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--reuse", action="store_true", help="keep a store already filled with --days days"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="time a rebuild even of reused aggregates"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each report")
    parser.add_argument("--no-baseline", action="store_true", help="skip the pandas baseline")
    parser.add_argument(
        "--upkeep-lines", type=int, default=300_000, help="queue_log lines (0: skip)"
    )
    parser.add_argument("--upkeep-repeats", type=int, default=3)
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    print(machine(backends))
    prepared = prepare(backends, args.days, args.reuse)
    for store, counts in prepared:
        print(f"{store.backend}: {counts['interactions']:,} interactions, {counts['states']:,} agent states, "
              f"{counts['customers']:,} customers over {counts['days']} days")  # fmt: skip
        rebuild_aggregates(store, counts, args.rebuild)
    for store, _ in prepared:
        print(f"\n{store.backend}: timing reports ...", flush=True)
        timings = [timing for spec in reports.specs(args.days)
                   for timing in reports.measure(store.engine, spec, args.runs, not args.no_baseline)]  # fmt: skip
        print_reports(store.backend, timings)
        if store.backend == "sqlite":
            print_targets(timings)
        if args.upkeep_lines:
            print_upkeep(
                store.backend, upkeep.measure(store.backend, args.upkeep_lines, args.upkeep_repeats)
            )
        store.engine.dispose()


if __name__ == "__main__":
    main()
