"""The web benchmark's store and server: the demo centre cached once, a fresh copy per run with an
API token per client, and ``switchboard serve`` in a child process on a free loopback port."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx2
from sqlalchemy import func, select

from switchboard.auth import service as auth_service
from switchboard.config import Settings
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.interactions.models import AgentStateInterval, Interaction

CACHE = Path(__file__).parent / "out" / "web"  # /benchmarks/out/ is git-ignored
EXCEPTION = re.compile(r"^[\w.]+(Error|Exception|Exit)\b")
SWITCHBOARD = str(Path(sys.executable).parent / "switchboard")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def demo_store(*, fresh: bool) -> Path:
    """The default demo centre (8 weeks, 60 agents, its demo users), generated on first use and
    kept: the copy each run works on starts from it, so runs do not see each other's sessions."""
    pristine = CACHE / "demo.db"
    if pristine.exists() and not fresh:
        return pristine
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = CACHE / "demo.db.partial"
    partial.unlink(missing_ok=True)
    print(f"generating the demo centre into {pristine} (about two minutes) ...", flush=True)
    with tempfile.TemporaryDirectory() as data_dir:
        command = [SWITCHBOARD, "--database-url", sqlite_url(partial), "demo", "generate",
                   "--data-dir", data_dir]  # fmt: skip
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    partial.replace(pristine)
    return pristine


@dataclass(frozen=True)
class Period:
    """Dates the pages and API calls ask about: the store's last full week and a day in it."""

    monday: date
    sunday: date
    day: date


def store_summary(url: str, timezone: str) -> tuple[Period, str]:
    engine = make_engine(url)
    try:
        with unit_of_work(engine) as session:
            contacts, last = session.execute(
                select(func.count(), func.max(Interaction.arrived_at))
            ).one()
            states = session.scalar(select(func.count()).select_from(AgentStateInterval))
    finally:
        engine.dispose()
    last_day = _local_day(last, timezone)
    monday = last_day - timedelta(days=last_day.weekday())
    period = Period(monday, monday + timedelta(days=6), monday + timedelta(days=1))
    return period, f"{contacts:,} interactions and {states:,} agent states up to {last_day}"


def _local_day(moment: datetime, timezone: str) -> date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(ZoneInfo(timezone)).date()


def api_tokens(url: str, usernames: Sequence[str]) -> list[str]:
    """A bearer token for each name in ``usernames`` (repeats get a token each), made through the
    service layer as ``switchboard users token`` would."""
    engine = make_engine(url)
    try:
        with unit_of_work(engine) as session:
            return [
                auth_service.create_api_token(
                    session=session,
                    user=auth_service.get_user(session=session, username=username),
                    name="web benchmark",
                ).token
                for username in usernames
            ]
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    log: Path

    def cpu_seconds(self) -> float:
        """User plus system CPU time the server has used so far: its process and, with
        ``--workers``, the worker processes it started."""
        return sum(_cpu_seconds(pid) for pid in (self.pid, *_children(self.pid)))


def _stat(pid: int) -> list[str]:
    """/proc/PID/stat's fields after the command name (which may hold spaces)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_seconds(pid: int) -> float:
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError):  # the process ended while we looked
                continue
    return found


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy since boot, all cores together (/proc/stat)."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(url: str, folder: Path, workers: int) -> Iterator[Server]:
    """``switchboard serve`` on ``url``'s store until the block ends; its log goes to a file."""
    port, log = free_port(), folder / "server.log"
    command = [SWITCHBOARD, "--database-url", url, "serve", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers)]  # fmt: skip
    with log.open("w") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", child.pid, log)
    try:
        _wait_until_answering(server, child)
        yield server
    finally:
        child.terminate()  # uvicorn shuts down gracefully on SIGTERM
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        shutil.copyfile(log, CACHE / "server.log")


def server_errors(log: Path) -> Counter[str]:
    """Requests the server failed with an exception, by the first (innermost) exception of each
    traceback: its type and message."""
    found: Counter[str] = Counter()
    failing = False
    for line in log.read_text().splitlines():
        if line.startswith("ERROR:") and "Exception in ASGI application" in line:
            failing = True
        elif failing and EXCEPTION.match(line):
            found[line[:200]] += 1
            failing = False
    return found


def _wait_until_answering(server: Server, child: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if child.poll() is not None:
            sys.exit(f"switchboard serve exited ({child.returncode}):\n{server.log.read_text()}")
        try:
            if httpx2.get(f"{server.url}/sign-in", timeout=2).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.2)
    sys.exit(f"switchboard serve did not answer within 60 s:\n{server.log.read_text()}")


def working_copy(pristine: Path, folder: Path) -> str:
    copy = folder / "web.db"
    shutil.copyfile(pristine, copy)
    return sqlite_url(copy)


def timezone() -> str:
    return Settings().timezone
