"""The simulated users of the web benchmark, on asyncio and httpx2's AsyncClient, and what they
measured. Each user has a client of its own (its own connection and cookies), as a browser or an
API client would; a latency is the time from sending a request to having read its whole body."""

import asyncio
import math
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field

import httpx2

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
TIMEOUT = httpx2.Timeout(30.0)
PAGE = 50  # rows per page of an API list, its default
SIGN_IN = "sign-in (form + post)"
SIGN_IN_POST = "POST /sign-in alone"


@dataclass(frozen=True)
class Route:
    label: str
    path: str
    weight: int = 1
    pages: int = 1
    """More than one: each request asks for a random one of the first ``pages`` pages."""

    def target(self, rng: random.Random | None = None) -> str:
        """The path to ask for; without ``rng``, its first page."""
        if self.pages == 1:
            return self.path
        page = rng.randrange(self.pages) if rng else 0
        return f"{self.path}&limit={PAGE}&offset={page * PAGE}"


@dataclass
class Samples:
    """Latencies in seconds by route, what went wrong, and when the first request went out and
    the last answer came back."""

    seconds: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    started: float = 0.0
    finished: float = 0.0

    def add(self, label: str, seconds: float) -> None:
        self.seconds[label].append(seconds)
        self.finished = max(self.finished, time.perf_counter())

    def everything(self, leave_out: str = "") -> list[float]:
        return [s for label, values in self.seconds.items() if label != leave_out for s in values]

    def per_second(self, count: int) -> float:
        return count / (self.finished - self.started)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest rank: the smallest value with at least ``p`` per cent of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class SignInFailedError(Exception):
    pass


async def sign_in(client: httpx2.AsyncClient, username: str) -> tuple[float, float]:
    """As a browser does: GET the form (for its CSRF token and cookie), then POST it.
    Returns the seconds for both together and for the POST alone."""
    client.cookies.clear()
    start = time.perf_counter()
    form = await client.get("/sign-in")
    token = CSRF_FIELD.search(form.text)
    if form.status_code != 200 or token is None:
        raise SignInFailedError(f"{username}: the form answered HTTP {form.status_code}")
    posted = time.perf_counter()
    password = f"demo-{username}-switchboard"
    data = {"username": username, "password": password, "csrf_token": token.group(1)}
    response = await client.post("/sign-in", data=data, follow_redirects=False)
    end = time.perf_counter()
    if response.status_code != 303:
        raise SignInFailedError(f"{username}: HTTP {response.status_code}")
    return end - start, end - posted


async def timed_get(
    client: httpx2.AsyncClient, route: Route, rng: random.Random, samples: Samples
) -> None:
    start = time.perf_counter()
    try:
        response = await client.get(route.target(rng), follow_redirects=False)
    except httpx2.HTTPError as exc:
        samples.errors[f"{route.label}: {type(exc).__name__}"] += 1
        return
    samples.add(route.label, time.perf_counter() - start)
    if response.status_code != 200:
        samples.errors[f"{route.label}: HTTP {response.status_code}"] += 1


def pick(rng: random.Random, routes: Sequence[Route]) -> Route:
    return rng.choices(routes, weights=[r.weight for r in routes])[0]


async def status_of(url: str, username: str, path: str) -> int:
    """What ``path`` answers ``username``, signed in."""
    async with _client(url) as client:
        await sign_in(client, username)
        return (await client.get(path, follow_redirects=False)).status_code


async def one_at_a_time(
    url: str, cases: Sequence[tuple[str, str | None, Route]], repeats: int
) -> Samples:
    """Each (username, bearer token, route) alone, ``repeats`` times after two unmeasured
    warm-ups, with nothing else running (without a token, the user signs in); then ``repeats``
    sign-ins one after another."""
    samples, rng = Samples(started=time.perf_counter()), random.Random(0)
    async with AsyncExitStack() as stack:
        clients: dict[tuple[str, str | None], httpx2.AsyncClient] = {}
        for username, token, route in cases:
            if (username, token) not in clients:
                client = await stack.enter_async_context(_client(url, token))
                if token is None:
                    await sign_in(client, username)
                clients[username, token] = client
            for attempt in range(2 + repeats):
                measured = samples if attempt >= 2 else Samples()
                await timed_get(clients[username, token], route, rng, measured)
        signing = await stack.enter_async_context(_client(url))
        for _ in range(repeats):
            total, post = await sign_in(signing, "manager")
            samples.add(SIGN_IN, total)
            samples.add(SIGN_IN_POST, post)
    return samples


def _client(url: str, token: str | None = None) -> httpx2.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else None
    return httpx2.AsyncClient(base_url=url, timeout=TIMEOUT, headers=headers)


async def browsing(
    url: str, users: Sequence[tuple[str, Sequence[Route]]], seconds: float,
    think: tuple[float, float],
) -> Samples:  # fmt: skip
    """People at dashboards: each signs in (before the clock starts), then views a page, reads it
    for ``think`` seconds, views another, until ``seconds`` have passed."""
    samples = Samples()
    async with AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(_client(url)) for _ in users]
        await asyncio.gather(
            *(sign_in(c, username) for c, (username, _) in zip(clients, users, strict=True))
        )
        samples.started = time.perf_counter()
        deadline = samples.started + seconds

        async def browse(client: httpx2.AsyncClient, routes: Sequence[Route], seed: int) -> None:
            rng = random.Random(seed)
            await asyncio.sleep(rng.uniform(0, think[1]))  # people do not all start at once
            while time.perf_counter() < deadline:
                await timed_get(client, pick(rng, routes), rng, samples)
                await asyncio.sleep(rng.uniform(*think))

        await asyncio.gather(
            *(browse(c, u[1], i) for i, (c, u) in enumerate(zip(clients, users, strict=True)))
        )
    return samples


async def calling(
    url: str, tokens: Sequence[str], routes: Sequence[Route], seconds: float
) -> Samples:
    """API clients: each sends its next request as soon as the last one is answered."""
    samples = Samples()
    async with AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(_client(url, token)) for token in tokens]
        samples.started = time.perf_counter()
        deadline = samples.started + seconds

        async def call(client: httpx2.AsyncClient, seed: int) -> None:
            rng = random.Random(seed)
            while time.perf_counter() < deadline:
                await timed_get(client, pick(rng, routes), rng, samples)

        await asyncio.gather(*(call(client, i) for i, client in enumerate(clients)))
    return samples


async def signing_in(url: str, usernames: Sequence[str], seconds: float) -> Samples:
    """People signing in, each again as soon as the last sign-in is done (with no cookies: a new
    browser each time), so ``len(usernames)`` sign-ins are always under way."""
    samples = Samples()
    async with AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(_client(url)) for _ in usernames]
        samples.started = time.perf_counter()
        deadline = samples.started + seconds

        async def again(client: httpx2.AsyncClient, username: str) -> None:
            while time.perf_counter() < deadline:
                try:
                    total, post = await sign_in(client, username)
                except (SignInFailedError, httpx2.HTTPError) as exc:
                    samples.errors[f"{SIGN_IN}: {exc}"] += 1
                    continue
                samples.add(SIGN_IN, total)
                samples.add(SIGN_IN_POST, post)

        await asyncio.gather(*(again(c, u) for c, u in zip(clients, usernames, strict=True)))
    return samples
