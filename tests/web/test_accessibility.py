"""Every kind of page against WCAG 2.2 AA in Debian's Chromium: the sign-in form, home, each
dashboard with its charts drawn and its folded tables opened, a drill-down list and an error page.

- axe-core checks each page at 1366 pixels wide with the WCAG 2.0 to 2.2 A and AA rules and its
  best practices (landmarks, heading order), then at 320 pixels the rules the width changes.
- At 320 pixels (400% zoom) nothing may need scrolling sideways (1.4.10 Reflow), except a data
  table in its own scroll box.

Any violation fails, listed with its rule, impact and the elements to fix. axe-core's script is
bundled in the ``axe-playwright-python`` package (nothing is downloaded) and Playwright injects
it through the DevTools protocol, which the strict Content-Security-Policy does not govern: the
pages are checked under the CSP they really carry, with no ``bypass_csp``.

Plotly's charts are scanned too, nothing excluded: they pass. axe leaves their SVG text's
contrast "to review", unable to see the background through the SVG; it is the charts' text
colour #2a3f5f on white, 10.6:1.

One server and one browser context serve the whole module, signed in as each user in turn.
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from switchboard.app import create_app
from tests.browser import chromium, sign_in_through_form
from tests.web import dashboard_centre
from tests.web.conftest import CHEAP
from tests.web.dashboard_centre import PASSWORDS, DemoStore
from tests.web.live_server import serving

# The shared demo centre's fixture, in this module's namespace so that pytest finds it.
demo_store = dashboard_centre.demo_store
pytestmark = pytest.mark.parametrize("demo_store", ["sqlite"], indirect=True)

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    # axe's best practices add what the WCAG tags leave to judgement: landmarks, heading order,
    # one main heading, unique landmark names.
    "runOnly": {"type": "tag", "values": [*WCAG_22_AA, "best-practice"]},
    "resultTypes": ["violations"],
}
NARROW_OPTIONS = {
    # At 320 pixels only what the width changes: a table that now scrolls in its box must take
    # the keyboard focus, and controls must keep their size. The rest was checked wide.
    "runOnly": {"type": "rule", "values": ["scrollable-region-focusable", "target-size"]},
    "resultTypes": ["violations"],
}
DESKTOP = {"width": 1366, "height": 768}
NARROW = {"width": 320, "height": 640}
"""WCAG 1.4.10 Reflow: at 320 CSS pixels (1280 at 400% zoom) nothing needs scrolling sideways,
except a data table or chart, which may scroll inside a box of its own."""
CHART_TIMEOUT_MS = 15_000
"""Plotly parses and draws in a few hundred milliseconds, or seconds on a busy CI machine."""
REFLOW_TIMEOUT_MS = 2_000
"""Plotly redraws its charts for the new width a little after the window resizes."""
CHARTS_DRAWN = "[...document.querySelectorAll('.plot')].every(p => p.querySelector('svg.main-svg'))"
OPEN_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
SIDEWAYS = """() => {
  const past = (e) => e.getBoundingClientRect().right > window.innerWidth + 1;
  const scrolls = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((e) => past(e) && !past(e.parentElement) && !scrolls(e))
    .map((e) => {
      const name = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "");
      const text = e.textContent.replace(/\\s+/g, " ").trim().slice(0, 60);
      return `${name}.${[...e.classList].join(".")} (${Math.round(e.getBoundingClientRect().right)} px): ${text}`;
    });
}"""
"""The outermost elements that stick out past the window's right edge, outside any scroll box."""

# (who is signed in, or None; address; the start of its page's heading), grouped by who
PAGES = [
    (None, "/sign-in", "Sign in"),
    ("teamleader", "/", "Welcome, "),
    ("teamleader", "/team", "Team "),
    ("teamleader", "/interactions?from=2026-11-16&to=2026-11-22&outcome=answered", "Interactions"),
    ("teamleader", "/no-such-page", "Sorry, that did not work (error 404)"),
    ("agent", "/my-performance", "My performance"),
    ("manager", "/overview", "Centre overview"),
    ("manager", "/live", "Live view"),
]


@pytest.fixture(scope="module")
def served(demo_store: DemoStore) -> Iterator[str]:
    app = create_app(demo_store.settings, password_hasher=CHEAP)
    with serving(app) as base:
        yield base


@dataclass
class Visitor:
    """One browser context for the whole module, so that plotly.js is fetched and compiled once,
    signed in as one demo user at a time."""

    context: BrowserContext
    base: str
    username: str | None = None

    def open(self, username: str | None, path: str) -> Page:
        """A new page at ``path``, signed in through the real form as ``username`` (None: signed
        out)."""
        if username != self.username:
            self.context.clear_cookies()
            if username is not None:
                sign_in(self.context.new_page(), self.base, username)
            self.username = username
        page = self.context.new_page()
        page.goto(self.base + path)
        return page


@pytest.fixture(scope="module")
def visitor(served: str) -> Iterator[Visitor]:
    executable = chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable))
        yield Visitor(browser.new_context(viewport=DESKTOP), served)
        browser.close()


def sign_in(page: Page, base: str, username: str) -> None:
    sign_in_through_form(page, base, username, PASSWORDS[username])
    page.close()


def axe_violations(page: Page, options: dict[str, Any]) -> list[dict[str, Any]]:
    violations: list[dict[str, Any]] = Axe().run(page, options=options).response["violations"]
    return violations


def sideways(page: Page) -> list[str]:
    """What makes the page scroll sideways at its current width, once Plotly has redrawn."""
    if wait_until(page, FITS, REFLOW_TIMEOUT_MS):
        return []
    found: list[str] = page.evaluate(SIDEWAYS)
    return found or ["the page scrolls sideways"]


def wait_until(page: Page, expression: str, timeout_ms: int) -> bool:
    """Poll ``expression`` from here: Playwright's ``wait_for_function`` polls through ``eval``
    inside the page, which its CSP refuses, while ``evaluate`` is exempt."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(50)
    return True


def report(violations: list[dict[str, Any]]) -> list[str]:
    """Each violation with what a developer needs to find and fix it."""
    lines = []
    for violation in violations:
        tags = ", ".join(t for t in violation["tags"] if t in {*WCAG_22_AA, "best-practice"})
        lines.append(f"{violation['id']} ({violation['impact']}; {tags}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:160]}")
            lines.append(f"    {node['failureSummary']}".replace("\n", "\n    "))
    return lines


@pytest.mark.parametrize(("username", "path", "heading"), PAGES, ids=[p[1] for p in PAGES])
def test_the_page_meets_wcag_22_aa_on_a_desktop_and_at_320_pixels(
    visitor: Visitor, username: str | None, path: str, heading: str
) -> None:
    page = visitor.open(username, path)
    try:
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert wait_until(page, CHARTS_DRAWN, CHART_TIMEOUT_MS), "a chart was not drawn"
        page.evaluate(OPEN_DETAILS)  # the tables folded under each chart are checked too
        desktop = axe_violations(page, AXE_OPTIONS)
        page.set_viewport_size(NARROW)
        narrow = sideways(page)
        narrow_violations = axe_violations(page, NARROW_OPTIONS)
    finally:
        page.close()
    problems = [
        *(["At 1366 pixels wide:", *report(desktop)] if desktop else []),
        *(["At 320 pixels wide, sticking out sideways:", *narrow] if narrow else []),
        *(["At 320 pixels wide:", *report(narrow_violations)] if narrow_violations else []),
    ]
    assert not problems, f"{path} as {username or 'nobody'}:\n" + "\n".join(problems)
