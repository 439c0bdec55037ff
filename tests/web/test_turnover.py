"""Keep-alive connections are told to close once they are a few seconds old, so that a client
reconnects to whichever worker process has time for it."""

import anyio
import pytest
from starlette.types import Message, Receive, Scope, Send

from switchboard.web import turnover
from switchboard.web.turnover import ConnectionTurnoverMiddleware


async def ok(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x-a", b"1")]})
    await send({"type": "http.response.body", "body": b"ok"})


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def connection_header(gate: ConnectionTurnoverMiddleware, client: tuple[str, int]) -> str | None:
    """What the answer to one request on ``client``'s connection says about the connection."""
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def request() -> None:
        await gate({"type": "http", "client": client}, None, send)  # type: ignore[arg-type]

    anyio.run(request)
    headers = dict(sent[0]["headers"])
    assert headers[b"x-a"] == b"1"  # the app's own headers pass through
    value = headers.get(b"connection")
    return None if value is None else value.decode()


def test_a_connection_is_closed_by_its_first_answer_after_the_maximum_age() -> None:
    clock = Clock()
    gate = ConnectionTurnoverMiddleware(ok, max_age=5.0, clock=clock)
    first, other = ("10.0.0.1", 50000), ("10.0.0.1", 50001)
    assert connection_header(gate, first) is None  # first seen at 100.0
    clock.now = 104.9
    assert connection_header(gate, other) is None  # first seen at 104.9
    assert connection_header(gate, first) is None  # 4.9 s old: kept
    clock.now = 105.0
    assert connection_header(gate, first) == "close"  # 5.0 s old
    assert connection_header(gate, other) is None  # 0.1 s old
    # The same address and port again is a new connection: its clock starts afresh.
    assert connection_header(gate, first) is None
    clock.now = 109.9
    assert connection_header(gate, first) is None
    assert connection_header(gate, other) == "close"


def test_non_http_traffic_and_unknown_clients_pass_untouched() -> None:
    gate = ConnectionTurnoverMiddleware(ok, max_age=0.0)
    seen: list[str] = []

    async def lifespan(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    gate.app = lifespan
    anyio.run(gate, {"type": "lifespan"}, None, None)
    anyio.run(gate, {"type": "http", "client": None}, None, None)  # a Unix socket has no client
    assert seen == ["lifespan", "http"]
    assert gate._first_seen == {}


def test_connections_that_went_away_unseen_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turnover, "REMEMBERED", 2)
    clock = Clock()
    gate = ConnectionTurnoverMiddleware(ok, max_age=5.0, clock=clock)
    for port in (1, 2):
        connection_header(gate, ("10.0.0.1", port))
    clock.now = 106.0
    connection_header(gate, ("10.0.0.1", 3))  # the third: the two older than 5 s are let go
    assert list(gate._first_seen) == [("10.0.0.1", 3)]
