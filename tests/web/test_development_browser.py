"""The development pages in Debian's Chromium, as the issue's acceptance asks: an agent's vague
goal refused with its Specific finding and a SMART one saved, a team leader's SBI feedback and a
GROW coaching session, with no console error (a CSP violation among them). Each page leaves a
screenshot in test-artifacts/.

The store is the access tests' organisation (tests/web/test_page_matrix.py), on SQLite, with a
team goal for A1 that the agent's goal serves. One browser serves the module.
"""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy.orm import sessionmaker

from switchboard.access.service import load_viewer
from switchboard.app import create_app
from switchboard.goals import service as goal_service
from switchboard.goals.checking import Reading
from switchboard.goals.models import Level
from switchboard.goals.schemas import GoalCreate
from switchboard.kpis.params import kpi_settings
from tests.browser import chromium, sign_in_through_form
from tests.web.conftest import CHEAP, PASSWORD
from tests.web.live_server import serving
from tests.web.test_page_matrix import AGENT_NAMES, Store, store

__all__ = ["store"]
pytestmark = pytest.mark.parametrize("store", ["sqlite"], indirect=True)

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
ANN = AGENT_NAMES["ann"]
REFUSED_FORM = "status of 422 (Unprocessable Entity)"


@pytest.fixture(scope="module")
def served(store: Store) -> Iterator[str]:
    with sessionmaker(store.engine, expire_on_commit=False)() as db:
        viewer = load_viewer(session=db, user=store.org.users["lee"])
        reading = Reading(kpi_settings(store.settings), store.settings.timezone, date.today())
        goal_in = GoalCreate(level=Level.TEAM, team_id=store.org.teams["A1"],
                             title="Resolve more complaints first time")  # fmt: skip
        goal_service.create(session=db, viewer=viewer, goal_in=goal_in, reading=reading)
        db.commit()
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
    opened = browser.new_page(viewport={"width": 1366, "height": 768})
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # A refused form answers 422 on purpose, and Chromium logs every 4xx document as an error.
    yield opened
    opened.close()
    assert [e for e in errors if not e.endswith(REFUSED_FORM)] == []


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"development-{name}.png"), full_page=True)


def fill_behaviour_goal(page: Page, behaviour: str) -> None:
    page.locator("#goal-title").fill("Complaints")
    page.get_by_label("A behaviour goal: something a colleague could see or hear").check()
    page.locator("#goal-behaviour").fill(behaviour)
    page.locator("#goal-evidence").fill("QA question 7 on five sampled calls a week")
    page.locator("#goal-deadline").fill((date.today() + timedelta(days=90)).isoformat())
    page.locator("#goal-review_date_1").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_label("Team goal it serves").select_option(
        label="Resolve more complaints first time"
    )
    page.get_by_role("button", name="Save goal").click()


def test_an_agent_s_vague_goal_is_refused_as_not_specific_and_a_smart_one_saved(
    served: str, page: Page
) -> None:
    sign_in_through_form(page, served, "ann", PASSWORD)
    page.get_by_role("link", name="My development").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My development")
    fill_behaviour_goal(page, "be better at handling complaints")
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Specific")
    expect(page.locator(".smart-findings")).to_contain_text("Specific fails")
    expect(page.locator("#goal-behaviour")).to_have_value("be better at handling complaints")
    summary.get_by_role("link").first.click()
    expect(page.locator("#goal-behaviour")).to_be_focused()
    shoot(page, "goal-refused")
    fill_behaviour_goal(page, "summarise the next steps at the end of every complaint call")
    expect(page.get_by_role("status")).to_contain_text("Goal saved: Complaints.")
    expect(page.locator("table.figures").nth(1)).to_contain_text("summarise the next steps")
    shoot(page, "my-development")


def test_a_team_leader_gives_sbi_feedback_and_records_a_grow_session(
    served: str, page: Page
) -> None:
    sign_in_through_form(page, served, "lee", PASSWORD)
    page.get_by_role("link", name="Team development").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team development")
    shoot(page, "team-development")
    page.get_by_role("link", name=ANN, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{ANN}: development")
    page.locator("#feedback-situation").fill("The refund call on Tuesday morning")
    page.locator("#feedback-behaviour").fill("You read the account number back before refunding")
    page.locator("#feedback-impact").fill("The refund went to the right account first time")
    page.locator("#feedback-event").fill("Listened in, side by side")
    page.get_by_role("button", name="Give feedback").click()
    expect(page.get_by_role("status")).to_contain_text("Feedback saved.")
    held = datetime.now().replace(microsecond=0) - timedelta(hours=2)
    page.locator("#coaching-held_at").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#coaching-kpi").select_option("aht")
    page.locator("#coaching-goal").fill("Shorter holds on billing calls")
    page.locator("#coaching-reality").fill("Holds while searching the billing screen")
    page.locator("#coaching-options").fill("Shortcuts, a crib sheet, asking a buddy")
    page.locator("#coaching-way_forward").fill("Use the billing shortcuts from Monday")
    page.locator("#coaching-action_title_1").fill("Practise the billing shortcuts")
    page.locator("#coaching-action_due_1").fill((date.today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Record session").click()
    expect(page.get_by_role("status")).to_contain_text("Coaching session recorded.")
    expect(page.locator("#coaching")).to_contain_text("Way forward")
    shoot(page, "agent")
    page.get_by_role("link", name="Prepare the one-to-one agenda").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"One-to-one with {ANN}")
    expect(page.locator("main")).to_contain_text("Practise the billing shortcuts")
    shoot(page, "one-to-one")
