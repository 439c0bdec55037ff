"""A small demo centre for the dashboard tests: built once per backend per run, then only read.

One week (Mon 16 to Sat 21 Nov 2026) of ten agents, the demo's people (a user per role) and the
demo's targets. On PostgreSQL it lives in a schema of its own, which the other tests' per-test
emptying of the shared schema never touches.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from switchboard.app import create_app
from switchboard.config import Settings
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.db.migrate import upgrade
from switchboard.demo import DEMO_TARGETS
from switchboard.democentre.generate import DemoRequest, generate
from switchboard.democentre.loading import load_files
from switchboard.democentre.signins import DEMO_SIGN_INS, OTHER_TEAM_LEADERS, set_up_people
from switchboard.kpis import targets as target_service
from tests.conftest import BACKENDS, postgres_schema
from tests.web.conftest import CHEAP, sign_in

SMALL = DemoRequest(weeks=1, agents=10, seed=2, today=date(2026, 11, 25))
DATA_WEEK = date(2026, 11, 16)
PASSWORDS = {s.username: s.password for s in (*DEMO_SIGN_INS, *OTHER_TEAM_LEADERS)}


@dataclass(frozen=True)
class DemoStore:
    url: str
    agent_names: dict[int, str]
    """Every agent's display name by id."""

    @property
    def settings(self) -> Settings:
        return Settings(database_url=self.url, timezone="Europe/London")


def _fill(url: str, folder: Path) -> DemoStore:
    settings = Settings(database_url=url, timezone="Europe/London")
    engine = make_engine(url)
    generated = generate(SMALL, folder)
    load_files(engine, generated.files, settings)
    with unit_of_work(engine) as session:
        set_up_people(session=session, staff=generated.centre.staff, timezone="Europe/London")
        for kpi, (green, amber) in DEMO_TARGETS.items():
            target_service.set_target(session=session, kpi=kpi, green=green, amber=amber)
    with engine.connect() as connection:
        names = dict(connection.execute(text("SELECT id, display_name FROM agents")).all())
    engine.dispose()
    return DemoStore(url, names)


@pytest.fixture(scope="session", params=BACKENDS)
def demo_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoStore]:
    folder = tmp_path_factory.mktemp(f"demo-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'demo.db'}"
        upgrade(url)
        yield _fill(url, folder / "files")
        return
    with postgres_schema("sb_demo") as url:
        yield _fill(url, folder / "files")


@pytest.fixture
def demo_client(demo_store: DemoStore) -> Iterator[TestClient]:
    app = create_app(demo_store.settings, password_hasher=CHEAP)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def signed_in_as(client: TestClient, username: str) -> TestClient:
    response = sign_in(client, username, PASSWORDS[username])
    assert response.status_code == 303, response.text
    return client
