"""Where one route's time goes: the app in this process, the route requested under cProfile, and
every SQL statement it sends counted and timed.

The app runs on httpx2's ASGI transport in this thread, and FastAPI's thread pool is replaced by
direct calls for the duration, because cProfile sees only the thread it was started in. Times
under the profiler are inflated for Python-heavy code; the shares are what to read.
"""

import asyncio
import cProfile
import pstats
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio.to_thread
import httpx2
from sqlalchemy import Engine, event

from _web_load import sign_in
from switchboard.app import create_app
from switchboard.config import Settings


@dataclass
class SqlLog:
    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    count: Counter[str] = field(default_factory=Counter)


@contextmanager
def sql_log(engine: Engine) -> Iterator[SqlLog]:
    log, started = SqlLog(), list[float]()

    def before(*_args: Any) -> None:
        started.append(time.perf_counter())

    def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        text = re.sub(r"\s+", " ", statement)
        log.seconds[text] += time.perf_counter() - started.pop()
        log.count[text] += 1

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


@contextmanager
def no_thread_pool() -> Iterator[None]:
    original = anyio.to_thread.run_sync

    async def inline(function: Callable[..., Any], *args: Any, **_options: Any) -> Any:
        return function(*args)

    anyio.to_thread.run_sync = inline  # type: ignore[assignment]  # the same call, in this thread
    try:
        yield
    finally:
        anyio.to_thread.run_sync = original


@dataclass(frozen=True)
class Profiled:
    path: str
    as_whom: str
    repeats: int
    wall: float
    """Seconds per request, under the profiler."""
    plain: float
    """Seconds per request without it."""
    stats: pstats.Stats
    sql: SqlLog


def profile(url: str, path: str, *, username: str, token: str | None, repeats: int = 5) -> Profiled:
    """``path`` requested ``repeats`` times as ``username`` (by ``token`` when given, else
    signed in), after two warm-ups: timed plainly, then under cProfile with SQL logged."""
    app = create_app(Settings(database_url=url))
    engine: Engine = app.state.web_context.engine
    headers = {"Authorization": f"Bearer {token}"} if token else None
    profiler = cProfile.Profile()

    async def run() -> tuple[float, float, SqlLog]:
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://bench", headers=headers) as client:  # fmt: skip
            if token is None:
                await sign_in(client, username)
            for _ in range(2):
                (await client.get(path)).raise_for_status()
            start = time.perf_counter()
            for _ in range(repeats):
                await client.get(path)
            plain = (time.perf_counter() - start) / repeats
            with sql_log(engine) as log:
                start = time.perf_counter()
                profiler.enable()
                for _ in range(repeats):
                    await client.get(path)
                profiler.disable()
            return plain, (time.perf_counter() - start) / repeats, log

    with no_thread_pool():
        plain, wall, log = asyncio.run(run())
    engine.dispose()
    return Profiled(path, username, repeats, wall, plain, pstats.Stats(profiler), log)


def report(found: Profiled, *, top: int = 12) -> list[str]:
    n, wall = found.repeats, found.wall
    statements = sum(found.sql.count.values()) / n
    sql_seconds = sum(found.sql.seconds.values()) / n
    lines = [
        f"GET {found.path} as {found.as_whom}: {_ms(found.plain)} a request alone, "
        f"{_ms(wall)} under the profiler (mean of {n}); {statements:.0f} SQL statements, "
        f"{_ms(sql_seconds)} ({sql_seconds / wall:.0%}) waiting on the database",
        "  slowest SQL (per request: count, time, share):",
    ]
    for text, seconds in sorted(found.sql.seconds.items(), key=lambda item: -item[1])[:5]:
        count = found.sql.count[text] / n
        lines.append(
            f"    {count:4.0f} × {_ms(seconds / n):>10} {seconds / n / wall:4.0%}  {text[:150]}"
        )
    lines.append("  Switchboard functions by cumulative time (per request, share):")
    entries: dict[tuple[str, int, str], tuple[int, int, float, float, object]]
    entries = found.stats.stats  # type: ignore[attr-defined]  # pstats keeps it undocumented
    ours = [(key, ct) for key, (_, _, _, ct, _) in entries.items() if "/switchboard/" in key[0]]
    for (file, line, name), ct in sorted(ours, key=lambda item: -item[1])[:top]:
        where = file.split("/switchboard/", 1)[1]
        lines.append(f"    {_ms(ct / n):>10} {ct / n / wall:4.0%}  {name} ({where}:{line})")
    lines.append("  most self time, any code (per request, share):")
    for (file, line, name), (_, calls, tt, _, _) in sorted(
        entries.items(), key=lambda item: -item[1][2]
    )[:8]:
        lines.append(f"    {_ms(tt / n):>10} {tt / n / wall:4.0%}  {name} ({_short(file)}:{line}, "
                     f"{calls / n:,.0f} calls)")  # fmt: skip
    return lines


def _short(file: str) -> str:
    return file.split("site-packages/", 1)[-1].split("/src/", 1)[-1]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"
