"""Group commit for audit rows that must be durable before an answer leaves (API exports).

Every waiting request's row goes into one transaction: the first request to arrive writes, for
itself and for everyone who queued behind it while it wrote, and each request returns only once
the transaction holding its row has committed. So N concurrent exports take the store's write
lock about once instead of N times, and nothing leaves unaudited.
"""

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from switchboard.db.engine import unit_of_work

Write = Callable[[Session], object]


@dataclass
class _Waiting:
    write: Write
    woken: threading.Event = field(default_factory=threading.Event)
    leads: bool = False
    """Set before ``woken`` when this request is to write the queue, rather than done."""
    error: BaseException | None = None


class GroupCommitter:
    """Writes queued work for one engine in shared transactions; see the module docstring.

    One request at a time leads: it writes everything queued, its own row among it, in one
    transaction, then hands the lead to the first request that queued meanwhile. A leader
    writes one batch only, so under a steady stream no request waits for more than the batch
    before its own and its own.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._writing = False

    def commit(self, write: Write) -> None:
        """Run ``write`` in a committed transaction (maybe shared); raise what it raised."""
        mine = _Waiting(write)
        with self._lock:
            self._queue.append(mine)
            mine.leads = not self._writing
            self._writing = True
        if not mine.leads:
            mine.woken.wait()  # until a leader has written this row, or passed the lead here
        if mine.leads:
            self._write_queue()
        if mine.error is not None:
            raise mine.error

    def _write_queue(self) -> None:
        with self._lock:
            batch, self._queue = self._queue, []
        error: BaseException | None = None
        try:
            with unit_of_work(self._engine) as session:
                for waiting in batch:
                    waiting.write(session)
        except BaseException as exc:  # every waiter learns that its row was not kept
            error = exc
        with self._lock:
            successor = self._queue[0] if self._queue else None
            if successor is None:
                self._writing = False
            else:
                successor.leads = True
        for waiting in batch:
            waiting.error = error
            waiting.woken.set()
        if successor is not None:
            successor.woken.set()


_COMMITTERS: "weakref.WeakKeyDictionary[Engine, GroupCommitter]" = weakref.WeakKeyDictionary()
_COMMITTERS_LOCK = threading.Lock()


def committer_for(engine: Engine) -> GroupCommitter:
    with _COMMITTERS_LOCK:
        found = _COMMITTERS.get(engine)
        if found is None:
            found = _COMMITTERS[engine] = GroupCommitter(engine)
        return found
