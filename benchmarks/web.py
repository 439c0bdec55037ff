"""Web benchmark (issue 5, "Performance"): the demo centre on SQLite served by ``switchboard
serve`` over loopback, loaded by simulated users written with asyncio and httpx2.

    .venv/bin/python benchmarks/web.py [--seconds 60] [--fresh] [--profile-top 1]

The store is the default demo centre (``switchboard demo generate``: 8 weeks, 60 agents and one
sign-in per role), generated once into ``benchmarks/out/web/demo.db`` and copied for each run, so
runs start alike. API tokens are made on the copy through the service layer, then the server
starts as users run it (``switchboard serve --workers N``, one worker per core unless told, its
access log to a file) and the phases run one
after another against it, each with the server to itself:

1. **Alone**: every page and API route, one request at a time as one user, 10 times after two
   warm-ups, and 10 sign-ins: the cost of a request without concurrency, for comparison.
2. **Dashboards**: 20 people (``MIXES``: 10 agents, 4 team leaders, 2 managers, 2 planners, a
   quality analyst and an admin; the demo has one agent sign-in, so the agents share it, each
   with a session of their own) sign in before the clock starts, then for 60 s each views a page
   of their role, reads it for 1 to 2 s (uniform) and views another. ``/live.json`` stands for
   the live view's refresh (every 5 s while it is open). Page latency is measured; the static
   files a browser also fetches (CSS, plotly.js, cached after the first load) are not.
3. **API**: 20 clients with bearer tokens (admin, manager and the three team leaders, four
   clients each), each sending its next request the moment the last is answered, for 60 s,
   over ``api_routes``: throughput, latency and errors (any answer but 200, or none: after an
   unhandled exception uvicorn closes the connection behind its 500, and the client's next
   request on that connection fails with ReadError, which counts as an error too).
4. **Sign-in**: 5 people signing in over and over for 20 s, each time as a new browser (GET the
   form, POST it), so 5 sign-ins are always under way. argon2id's verification is most of
   each sign-in's cost (OWASP's profile, 19 MiB and two passes: about 30 ms of CPU).

Client and server share the machine: on a 2-core VM the client's own CPU time (printed) is taken
from the server. Figures are printed against the issue's targets, never asserted. When a target
is missed, the slowest page or route is then profiled in this process (``_web_profile``).
"""

import argparse
import asyncio
import os
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import _web_profile as profiler
import _web_store as store
from _web_load import (
    Route,
    Samples,
    browsing,
    calling,
    one_at_a_time,
    percentile,
    signing_in,
    status_of,
)
from _web_report import machine, print_phase, print_targets, targets

USERS = 20
THINK = (1.0, 2.0)
SIGNING_IN = ("agent", "teamleader", "manager", "planner", "admin")
API_USERS = ("admin", "manager", "teamleader", "teamleader-cards", "teamleader-digital")
LEADER = {"/team": 4, "/overview": 2, "/live": 1, "/live.json": 3, "/interactions": 2}

# The 20 people at dashboards: their sign-in, how many of them, how often they open each page.
MIXES: tuple[tuple[str, int, dict[str, int]], ...] = (
    ("agent", 10, {"/my-performance": 4, "/": 1}),
    ("teamleader", 2, LEADER),
    ("teamleader-cards", 1, LEADER),
    ("teamleader-digital", 1, LEADER),
    ("manager", 2, {"/overview": 4, "/team": 1, "/live": 1, "/live.json": 3, "/interactions": 2}),
    ("planner", 2, {"/overview": 3, "/live": 2, "/live.json": 4}),
    ("qa", 1, {"/interactions": 4, "/": 1}),
    ("admin", 1, {"/overview": 2, "/live": 1, "/live.json": 2, "/interactions": 1}),
)


def pages(period: store.Period) -> dict[str, Route]:
    """Each dashboard page; the drill-down lists one day's answered contacts."""
    day = period.day.isoformat()
    drill_down = f"/interactions?from={day}&to={day}&outcome=answered"
    paths = ["/", "/my-performance", "/team", "/overview", "/live", "/live.json"]
    return {path: Route(path, path) for path in paths} | {
        "/interactions": Route("/interactions", drill_down)
    }


def api_routes(period: store.Period) -> list[Route]:
    """The API mix, by weight: lists of one day's interactions (a random one of the first 20
    pages of 50) and agent states (of the first 10) most, the KPI report for the week least."""
    day, week = f"from={period.day}&to={period.day}", f"from={period.monday}&to={period.sunday}"
    return [
        Route("/api/v1/queues", "/api/v1/queues", 1),
        Route("/api/v1/teams", "/api/v1/teams", 1),
        Route("/api/v1/people", "/api/v1/people", 2),
        Route("/api/v1/interactions", f"/api/v1/interactions?{day}", 3, pages=20),
        Route("/api/v1/agent-states", f"/api/v1/agent-states?{day}", 2, pages=10),
        Route("/api/v1/reports/kpis", f"/api/v1/reports/kpis?by=queue&{week}", 1),
    ]


def dashboard_users(routes: dict[str, Route]) -> list[tuple[str, list[Route]]]:
    users: list[tuple[str, list[Route]]] = []
    for username, count, weights in MIXES:
        mine = [
            Route(label, routes[label].path, w) for label, w in weights.items() if label in routes
        ]
        users += [(username, mine)] * count
    assert len(users) == USERS
    return users


