"""Each role in Debian's Chromium: it signs in, finds its dashboards linked from home and opens
each (a screenshot in test-artifacts/ of each view that differs by role), and no page logs a
console error (a CSP violation among them). Then a locked account and forged forms, as a
browser meets them.

One server and one browser serve the whole module. The server runs on a copy of the shared demo
centre (SQLite), so the lock and the sign-ins here never touch the store other tests read.
"""

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright
from sqlalchemy import Engine, select

from switchboard.app import create_app
from switchboard.audit.models import AuditAction
from switchboard.auth import service as auth_service
from switchboard.auth.models import UserCredential
from switchboard.auth.policy import LOCK_AFTER_FAILURES, LOCK_DURATION
from switchboard.config import Settings
from switchboard.db.engine import make_engine, unit_of_work
from switchboard.kit.clock import utcnow
from switchboard.people.models import User
from tests.browser import chromium, submit_sign_in
from tests.web import dashboard_centre
from tests.web.conftest import CHEAP, audited
from tests.web.dashboard_centre import PASSWORDS, DemoStore
from tests.web.live_server import serving

# The shared demo centre's fixture, in this module's namespace so that pytest finds it.
demo_store = dashboard_centre.demo_store
pytestmark = pytest.mark.parametrize("demo_store", ["sqlite"], indirect=True)

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
TIMEZONE = "Europe/London"
CHART_TIMEOUT_MS = 15_000
"""Plotly parses and draws in a few hundred milliseconds, or seconds on a busy CI machine."""
LOCKED_USER = "teamleader-digital"
"""Locked by the lock test; no other test here signs in as this user."""

# dashboard link on the home page → its address and the start of its page's heading
DASHBOARDS = {
    "My performance": ("/my-performance", "My performance"),
    "My team": ("/team", "Team "),
    "Centre overview": ("/overview", "Centre overview"),
    "Live view": ("/live", "Live view"),
    "My development": ("/my-development", "My development"),
    "Team development": ("/team-development", "Team development"),
    "My evaluations": ("/my-evaluations", "My evaluations"),
    "Quality": ("/quality", "Quality worklist"),
    "Team evaluations": ("/quality/team", "Team evaluations"),
    "Disputes": ("/quality/disputes", "Disputes"),
}
# demo user → the dashboards linked from their home page, in the page's order
LINKS = {
    "agent": ["My performance", "My development", "My evaluations"],
    "teamleader": [
        "My team",
        "Centre overview",
        "Live view",
        "Team development",
        "Team evaluations",
    ],
    "qa": ["Quality"],
    "planner": ["Centre overview", "Live view"],
    "manager": [
        "My team",
        "Centre overview",
        "Live view",
        "Team development",
        "Team evaluations",
        "Disputes",
    ],
    "compliance": ["Team evaluations"],
    "admin": ["My team", "Centre overview", "Live view", "Team development", "Quality"],
}
SHOTS = {
    ("agent", "My performance"),
    ("teamleader", "My team"),  # one team, no picker
    ("manager", "My team"),  # every team at the site, with a picker (as the admin's)
    ("manager", "Centre overview"),  # figures link to contacts (as the team leader's, admin's)
    ("planner", "Centre overview"),  # figures without links: planners see no contacts
    ("teamleader", "Live view"),  # counts only, the same for every role that has it
}
"""A screenshot of each dashboard as each role sees it, where roles see it differently."""


@dataclass(frozen=True)
class Served:
    base: str
    engine: Engine


@dataclass
class Tab:
    page: Page
    base: str
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)


