"""Keep-alive connections to ``switchboard serve --workers N`` are closed after a few seconds,
so that load spreads across the worker processes.

Worker processes share one listening socket, and a connection stays with whichever worker
accepted it. API clients and open dashboards keep their connections for as long as they run, so
all of them can end up on one worker while another idles: the benchmark saw 20 clients' every
connection on one of two workers, and half the throughput. Answering with ``Connection: close``
once a connection is ``MAX_AGE`` seconds old makes the client reconnect, and the worker with time
to spare is the one that gets to accept it first. A reconnection costs far less than a request,
and it happens once every few seconds per client.

The workers' HTTP protocol (:class:`switchboard.web.asgi.NoDelayHttpProtocol`) stamps each
request's scope with when its connection opened (:func:`stamped`); a request without the stamp
(one worker, or a test client) is left alone.
"""

import time
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_AGE = 5.0
"""Seconds from a connection's opening to the first answer that closes it."""
OPENED = "switchboard.connection_opened"
"""The scope key: when the request's connection opened, on ``time.monotonic``'s clock."""


def stamped(app: ASGIApp, opened: float) -> ASGIApp:
    """``app``, with every request it is given marked as arriving on a connection ``opened``."""

    async def with_opening_time(scope: Scope, receive: Receive, send: Send) -> None:
        scope[OPENED] = opened
        await app(scope, receive, send)

    return with_opening_time


class ConnectionTurnoverMiddleware:
    """Pure ASGI: adds ``Connection: close`` to the answer once the connection is old enough."""

    def __init__(
        self, app: ASGIApp, max_age: float = MAX_AGE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.max_age = max_age
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        opened = scope.get(OPENED)
        if scope["type"] != "http" or opened is None or self.clock() - opened < self.max_age:
            await self.app(scope, receive, send)
            return

        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["connection"] = "close"
            await send(message)

        await self.app(scope, receive, send_closing)
