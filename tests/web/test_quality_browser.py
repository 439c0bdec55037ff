"""The quality pages in Debian's Chromium, as the issue's acceptance asks: building a scorecard
(a section and questions added without script, a critical question, published), scoring a
contact with an auto-fail (a fail-all question answered No: overall 0 and the banner naming
the question), and a dispute round trip (the agent disputes, an arbitrator upholds it with a
corrected answer, the agent sees the new score and the history). No console error, a CSP
violation among them. Each page leaves a screenshot in test-artifacts/.

The store is the access tests' organisation on SQLite (tests/web/test_page_matrix.py) with the
published scorecard and evaluations of tests/web/test_quality_pages.py.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from switchboard.app import create_app
from tests.browser import chromium, sign_in_through_form
from tests.web.conftest import CHEAP, PASSWORD
from tests.web.live_server import serving
from tests.web.test_page_matrix import Store, store
from tests.web.test_quality_pages import AUTO_FAIL, Quality, seed

__all__ = ["store"]
pytestmark = pytest.mark.parametrize("store", ["sqlite"], indirect=True)

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
REFUSED_FORM = "status of 422 (Unprocessable Entity)"


@pytest.fixture(scope="module")
def quality(store: Store) -> Quality:
    return seed(store.engine, store.org)


@pytest.fixture(scope="module")
def served(store: Store, quality: Quality) -> Iterator[str]:
    with serving(create_app(store.settings, password_hasher=CHEAP)) as base:
        yield base


@pytest.fixture(scope="module")
def browser(served: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        found = playwright.chromium.launch(executable_path=str(chromium()))
        yield found
        found.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    opened = context.new_page()
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert [e for e in errors if not e.endswith(REFUSED_FORM)] == []


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"quality-{name}.png"), full_page=True)


def fill_question(page: Page, row: str, text: str, key: str) -> None:
    page.locator(f"#{row}-text").fill(text)
    page.locator(f"#{row}-key").fill(key)


def test_a_quality_analyst_builds_a_scorecard_with_a_critical_question_and_publishes_it(
    served: str, page: Page
) -> None:
    sign_in_through_form(page, served, "quinn", PASSWORD)
    page.goto(served + "/quality/scorecards")
    page.get_by_role("link", name="Build a new scorecard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New scorecard")
    page.locator("#name").fill("Complaints (voice)")
    page.locator("#pass_mark").fill("75")
    page.locator("#sections-0-title").fill("Opening")
    page.locator("#sections-0-key").fill("opening")
    fill_question(page, "sections-0-questions-0", "Completed ID&V before disclosure", "idv")
    page.locator("#sections-0-questions-0-critical").select_option("fail_all")
    page.locator("#sections-0-questions-0-compliance").check()
    page.locator("#sections-0-questions-0-allow_na").uncheck()
    page.get_by_role("button", name="Add question to section 1").click()
    expect(page.locator("#sections-0-questions-0-text")).to_have_value(
        "Completed ID&V before disclosure")  # fmt: skip
    fill_question(page, "sections-0-questions-1", "Logged the complaint correctly", "logged")
    page.locator("#sections-0-questions-1-answer_type").select_option("choice")
    page.locator("#sections-0-questions-1-choices").fill(
        "Logged = 2\nLate = 1\nNot logged = 0 !fails"
    )
    page.get_by_role("button", name="Add section").click()
    page.locator("#sections-1-title").fill("Close")
    page.locator("#sections-1-key").fill("close")
    fill_question(page, "sections-1-questions-0", "Empathy shown", "empathy")
    page.locator("#sections-1-questions-0-answer_type").select_option("scale")
    page.locator("#sections-1-questions-0-scale_min").fill("1")
    page.locator("#sections-1-questions-0-scale_max").fill("1")
    page.get_by_role("button", name="Publish").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Section 2, question 1, scale max: must be more than scale_min")
    summary.get_by_role("link").first.click()
    expect(page.locator("#sections-1-questions-0-scale_max")).to_be_focused()
    shoot(page, "builder-refused")
    page.locator("#sections-1-questions-0-scale_max").fill("5")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complaints (voice), version 1")
    main = page.locator("main")
    expect(main).to_contain_text("Published")
    expect(main).to_contain_text("a failing answer fails the whole evaluation")
    expect(main).to_contain_text("Not logged = 0 !fails")
    shoot(page, "scorecard-version")


def test_a_fail_all_question_answered_no_scores_the_evaluation_0_and_names_it(
    served: str, page: Page, quality: Quality, store: Store
) -> None:
    sign_in_through_form(page, served, "quinn", PASSWORD)
    page.goto(served + "/quality")
    page.locator("#find-interaction").fill(str(store.org.interactions["bob"]))
    page.get_by_role("button", name="Open the evaluation form").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Score contact")
    picker = page.locator("#scorecard-picker")
    # The builder test publishes a second scorecard when it runs first on this worker; with
    # one scorecard the form has no picker and uses it.
    if picker.count():
        picker.select_option(str(quality.scorecard_id))
        page.get_by_role("button", name="Use this scorecard").click()
    for key, value in AUTO_FAIL.items():
        page.locator(f'input[name="answer-{key}"][value="{value}"]').check()
    page.locator("#a-idv-comment").fill("Gave the balance before ID&V")
    shoot(page, "evaluation-form")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Evaluation of")
    banner = page.locator(".alert")
    expect(banner).to_contain_text("AUTO-FAIL")
    expect(banner).to_contain_text("Completed ID&V before disclosing anything")
    expect(page.locator("#overall-score")).to_have_text("0.0 out of 100")
    expect(page.locator("#compliance-score")).to_have_text("0.0 out of 100")
    shoot(page, "evaluation-auto-fail")


def test_a_dispute_goes_from_the_agent_to_the_arbitrator_and_back_with_a_new_score(
    served: str, browser: Browser, page: Page, quality: Quality
) -> None:
    sign_in_through_form(page, served, "ann", PASSWORD)
    page.goto(served + "/my-evaluations")
    page.get_by_role("link", name=f"Evaluation {quality.evaluations['ann']}").click()
    before = page.locator("#overall-score").inner_text()
    page.locator("#dispute-reason").fill("I read the script greeting word for word")
    page.get_by_label("Greeted the customer with the brand greeting").check()
    page.get_by_role("button", name="Dispute").click()
    expect(page.locator("main")).to_contain_text("Waiting for an arbitrator")
    shoot(page, "disputed")
    arbitrator = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in_through_form(arbitrator, served, "meg", PASSWORD)
    arbitrator.goto(served + "/quality/disputes")
    arbitrator.get_by_role("link", name=f"Evaluation {quality.evaluations['ann']}").click()
    arbitrator.get_by_label("Upheld: the agent was right; correct the answers below").check()
    arbitrator.locator("#resolve-reason").fill("The recording has the greeting; empathy was fine")
    arbitrator.locator('#fix-empathy input[value="5"]').check()
    shoot(arbitrator, "resolve")
    arbitrator.get_by_role("button", name="Resolve dispute").click()
    expect(arbitrator.locator("main")).to_contain_text("Upheld, by")
    arbitrator.context.close()
    page.reload()
    after = page.locator("#overall-score").inner_text()
    assert after != before
    history = page.locator("#score-history")
    expect(history).to_contain_text("Dispute resolved")
    expect(history).to_contain_text("The recording has the greeting")
    shoot(page, "dispute-resolved")
