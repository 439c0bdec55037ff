"""Keep-alive connections are closed after a few seconds, so that load spreads across
``switchboard serve --workers N``.

Worker processes share one listening socket, and a connection stays with whichever worker
accepted it. API clients and open dashboards keep their connections for as long as they run, so
all of them can end up on one worker while another idles: the benchmark saw 20 clients' every
connection on one of two workers, and half the throughput. Answering with ``Connection: close``
once a connection is ``MAX_AGE`` seconds old makes the client reconnect, and the worker with time
to spare is the one that gets to accept it first. A reconnection over a LAN costs far less than
a request, and it happens once every few seconds per client.
"""

import time
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_AGE = 5.0
"""Seconds from a connection's first request to the answer that closes it."""
REMEMBERED = 10_000
"""Connections remembered at most; beyond, those older than ``MAX_AGE`` (long gone) are let go."""


class ConnectionTurnoverMiddleware:
    """Pure ASGI. A connection is known by its client's address and port, which no two open
    connections share; one that closed without being told is forgotten in time."""

    def __init__(
        self, app: ASGIApp, max_age: float = MAX_AGE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.max_age = max_age
        self.clock = clock
        self._first_seen: dict[tuple[str, int], float] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] != "http" or not client:
            await self.app(scope, receive, send)
            return
        if not self._is_due(tuple(client)):
            await self.app(scope, receive, send)
            return

        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["connection"] = "close"
            await send(message)

        await self.app(scope, receive, send_closing)

    def _is_due(self, connection: tuple[str, int]) -> bool:
        now = self.clock()
        first = self._first_seen.setdefault(connection, now)
        if now - first < self.max_age:
            if len(self._first_seen) > REMEMBERED:
                self._forget_before(now - self.max_age)
            return False
        del self._first_seen[connection]  # the answer closes it; the address may come back
        return True

    def _forget_before(self, moment: float) -> None:
        self._first_seen = {c: t for c, t in self._first_seen.items() if t >= moment}
