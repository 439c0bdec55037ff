"""``switchboard serve`` builds the app from the current settings and hands it to uvicorn."""

import asyncio
import re
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner
from uvicorn.server import ServerState

from switchboard.cli import app as cli
from switchboard.config import Settings
from switchboard.web import asgi
from switchboard.web import cli as web_cli
from switchboard.web.cli import PortUnavailableError, check_port, site_url


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """uvicorn.run recorded, not run; and any port counts as free, as 8000 may be taken here."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        uvicorn, "run", lambda app, **options: calls.append({"app": app, **options})
    )
    monkeypatch.setattr(web_cli, "check_port", lambda host, port, **_: None)
    return calls


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 that something is listening on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_serve_prints_the_url_and_runs_uvicorn(
    uvicorn_calls: list[dict[str, Any]], database_url: str
) -> None:
    args = ["--database-url", database_url, "serve", "--host", "0.0.0.0", "--port", "8123"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Serving at http://0.0.0.0:8123/" in result.stdout
    [call] = uvicorn_calls
    assert isinstance(call["app"], FastAPI)
    assert (call["host"], call["port"]) == ("0.0.0.0", 8123)
    assert call["app"].state.web_context.settings.database_url == database_url


def test_serve_defaults_to_loopback_port_8000(uvicorn_calls: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert "Serving at http://127.0.0.1:8000/" in result.stdout
    assert (uvicorn_calls[0]["host"], uvicorn_calls[0]["port"]) == ("127.0.0.1", 8000)


def test_an_out_of_range_port_is_a_usage_error() -> None:
    assert CliRunner().invoke(cli, ["serve", "--port", "70000"]).exit_code == 2


def test_it_refuses_a_port_in_use_in_one_line_naming_it_and_how_to_choose_another(
    monkeypatch: pytest.MonkeyPatch, busy_port: int
) -> None:
    monkeypatch.setattr(uvicorn, "run", lambda *_, **__: pytest.fail("uvicorn ran"))
    result = CliRunner().invoke(cli, ["serve", "--port", str(busy_port)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: port {busy_port} on 127.0.0.1 is already in use")
    assert f"choose another port with --port {busy_port + 1}" in result.stderr


def test_a_free_port_passes_the_check() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    check_port("127.0.0.1", port)


def test_an_address_not_on_this_machine_is_refused() -> None:
    with pytest.raises(
        PortUnavailableError, match=re.escape("cannot listen on 192.0.2.1 port 8000")
    ):
        check_port("192.0.2.1", 8000)  # TEST-NET-1: never a local address


def test_an_ipv6_address_is_bracketed_in_the_url() -> None:
    assert site_url("::1", 8000) == "http://[::1]:8000/"


def test_workers_build_the_app_from_the_settings_they_were_given(
    uvicorn_calls: list[dict[str, Any]], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in asgi.settings_environment(Settings()):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(cli, ["--database-url", database_url, "serve", "--workers", "2"])
    assert result.exit_code == 0, result.output
    [call] = uvicorn_calls
    assert (call["app"], call["factory"], call["workers"]) == (asgi.FACTORY, True, 2)
    built = asgi.app_from_environment()  # as each worker process builds it
    assert built.state.web_context.settings.database_url == database_url


def test_every_setting_travels_to_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    given = Settings(database_url="sqlite:///elsewhere.db", timezone="Asia/Kolkata",
                     kpi_short_abandon_seconds=3.5, kpi_csat_top_boxes=1,
                     business_hours="mon-sun 00:00-24:00")  # fmt: skip
    for name, value in asgi.settings_environment(given).items():
        monkeypatch.setenv(name, value)
    assert Settings() == given


def test_worker_connections_send_at_once_without_nagles_delay() -> None:
    """uvicorn binds its workers' listening socket with protocol number 0, so asyncio leaves
    Nagle's algorithm on; the protocol turns it off on each connection it is given."""
    config = uvicorn.Config(app=FastAPI(), http=asgi.HTTP_PROTOCOL)
    config.load()
    states: list[int] = []

    async def accept_one() -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # proto 0, as uvicorn's
        listener.bind(("127.0.0.1", 0))

        def protocol() -> asyncio.Protocol:
            made = config.http_protocol_class(
                config=config, server_state=ServerState(), app_state={}
            )
            original = made.connection_made

            def connection_made(transport: asyncio.Transport) -> None:
                original(transport)
                connection = transport.get_extra_info("socket")
                states.append(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

            made.connection_made = connection_made
            return made

        server = await asyncio.get_running_loop().create_server(protocol, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname())
        for _ in range(50):
            if states:
                break
            await asyncio.sleep(0.01)
        writer.close()
        server.close()

    asyncio.run(accept_one())
    assert states == [1]
