"""The dashboards in Debian's Chromium: Plotly draws under the strict CSP with no console error,
a drill-down link opens its list, and each dashboard leaves a screenshot in test-artifacts/."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from switchboard.app import create_app
from tests.browser import chromium, sign_in_through_form
from tests.web import dashboard_centre
from tests.web.conftest import CHEAP
from tests.web.dashboard_centre import PASSWORDS, DemoStore
from tests.web.live_server import serving

# The shared demo centre's fixtures, in this module's namespace so that pytest finds them.
demo_store = dashboard_centre.demo_store


ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"


@pytest.fixture
def served(demo_store: DemoStore) -> Iterator[str]:
    app = create_app(demo_store.settings, password_hasher=CHEAP)
    with serving(app) as base:
        yield base


def sign_in(page: Page, base: str, username: str) -> None:
    sign_in_through_form(page, base, username, PASSWORDS[username])


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)


@pytest.mark.parametrize("demo_store", ["sqlite"], indirect=True)
def test_dashboards_draw_their_charts_and_drill_down_in_a_browser(served: str) -> None:
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium()))
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.on(
                "console",
                lambda m: errors.append(m.text) if m.type == "error" else None,
            )
            sign_in(page, served, "agent")
            page.get_by_role("link", name="My performance").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("My performance")
            expect(page.locator("#trend-aht svg.main-svg").first).to_be_visible()
            shoot(page, "my-performance")
            page.locator("a.figure-link").nth(1).click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Interactions")
            expect(page.locator("table.figures tbody tr").first).to_be_visible()
            shoot(page, "interactions")
            page.context.clear_cookies()
            sign_in(page, served, "manager")
            page.goto(served + "/overview")
            expect(page.locator("#service-level-by-queue svg.main-svg").first).to_be_visible()
            shoot(page, "overview")
            page.goto(served + "/live")
            expect(page.get_by_role("heading", level=1)).to_have_text("Live view")
            page.wait_for_timeout(5500)  # one refresh from /live.json
            expect(page.locator('[data-live="status"]')).to_have_text("")
            shoot(page, "live")
        finally:
            browser.close()
    assert errors == []  # among them, any Content-Security-Policy violation
