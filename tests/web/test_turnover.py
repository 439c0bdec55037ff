"""Keep-alive connections to the worker processes are told to close once they are a few seconds
old, so that a client reconnects to whichever worker has time for it."""

import anyio
import uvicorn
from fastapi import FastAPI
from starlette.types import Message, Receive, Scope, Send
from uvicorn.server import ServerState

from switchboard.web import asgi
from switchboard.web.turnover import OPENED, ConnectionTurnoverMiddleware


async def ok(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x-a", b"1")]})
    await send({"type": "http.response.body", "body": b"ok"})


def connection_header(gate: ConnectionTurnoverMiddleware, scope: Scope) -> str | None:
    """What the answer to one request says about its connection."""
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def request() -> None:
        await gate(scope, None, send)  # type: ignore[arg-type]

    anyio.run(request)
    headers = dict(sent[0]["headers"])
    assert headers[b"x-a"] == b"1"  # the app's own headers pass through
    value = headers.get(b"connection")
    return None if value is None else value.decode()


def test_an_answer_closes_its_connection_once_the_connection_is_old_enough() -> None:
    now = [100.0]
    gate = ConnectionTurnoverMiddleware(ok, max_age=5.0, clock=lambda: now[0])
    opened_at_100 = {"type": "http", OPENED: 100.0}
    opened_at_104 = {"type": "http", OPENED: 104.0}
    assert connection_header(gate, dict(opened_at_100)) is None
    now[0] = 104.9
    assert connection_header(gate, dict(opened_at_100)) is None  # 4.9 s old: kept
    now[0] = 105.0
    assert connection_header(gate, dict(opened_at_100)) == "close"  # 5 s old
    assert connection_header(gate, dict(opened_at_104)) is None  # 1 s old


def test_requests_without_an_opening_time_are_left_alone() -> None:
    """One worker (uvicorn's own protocol) or a test client: nothing stamps the scope."""
    gate = ConnectionTurnoverMiddleware(ok, max_age=0.0)
    assert connection_header(gate, {"type": "http"}) is None


def test_the_workers_protocol_stamps_each_request_with_its_connection_opening() -> None:
    seen: list[float] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope[OPENED])

    config = uvicorn.Config(app=FastAPI(), http=asgi.HTTP_PROTOCOL)
    config.load()
    config.loaded_app = app

    async def two_requests_on_one_connection() -> None:  # a protocol needs a running loop
        made = config.http_protocol_class(config=config, server_state=ServerState(), app_state={})
        await made.app({"type": "http"}, None, None)
        await made.app({"type": "http"}, None, None)

    anyio.run(two_requests_on_one_connection)
    assert len(seen) == 2
    assert seen[0] == seen[1]  # one connection, one opening time
