"""Ingest benchmark: a synthetic Asterisk queue_log of N lines into SQLite and PostgreSQL.

    .venv/bin/python benchmarks/ingest.py [--lines 1000000] [--baseline-lines 50000]

Each run is a fresh child process on a freshly migrated store, so the timings are end to end
(parse, resolve, write, commit) and the peak memory is the child's own. The baseline is a naive
ingester built the obvious way (the same parser, then one ORM object per record and a commit
at the end), run on a smaller file and reported in lines per second.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text

from switchboard.db.engine import make_engine
from switchboard.db.migrate import upgrade
from switchboard.ingest.synthetic import write_queue_log

HERE = Path(__file__).parent
POSTGRES = os.environ.get(
    "SWITCHBOARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def fresh_sqlite(folder: Path) -> str:
    url = f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:6]}.db'}"
    upgrade(url)
    return url


def fresh_postgres() -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = make_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    url = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    upgrade(url)
    return url, schema


def drop_schema(schema: str) -> None:
    engine = make_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def run_child(mode: str, url: str, log: Path) -> dict[str, object]:
    output = subprocess.run(
        [sys.executable, str(HERE / "_ingest_once.py"), mode, url, str(log)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return dict(json.loads(output))


def measure(mode: str, backend: str, log: Path, folder: Path) -> dict[str, object]:
    if backend == "sqlite":
        return run_child(mode, fresh_sqlite(folder), log)
    url, schema = fresh_postgres()
    try:
        return run_child(mode, url, log)
    finally:
        drop_schema(schema)


def report(label: str, lines: int, result: dict[str, object]) -> None:
    seconds = float(result["seconds"])  # type: ignore[arg-type]
    print(
        f"{label:<34} {lines:>10,} lines {seconds:8.2f} s {lines / seconds:>10,.0f} lines/s"
        f"  peak {float(result['peak_mb']):6.0f} MB"  # type: ignore[arg-type]
        f"  ({result['interactions_created']:,} interactions, {result['agent_states_created']:,} states)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--baseline-lines", type=int, default=50_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--flat-memory-lines", type=int, default=3_000_000,
        help="one more SQLite run this long, to show peak memory does not grow with the file (0: skip)",
    )  # fmt: skip
    args = parser.parse_args()
    backends = args.backends.split(",")
    print(f"{time.strftime('%Y-%m-%d')} on {platform.node()}: {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big, small = folder / "big.queue_log", folder / "small.queue_log"
        write_queue_log(big, args.lines)
        write_queue_log(small, args.baseline_lines)
        print(f"queue_log: {args.lines:,} lines, {big.stat().st_size / 1e6:.0f} MB")
        for backend in backends:
            report(
                f"switchboard -> {backend}",
                args.lines,
                measure("switchboard", backend, big, folder),
            )
            report(
                f"naive ORM baseline -> {backend}",
                args.baseline_lines,
                measure("naive", backend, small, folder),
            )
        big.unlink()
        if args.flat_memory_lines:
            huge = folder / "huge.queue_log"
            write_queue_log(huge, args.flat_memory_lines)
            result = measure("switchboard", "sqlite", huge, folder)
            report("switchboard -> sqlite (memory)", args.flat_memory_lines, result)


if __name__ == "__main__":
    main()