def measured(
    server: store.Server, phase: Callable[[], Coroutine[Any, Any, Samples]]
) -> tuple[Samples, tuple[float, float, float]]:
    """The phase's samples, and the CPU seconds the server, this client and every other process
    on the machine used during it (the machine is shared: the last says how much)."""
    before = server.cpu_seconds(), time.process_time(), store.busy_cpu_seconds()
    samples = asyncio.run(phase())
    ours = server.cpu_seconds() - before[0], time.process_time() - before[1]
    return samples, (*ours, store.busy_cpu_seconds() - before[2] - sum(ours))


def run_phases(
    args: argparse.Namespace, server: store.Server, routes: dict[str, Route], api: list[Route],
    tokens: list[str],
) -> dict[str, Samples]:  # fmt: skip
    url = server.url
    users = dashboard_users(routes)
    first_viewer = {label: _viewer(label) for label in routes}
    cases: list[tuple[str, str | None, Route]]
    cases = [(first_viewer[label], None, route) for label, route in routes.items()]
    cases += [("admin", tokens[0], route) for route in api]
    n, seconds = args.repeats, args.seconds
    alone, cpu = measured(server, lambda: one_at_a_time(url, cases, n))
    print_phase(f"One request at a time ({n} each after 2 warm-ups; pages as the first role "
                f"in MIXES that has them, API as admin; sign-in as manager)", alone, None, cpu)  # fmt: skip
    browsed, cpu = measured(server, lambda: browsing(url, users, seconds, THINK))
    print_phase(f"Dashboards: {USERS} people, {THINK[0]:g}–{THINK[1]:g} s to read each page, "
                f"{seconds:g} s", browsed, alone, cpu)  # fmt: skip
    called, cpu = measured(server, lambda: calling(url, tokens, api, seconds))
    print_phase(f"API: {len(tokens)} clients, no think time, {seconds:g} s", called, alone, cpu)
    signed, cpu = measured(server, lambda: signing_in(url, SIGNING_IN, args.sign_in_seconds))
    print_phase(f"Sign-in: {len(SIGNING_IN)} at once, {args.sign_in_seconds:g} s", signed, alone, cpu)  # fmt: skip
    return {"pages": browsed, "api": called, "sign_ins": signed}


def _viewer(label: str) -> str:
    return next(username for username, _, weights in MIXES if label in weights)


def profile_misses(
    url: str, results: dict[str, Samples], routes: dict[str, Route], token: str, top: int
) -> None:
    """Profile the ``top`` worst pages (by p95) if the page target was missed, and the worst API
    routes (by p99) if an API target was."""
    missed = [name for name, _, _, ok in targets(**results) if not ok]
    todo: list[tuple[str, str, str | None]] = []
    if any(name.startswith("dashboard") for name in missed):
        todo += [(label, _viewer(label), None) for label in _worst(results["pages"], 95, top)]
    if any(name.startswith("API") for name in missed):
        todo += [(label, "admin", token) for label in _worst(results["api"], 99, top)]
    for label, username, bearer in todo:
        found = profiler.profile(url, routes[label].target(), username=username, token=bearer)
        print("\nProfile, in this process after the run:\n" + "\n".join(profiler.report(found)))


def _worst(samples: Samples, p: float, count: int) -> list[str]:
    return sorted(samples.seconds, key=lambda label: -percentile(samples.seconds[label], p))[:count]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="dashboard and API phases")
    parser.add_argument("--sign-in-seconds", type=float, default=20.0)
    parser.add_argument("--repeats", type=int, default=10, help="requests per route, alone")
    parser.add_argument("--fresh", action="store_true", help="generate the cached store again")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="server processes (switchboard serve --workers); default one per core")  # fmt: skip
    parser.add_argument("--profile-top", type=int, default=1,
                        help="routes to profile when a target is missed (0: none)")  # fmt: skip
    args = parser.parse_args()
    pristine = store.demo_store(fresh=args.fresh)
    with tempfile.TemporaryDirectory(prefix="switchboard-web-") as folder:
        url = store.working_copy(pristine, Path(folder))
        period, summary = store.store_summary(url, store.timezone())
        routes, api = pages(period), api_routes(period)
        tokens = store.api_tokens(url, API_USERS * (USERS // len(API_USERS)))
        with store.serving(url, Path(folder), args.workers) as server:
            print(f"\n{machine()}")
            print(f"Server: switchboard serve --workers {args.workers}; client: this process; "
                  "both on the same cores.")  # fmt: skip
            print(f"Store: the demo centre, {summary}, cached {_day_of(pristine)}; pages and "
                  f"API ask about {period.day} and the week {period.monday} to {period.sunday}.")  # fmt: skip
            status = asyncio.run(status_of(server.url, "teamleader", "/team"))
            if status != 200:
                print(f"Note: /team is left out: it answers the teamleader user HTTP {status}.")
                del routes["/team"]
            results = run_phases(args, server, routes, api, tokens)
            print_targets(list(targets(**results)))
        logged = store.server_errors(store.CACHE / "server.log")
        print(f"\nRequests the server failed with an exception: {sum(logged.values())} "
              f"(its log: benchmarks/out/web/server.log)")  # fmt: skip
        for line, count in logged.most_common(5):
            print(f"  {count} × {line}")
        everything = routes | {route.label: route for route in api}
        profile_misses(url, results, everything, tokens[0], args.profile_top)


def _day_of(path: Path) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(path.stat().st_mtime))


if __name__ == "__main__":
    main()
