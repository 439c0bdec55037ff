"""The app for uvicorn's worker processes: each builds its own from the environment, which
``switchboard serve --workers N`` fills from the settings it was given."""

import asyncio
import socket
import time
from typing import Any, cast

from fastapi import FastAPI
from starlette.types import ASGIApp
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from switchboard.app import create_app
from switchboard.config import Settings
from switchboard.web import turnover

FACTORY = "switchboard.web.asgi:app_from_environment"
HTTP_PROTOCOL = "switchboard.web.asgi:NoDelayHttpProtocol"


def settings_environment(settings: Settings) -> dict[str, str]:
    """``settings`` as the ``SWITCHBOARD_*`` variables that :class:`Settings` reads back."""
    return {f"SWITCHBOARD_{name.upper()}": str(value)
            for name, value in settings.model_dump().items()}  # fmt: skip


def app_from_environment() -> FastAPI:
    return create_app(Settings())


class NoDelayHttpProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]  # an alias
    """uvicorn's HTTP protocol for worker processes, one instance per connection, with Nagle's
    algorithm off and each request stamped with when its connection opened.

    asyncio turns Nagle off itself only for sockets whose protocol number is TCP's, and the
    listening socket uvicorn binds for its worker processes has 0 there: each answer on a kept-
    alive connection then waited about 40 ms for the client's delayed acknowledgement. The stamp
    lets :mod:`switchboard.web.turnover` close old connections, so clients spread over workers.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        loaded = cast(ASGIApp, self.app)  # type: ignore[has-type]  # uvicorn's protocol is untyped
        self.app = turnover.stamped(loaded, opened=time.monotonic())

    def connection_made(self, transport: asyncio.Transport) -> None:
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
