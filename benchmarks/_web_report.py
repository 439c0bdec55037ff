"""The web benchmark's printout: the machine, a table per phase, and the targets."""

import os
import platform
import sqlite3
import time
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

from _provenance import source_state
from _web_load import SIGN_IN, SIGN_IN_POST, Samples, percentile

PAGE_P95_TARGET = 0.200
API_RATE_TARGET = 150.0
API_P99_TARGET = 0.250
SIGN_IN_P99_TARGET = 1.0


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _proc_field(path: str, name: str) -> str:
    lines = Path(path).read_text().splitlines()
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(name)), "?")


def machine() -> str:
    cpu = _proc_field("/proc/cpuinfo", "model name")
    memory = int(_proc_field("/proc/meminfo", "MemTotal").split()[0])
    date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    versions = ", ".join(f"{name} {version(name)}" for name in ("uvicorn", "fastapi", "httpx2"))
    return (
        f"{date}, {os.cpu_count()} cores {cpu} ({platform.machine()}), {memory / 2**20:.0f} GiB, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {versions}, "
        f"{source_state()}; load average {os.getloadavg()[0]:.2f} at the start"
    )


def _row(label: str, values: list[float], alone: str, errors: int) -> str:
    spread = " | ".join(ms(percentile(values, p)) for p in (50, 95, 99, 100))
    return f"| {label} | {len(values):,} | {alone} | {spread} | {errors} |"


def print_phase(
    title: str, samples: Samples, alone: Samples | None, cpu: tuple[float, float, float]
) -> None:
    """Per route and in all: requests, p50 alone (if measured), p50, p95, p99, max, errors; then
    the rate and the CPU the server and the client used."""
    print(f"\n{title}\n")
    print("| route | requests | alone p50 | p50 | p95 | p99 | max | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, values in sorted(samples.seconds.items()):
        solo = alone.seconds.get(label) if alone else None
        errors = sum(n for what, n in samples.errors.items() if what.startswith(f"{label}:"))
        print(_row(label, values, ms(percentile(solo, 50)) if solo else "-", errors))
    every = samples.everything(leave_out=SIGN_IN_POST)
    if len(set(samples.seconds) - {SIGN_IN_POST}) > 1:
        print(_row("**all**", every, "", sum(samples.errors.values())))
    elapsed = samples.finished - samples.started
    cores = elapsed * (os.cpu_count() or 1)
    print(
        f"\n{len(every):,} requests in {elapsed:.1f} s ({samples.per_second(len(every)):.1f}/s); "
        f"CPU used: server {cpu[0]:.1f} s, client {cpu[1]:.1f} s, other processes {cpu[2]:.1f} s, "
        f"of {cores:.0f} core-seconds"
    )
    for what, count in samples.errors.most_common(5):
        print(f"  error: {what} × {count}")


Target = tuple[str, str, str, bool]
"""(measure, target, measured, met)"""


def targets(pages: Samples, api: Samples, sign_ins: Samples) -> Iterator[Target]:
    page95 = percentile(pages.everything(), 95)
    yield ("dashboard pages, p95 (20 people)", "≤ 200 ms", ms(page95), page95 <= PAGE_P95_TARGET)
    calls = api.everything()
    rate, api99 = api.per_second(len(calls)), percentile(calls, 99)
    errors = sum(api.errors.values())
    unanswered = sum(n for what, n in api.errors.items() if ": HTTP " not in what)
    yield ("API requests per second (20 clients)", "≥ 150/s", f"{rate:.1f}/s", rate >= API_RATE_TARGET)  # fmt: skip
    yield ("API p99", "≤ 250 ms", ms(api99), api99 <= API_P99_TARGET)
    yield ("API errors", "0", f"{errors} of {len(calls) + unanswered:,}", errors == 0)
    sign99 = percentile(sign_ins.seconds[SIGN_IN], 99)
    yield ("sign-in p99, 5 at once (form + post)", "≤ 1 s", ms(sign99), sign99 <= SIGN_IN_P99_TARGET)  # fmt: skip


def print_targets(found: list[Target]) -> None:
    print("\n| measure | target | measured | |\n|---|---|---:|---|")
    for name, target, value, ok in found:
        print(f"| {name} | {target} | {value} | {'met' if ok else '**not met**'} |")
