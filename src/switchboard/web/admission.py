"""How many requests one server process works on at once; the rest wait their turn.

A request holds a database connection from its first query to its commit, across several trips
to the thread pool, and at most one more for a moment (an audit row's group commit, a session's
idle clock). Without a bound, a burst of requests parked between trips could hold every pooled
connection while the threads that would finish them wait for one: nothing moves until the
pool's timeout. Admitting at most ``limit`` requests, with a pool of ``CONNECTIONS_PER_REQUEST``
times that, means a connection is always free for a request already admitted.
"""

import asyncio
import weakref

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

CONNECTIONS_PER_REQUEST = 2


class AdmissionMiddleware:
    """Pure ASGI: a request waits here, before it takes anything, until one of ``limit`` places
    is free; it keeps its place until its whole answer is sent."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        # One semaphore per event loop: a semaphore belongs to the loop it first waited in, and
        # tests drive one app from several loops.
        self._places: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.Semaphore]
        self._places = weakref.WeakKeyDictionary()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        places = self._places.get(loop)
        if places is None:
            places = self._places[loop] = anyio.Semaphore(self.limit)
        async with places:
            await self.app(scope, receive, send)
