"""The app for uvicorn's worker processes: each builds its own from the environment, which
``switchboard serve --workers N`` fills from the settings it was given."""

import asyncio
import socket

from fastapi import FastAPI
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from switchboard.app import create_app
from switchboard.config import Settings

FACTORY = "switchboard.web.asgi:app_from_environment"
HTTP_PROTOCOL = "switchboard.web.asgi:NoDelayHttpProtocol"


def settings_environment(settings: Settings) -> dict[str, str]:
    """``settings`` as the ``SWITCHBOARD_*`` variables that :class:`Settings` reads back."""
    return {f"SWITCHBOARD_{name.upper()}": str(value)
            for name, value in settings.model_dump().items()}  # fmt: skip


def app_from_environment() -> FastAPI:
    return create_app(Settings())


class NoDelayHttpProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]  # an alias
    """uvicorn's HTTP protocol with Nagle's algorithm off on every connection.

    asyncio turns it off itself only for sockets whose protocol number is TCP's, and the
    listening socket uvicorn binds for its worker processes has 0 there: each answer on a kept-
    alive connection then waited about 40 ms for the client's delayed acknowledgement.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:
        connection = transport.get_extra_info("socket")
        if connection is not None and connection.family in (socket.AF_INET, socket.AF_INET6):
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
