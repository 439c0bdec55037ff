"""The quality pages against WCAG 2.2 AA in Debian's Chromium, as tests/web/
test_accessibility.py checks the others: axe-core at 1366 pixels with the WCAG 2.0 to 2.2 A and
AA rules and its best practices, then at 320 pixels the rules the width changes and no sideways
scrolling (1.4.10 Reflow). A refused builder form and a refused evaluation are checked too.

The store is the access tests' organisation on SQLite with the published scorecard, the
calibration session and the evaluations of tests/web/test_quality_pages.py, and one dispute.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy.orm import sessionmaker

from switchboard.access.service import load_viewer
from switchboard.app import create_app
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.schemas import DisputeCreate
from tests.browser import chromium, sign_in_through_form
from tests.web.conftest import CHEAP, PASSWORD
from tests.web.live_server import serving
from tests.web.test_accessibility import (
    AXE_OPTIONS,
    DESKTOP,
    NARROW,
    NARROW_OPTIONS,
    axe_violations,
    report,
    sideways,
)
from tests.web.test_page_matrix import Store, store
from tests.web.test_quality_pages import Quality, seed

__all__ = ["store"]
pytestmark = pytest.mark.parametrize("store", ["sqlite"], indirect=True)


@pytest.fixture(scope="module")
def served(store: Store) -> Iterator[tuple[str, Quality]]:
    quality = seed(store.engine, store.org)
    with sessionmaker(store.engine, expire_on_commit=False)() as db:
        amy = load_viewer(session=db, user=store.org.users["amy"])
        evaluation_service.dispute(session=db, viewer=amy,
                                   evaluation_id=quality.evaluations["amy"],
                                   dispute_in=DisputeCreate(reason="I did greet them"))  # fmt: skip
        db.commit()
    with serving(create_app(store.settings, password_hasher=CHEAP)) as base:
        yield base, quality


def _open(browser: Browser, base: str, user: str, path: str) -> Page:
    page = browser.new_context(viewport=DESKTOP).new_page()
    sign_in_through_form(page, base, user, PASSWORD)
    page.goto(base + path)
    return page


@pytest.fixture(scope="module")
def pages(served: tuple[str, Quality], store: Store) -> Iterator[dict[str, Page]]:
    """Each page to check, signed in as whoever it is for, in a context of its own."""
    base, q = served
    bob = store.org.interactions["bob"]
    wanted = {
        "worklist": ("quinn", "/quality"), "scorecards": ("quinn", "/quality/scorecards"),
        "builder": ("quinn", "/quality/scorecards/new"),
        "version": ("quinn", f"/quality/scorecard-versions/{q.version_id}"),
        "evaluation form": ("quinn", f"/quality/evaluate/{bob}?scorecard={q.scorecard_id}"),
        "my evaluations": ("ann", "/my-evaluations"),
        "an evaluation to dispute": ("ann", f"/quality/evaluations/{q.evaluations['ann']}"),
        "team": ("lee", "/quality/team"), "disputes": ("meg", "/quality/disputes"),
        "a dispute to resolve": ("meg", f"/quality/evaluations/{q.evaluations['amy']}"),
        "calibration": ("quinn", "/quality/calibration"),
        "a calibration session": ("quinn", f"/quality/calibration/{q.calibration_id}"),
    }  # fmt: skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium()))
        found = {key: _open(browser, base, user, path) for key, (user, path) in wanted.items()}
        refused = _open(browser, base, "quinn", "/quality/scorecards/new")
        refused.locator("#sections-0-questions-0-weight").fill("heavy")
        refused.get_by_role("button", name="Publish").click()
        expect(refused.locator(".error-summary")).to_be_visible()
        found["a refused scorecard"] = refused
        incomplete = _open(browser, base, "quinn", wanted["evaluation form"][1])
        incomplete.get_by_role("button", name="Submit").click()
        expect(incomplete.locator(".error-summary")).to_be_visible()
        found["a refused evaluation"] = incomplete
        yield found
        browser.close()


@pytest.mark.parametrize("which", [
    "worklist", "scorecards", "builder", "version", "evaluation form", "my evaluations",
    "an evaluation to dispute", "team", "disputes", "a dispute to resolve", "calibration",
    "a calibration session", "a refused scorecard", "a refused evaluation",
])  # fmt: skip
def test_the_quality_page_meets_wcag_22_aa_on_a_desktop_and_at_320_pixels(
    pages: dict[str, Page], which: str
) -> None:
    page = pages[which]
    desktop = axe_violations(page, AXE_OPTIONS)
    page.set_viewport_size(NARROW)
    narrow = sideways(page)
    narrow_violations = axe_violations(page, NARROW_OPTIONS)
    page.set_viewport_size(DESKTOP)
    problems = [
        *(["At 1366 pixels wide:", *report(desktop)] if desktop else []),
        *(["At 320 pixels wide, sticking out sideways:", *narrow] if narrow else []),
        *(["At 320 pixels wide:", *report(narrow_violations)] if narrow_violations else []),
    ]
    assert not problems, f"{which}:\n" + "\n".join(problems)
