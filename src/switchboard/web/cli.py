"""``switchboard serve``: the web app and the API, run by uvicorn."""

import errno
import os
import socket
import sys
from collections.abc import Callable

import typer

from switchboard.cli_support import current_settings, fail_on_errors
from switchboard.config import Settings
from switchboard.db.engine import display_url
from switchboard.kit.errors import SwitchboardError

HOST_HELP = "Address to listen on."
PORT_HELP = "Port to listen on."
WORKERS_HELP = (
    "Processes serving requests. One uses one core; give about one per core for a busy centre "
    "(each has its own connections to the store)."
)
PORT_CHOICE = "--port {port}"
"""How the user chooses another port; ``{port}`` becomes a suggestion."""


class PortUnavailableError(SwitchboardError):
    """The web app cannot listen where it was asked to: the port is taken, or not ours to take."""


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help=HOST_HELP),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help=PORT_HELP),
    workers: int = typer.Option(1, "--workers", min=1, max=32, help=WORKERS_HELP),
) -> None:
    """Serve the web app and the API (under /api/v1) until Ctrl+C."""
    settings = current_settings(ctx)

    def announce(url: str) -> None:
        typer.echo(f"Switchboard on {display_url(settings.database_url)}")
        typer.echo(f"Serving at {url} (Ctrl+C to stop)")

    with fail_on_errors():
        run_web_app(settings, host=host, port=port, announce=announce, workers=workers)


def run_web_app(
    settings: Settings,
    *,
    host: str,
    port: int,
    announce: Callable[[str], None],
    port_choice: str = PORT_CHOICE,
    workers: int = 1,
) -> None:
    """Serve the app on the store ``settings`` names until Ctrl+C; ``announce(url)`` speaks last.

    Raises :class:`PortUnavailableError`, before anything is printed, when the port is taken.
    With several ``workers`` uvicorn starts that many processes, each building the app from the
    environment (:mod:`switchboard.web.asgi`), so the settings travel there.
    """
    # Imported here: every other command starts faster without FastAPI and uvicorn loaded.
    import uvicorn

    from switchboard.app import create_app
    from switchboard.web import asgi

    check_port(host, port, port_choice=port_choice)
    if workers > 1:
        os.environ.update(asgi.settings_environment(settings))
        announce(site_url(host, port))
        sys.stdout.flush()
        uvicorn.run(asgi.FACTORY, factory=True, workers=workers, host=host, port=port,
                    http=asgi.HTTP_PROTOCOL, log_level="info")  # fmt: skip
        return
    app = create_app(settings)
    announce(site_url(host, port))
    sys.stdout.flush()  # the URL goes before uvicorn's log, even when stdout is a pipe
    uvicorn.run(app, host=host, port=port, log_level="info")


def check_port(host: str, port: int, *, port_choice: str = PORT_CHOICE) -> None:
    """Raise :class:`PortUnavailableError` unless ``host:port`` can be bound now.

    Binds as uvicorn's asyncio server will (every address the host resolves to, reusing a port
    left in TIME_WAIT), so a port that passes here fails there only if taken in between.
    """
    other = port_choice.format(port=port + 1 if port < 65535 else port - 1)
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise PortUnavailableError(f"cannot listen on {host}: {exc.strerror}") from exc
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                raise PortUnavailableError(_refusal(host, port, exc, other)) from exc


def _refusal(host: str, port: int, exc: OSError, other: str) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (another Switchboard still running?): "
            f"stop it, or choose another port with {other}"
        )
    return f"cannot listen on {host} port {port} ({exc.strerror}): choose another with {other}"


def site_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address needs brackets in a URL
    return f"http://{shown}:{port}/"
