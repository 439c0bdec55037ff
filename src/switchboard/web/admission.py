"""How many requests one server process works on the store for at once; the rest wait their turn.

A request holds a database connection from its first query to its commit, across several trips
to the thread pool, and at most one more for a moment (an audit row's group commit, a session's
idle clock). Without a bound, a burst of requests parked between trips could hold every pooled
connection while the threads that would finish them wait for one: nothing moves until the
pool's timeout. Admitting at most ``limit`` requests to the store, with a pool of
``CONNECTIONS_PER_REQUEST`` times that, means a connection is always free for a request admitted.

Only the unit of work is admitted (``switchboard.web.context.db_session``), not the whole
request: reading a slow client's body or sending it a large file holds no place, so a few slow
clients cannot shut everyone else out.
"""

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio

CONNECTIONS_PER_REQUEST = 2


class Admission:
    """At most ``limit`` holders at once, first come first served."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        # One semaphore per event loop: a semaphore belongs to the loop it first waited in, and
        # tests drive one app from several loops.
        self._places: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.Semaphore]
        self._places = weakref.WeakKeyDictionary()

    @asynccontextmanager
    async def place(self) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        places = self._places.get(loop)
        if places is None:
            places = self._places[loop] = anyio.Semaphore(self.limit)
        async with places:
            yield
