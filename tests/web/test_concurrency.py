"""One server process under concurrent load: a few threads run the work, a bounded number of
requests are admitted at once, and no admitted request waits for a thread, a connection or a
lock that only a waiting request could give back."""

import asyncio

import anyio
import httpx2 as httpx
from anyio import to_thread
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from switchboard.app import create_app
from switchboard.auth import service as auth_service
from switchboard.config import Settings
from switchboard.db.engine import unit_of_work
from switchboard.people.models import Role
from switchboard.web.admission import Admission
from tests.web.conftest import CHEAP, PASSWORD, csrf_field, make_user
from tests.web.live_server import serving

PEOPLE = 24


def test_the_thread_pool_has_as_many_threads_as_the_setting(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"web_threads": 3}), password_hasher=CHEAP)
    with TestClient(app) as client:  # the lifespan sizes the pool of the server's event loop
        tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == 3


def test_admission_lets_in_at_most_its_limit_at_once_and_everyone_in_turn() -> None:
    admission = Admission(limit=3)
    inside, most, order = 0, 0, list[int]()

    async def unit_of_work(n: int) -> None:
        nonlocal inside, most
        async with admission.place():
            inside += 1
            most = max(most, inside)
            order.append(n)
            await anyio.sleep(0.01)
            inside -= 1

    async def ten_at_once() -> None:
        async with anyio.create_task_group() as group:
            for n in range(10):
                group.start_soon(unit_of_work, n)

    anyio.run(ten_at_once)
    assert most == 3
    assert order == list(range(10))  # first come, first served


def test_sign_ins_and_api_reads_all_finish_with_a_single_thread(
    settings: Settings, engine: Engine
) -> None:
    """With one thread, every sign-in's commit and every API read's audit row must still find
    a thread and a connection: a sign-in's transaction holds the store's write lock until its
    commit, which the next sign-in waits for on the only thread; and 24 requests at once would
    hold more connections than the pool has if all were let in. Either used to stall for the
    30 s of SQLite's busy timeout or the pool's."""
    names = [f"person{n}" for n in range(PEOPLE)]
    for name in names:
        make_user(engine, name, Role.ADMIN)
    with unit_of_work(engine) as session:
        bearer = {
            name: auth_service.create_api_token(
                session=session, user=auth_service.get_user(session=session, username=name),
                name="test",
            ).token
            for name in names
        }  # fmt: skip
    app = create_app(settings.model_copy(update={"web_threads": 1}), password_hasher=CHEAP)

    async def person(url: str, name: str) -> tuple[int, int]:
        async with httpx.AsyncClient(base_url=url, timeout=20) as client:
            form = await client.get("/sign-in")
            data = {"username": name, "password": PASSWORD, "csrf_token": csrf_field(form.text)}
            signed_in = await client.post("/sign-in", data=data, follow_redirects=False)
            headers = {"Authorization": f"Bearer {bearer[name]}"}
            people = await client.get("/api/v1/people", headers=headers)
            return signed_in.status_code, people.status_code

    async def everyone(url: str) -> list[tuple[int, int]]:
        return await asyncio.gather(*(person(url, name) for name in names))

    with serving(app) as url:
        answers = asyncio.run(everyone(url))
    assert answers == [(303, 200)] * PEOPLE