@pytest.fixture(scope="module")
def served(demo_store: DemoStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app on a private copy of the demo centre; SQLite's backup copies what is still in
    the write-ahead log too."""
    path = tmp_path_factory.mktemp("browser-roles") / "demo.db"
    source = sqlite3.connect(demo_store.url.removeprefix("sqlite:///"))
    copy = sqlite3.connect(path)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    with unit_of_work(engine) as session:
        # Hashed cheaply, as this app hashes, so that each sign-in (a dozen for the lock) is quick.
        for user in session.scalars(select(User).where(User.username.in_(PASSWORDS))):
            auth_service.set_password(
                session=session, user=user, password=PASSWORDS[user.username], hasher=CHEAP
            )
    app = create_app(Settings(database_url=url, timezone=TIMEZONE), password_hasher=CHEAP)
    with serving(app) as base:
        yield Served(base, engine)
    engine.dispose()


@pytest.fixture(scope="module")
def browser_context() -> Iterator[BrowserContext]:
    """One browser and one context for the module: its cache keeps plotly.js parsed between
    pages. Each test starts from no cookies."""
    executable = chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable))
        yield browser.new_context(viewport={"width": 1366, "height": 768})
        browser.close()


@pytest.fixture
def tab(browser_context: BrowserContext, served: Served) -> Iterator[Tab]:
    """A page, signed out, that records console errors."""
    browser_context.clear_cookies()
    tab = Tab(browser_context.new_page(), served.base)
    tab.page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    yield tab
    tab.page.close()


def sign_in(tab: Tab, username: str, password: str) -> None:
    tab.goto("/sign-in")
    sign_in_here(tab.page, username, password)


def sign_in_here(page: Page, username: str, password: str) -> None:
    submit_sign_in(page, username, password)


def shoot(tab: Tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / f"role-{name}.png"), full_page=True)


@pytest.mark.parametrize("username", list(LINKS))
def test_each_role_signs_in_and_opens_the_dashboards_its_home_page_links(
    tab: Tab, username: str
) -> None:
    sign_in(tab, username, PASSWORDS[username])
    tab.page.wait_for_url(tab.base + "/")
    dashboards = tab.page.locator("ul.dashboards a")
    expect(dashboards).to_have_text(LINKS[username])
    if not LINKS[username]:
        expect(tab.page.get_by_text("Your role has no dashboard yet")).to_be_visible()
    for title in LINKS[username]:
        path, heading = DASHBOARDS[title]
        tab.goto("/")
        tab.page.get_by_role("link", name=title, exact=True).click()
        tab.page.wait_for_url(tab.base + path)  # the page loaded, within the navigation timeout
        expect(tab.page.get_by_role("heading", level=1)).to_contain_text(heading)
        if (username, title) in SHOTS:
            if tab.page.locator(".plot").count():
                plot = tab.page.locator(".plot svg.main-svg").first
                expect(plot).to_be_visible(timeout=CHART_TIMEOUT_MS)
            shoot(tab, f"{username}{path.replace('/', '-')}")
    assert tab.errors == []


def test_ten_failed_sign_ins_lock_the_account_even_against_the_right_password(
    tab: Tab, served: Served
) -> None:
    alert = tab.page.get_by_role("alert")
    locks_before = len(audited(served.engine, AuditAction.ACCOUNT_LOCKED))
    tab.goto("/sign-in")
    for attempt in range(1, LOCK_AFTER_FAILURES):
        # A refusal answers with the form again, ready for the next try.
        sign_in_here(tab.page, LOCKED_USER, f"not the password {attempt}")
        expect(alert).to_have_text("Wrong username or password.")
    sign_in_here(tab.page, LOCKED_USER, "not the password, once more")
    expect(alert).to_contain_text("This account is locked after too many failed sign-ins.")
    with tab.page.expect_response(lambda r: r.request.method == "POST") as answer:
        sign_in_here(tab.page, LOCKED_USER, PASSWORDS[LOCKED_USER])
    assert answer.value.status == 423
    until = locked_until(served.engine, LOCKED_USER)
    assert LOCK_DURATION - timedelta(minutes=1) < until - utcnow() <= LOCK_DURATION
    local = until.astimezone(ZoneInfo(TIMEZONE))
    expect(alert).to_have_text(
        "This account is locked after too many failed sign-ins. Try again after "
        f"{local:%H:%M} on {local.day} {local:%B %Y} ({TIMEZONE})."
    )
    expect(tab.page).to_have_url(tab.base + "/sign-in")
    shoot(tab, "locked-account")
    [lock] = audited(served.engine, AuditAction.ACCOUNT_LOCKED)[locks_before:]
    assert lock.details == {"minutes": 30}
    # The browser logs each refused sign-in (401, then 423); nothing else may go wrong.
    assert [e for e in tab.errors if not e.startswith("Failed to load resource")] == []


def locked_until(engine: Engine, username: str) -> datetime:
    with unit_of_work(engine) as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        until = session.get_one(UserCredential, user.id).locked_until
    assert until is not None
    return until if until.tzinfo else until.replace(tzinfo=UTC)


def test_a_sign_out_form_with_a_forged_token_is_refused(tab: Tab, served: Served) -> None:
    sign_in(tab, "planner", PASSWORDS["planner"])
    tab.page.wait_for_url(tab.base + "/")
    before = len(audited(served.engine, AuditAction.PERMISSION_DENIED))
    tab.page.evaluate(
        """document.querySelector('form[action="/sign-out"] input[name="csrf_token"]')
                   .value = 'forged'"""
    )
    with tab.page.expect_response(lambda r: r.request.method == "POST") as answer:
        tab.page.get_by_role("button", name="Sign out").click()
    assert answer.value.status == 403
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, that did not work (error 403)"
    )
    expect(tab.page.get_by_role("alert")).to_contain_text(
        "This form has expired or did not come from Switchboard"
    )
    shoot(tab, "csrf-refused")
    refusals = audited(served.engine, AuditAction.PERMISSION_DENIED)[before:]
    assert [row.details for row in refusals] == [{"reason": "csrf", "method": "post"}]
    tab.goto("/")  # nothing happened: still signed in
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Welcome, Owen Marsh")


def test_a_sign_in_form_without_its_token_is_refused(tab: Tab, served: Served) -> None:
    before = len(audited(served.engine, AuditAction.PERMISSION_DENIED))
    tab.goto("/sign-in")
    tab.page.evaluate("""document.querySelector('input[name="csrf_token"]').remove()""")
    with tab.page.expect_response(lambda r: r.request.method == "POST") as answer:
        sign_in_here(tab.page, "admin", PASSWORDS["admin"])
    assert answer.value.status == 403
    refusals = audited(served.engine, AuditAction.PERMISSION_DENIED)[before:]
    assert [(row.actor_user_id, row.details) for row in refusals] == [
        (None, {"reason": "csrf", "method": "post"})
    ]
    tab.goto("/")
    expect(tab.page).to_have_url(tab.base + "/sign-in")  # not signed in
