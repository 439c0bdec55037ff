"""``switchboard serve`` builds the app from the current settings and hands it to uvicorn."""

from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from typer.testing import CliRunner

from switchboard.cli import app as cli
from switchboard.web.cli import site_url


def test_serve_prints_the_url_and_runs_uvicorn(
    monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        uvicorn, "run", lambda app, **options: calls.append({"app": app, **options})
    )
    args = ["--database-url", database_url, "serve", "--host", "0.0.0.0", "--port", "8123"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Serving at http://0.0.0.0:8123/" in result.stdout
    [call] = calls
    assert isinstance(call["app"], FastAPI)
    assert (call["host"], call["port"]) == ("0.0.0.0", 8123)
    assert call["app"].state.web_context.settings.database_url == database_url


def test_serve_defaults_to_loopback_port_8000(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 0, result.output
    assert "Serving at http://127.0.0.1:8000/" in result.stdout
    assert (calls[0]["host"], calls[0]["port"]) == ("127.0.0.1", 8000)


def test_an_out_of_range_port_is_a_usage_error() -> None:
    assert CliRunner().invoke(cli, ["serve", "--port", "70000"]).exit_code == 2


def test_an_ipv6_address_is_bracketed_in_the_url() -> None:
    assert site_url("::1", 8000) == "http://[::1]:8000/"
