"""One real browser: Debian's Chromium signs in through the form, sees the home page, signs out.

uvicorn serves the app on a free loopback port in a background thread; the store is SQLite only,
so the browser runs once rather than once per backend.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from switchboard.app import create_app
from switchboard.config import Settings
from switchboard.db.engine import make_engine
from tests.browser import chromium
from tests.web.conftest import CHEAP, PASSWORD, make_user
from tests.web.live_server import serving


@pytest.fixture
def served(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    """The app's base URL, with alice able to sign in."""
    path = tmp_path / "browser.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    make_user(engine)
    engine.dispose()
    app = create_app(Settings(database_url=url), password_hasher=CHEAP)
    with serving(app) as base:
        yield base


def test_a_browser_signs_in_sees_the_home_page_and_signs_out(served: str) -> None:
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium()))
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(served + "/")
            expect(page).to_have_url(served + "/sign-in")
            page.get_by_label("Username").fill("alice")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page).to_have_url(served + "/")
            expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Alice Example")
            expect(page.get_by_text("Team leader").first).to_be_visible()
            page.get_by_role("button", name="Sign out").click()
            expect(page.get_by_role("status")).to_have_text("You have signed out.")
            page.goto(served + "/")
            expect(page).to_have_url(served + "/sign-in")
        finally:
            browser.close()
    assert errors == []  # among them, any Content-Security-Policy violation
