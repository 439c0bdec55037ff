"""``switchboard demo --serve``: the demo, then the web app on its store, as ``make demo`` runs it."""

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx2 as httpx
import pytest
from typer.testing import CliRunner

from switchboard.cli import app
from tests.democentre.test_cli import assert_sign_ins_table

runner = CliRunner()
STARTUP_SECONDS = 60  # generous: the command loads SciPy, FastAPI and the demo's report first


def test_demo_serve_prints_the_url_after_the_sign_ins_then_serves_until_ctrl_c(
    tmp_path: Path,
) -> None:
    url, data = f"sqlite:///{tmp_path / 'store.db'}", tmp_path / "demo"
    generate = ["--database-url", url, "demo", "generate", "--weeks", "1", "--agents", "3",
                "--data-dir", str(data)]  # fmt: skip
    assert runner.invoke(app, generate).exit_code == 0  # so `demo` finds the centre present
    port = _free_port()
    command = [sys.executable, "-m", "switchboard", "--database-url", url, "demo",
               "--data-dir", str(data), "--serve", "--port", str(port)]  # fmt: skip
    with _running(command, tmp_path) as lines:
        before = _read_until(lines, f"Open http://127.0.0.1:{port}/ and sign in as any user")
        uvicorn_log = _read_until(lines, f"Uvicorn running on http://127.0.0.1:{port}")
        response = httpx.get(f"http://127.0.0.1:{port}/sign-in", timeout=10)
    assert response.status_code == 200
    assert "already holds the demo centre" in before
    assert_sign_ins_table(before)
    assert before.rstrip().endswith("Ctrl-C stops the server.")
    assert all(line.startswith("INFO:") for line in uvicorn_log.splitlines())


def test_demo_serve_refuses_a_busy_port_before_touching_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        args = ["--database-url", f"sqlite:///{store}", "demo", "--serve", "--port", str(port)]
        result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert f"--port {port + 1} (make demo PORT={port + 1})" in result.stderr
    assert not store.exists()


def test_only_plain_demo_serves() -> None:
    result = runner.invoke(app, ["demo", "--serve", "generate"])
    assert result.exit_code == 2
    assert "only plain `switchboard demo` serves" in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def _running(command: list[str], cwd: Path) -> Iterator[queue.Queue[str | None]]:
    """Run ``command``, yielding its output (stdout and stderr) line by line, None at the end;
    then stop it with Ctrl-C (SIGINT) and expect a clean exit."""
    env = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
    with subprocess.Popen(command, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT) as process:  # fmt: skip
        lines: queue.Queue[str | None] = queue.Queue()
        assert process.stdout is not None
        reader = threading.Thread(target=_forward, args=(process.stdout, lines), daemon=True)
        reader.start()
        try:
            yield lines
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            finally:
                process.kill()  # a no-op once it has exited
                reader.join(timeout=5)
    assert process.returncode == 0


def _forward(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _read_until(lines: queue.Queue[str | None], text: str) -> str:
    """The output up to and including the first line holding ``text``; fails on a timeout or
    on the end of the output, showing what came."""
    seen: list[str] = []
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            pytest.fail(f"no {text!r} within {STARTUP_SECONDS} s; output:\n{''.join(seen)}")
        if line is None:
            pytest.fail(f"the command ended before {text!r}; output:\n{''.join(seen)}")
        seen.append(line)
        if text in line:
            return "".join(seen)
