"""The development pages against WCAG 2.2 AA in Debian's Chromium, as tests/web/
test_accessibility.py checks the others: axe-core at 1366 pixels with the WCAG 2.0 to 2.2 A and
AA rules and its best practices, then at 320 pixels the rules the width changes and no sideways
scrolling (1.4.10 Reflow). A refused goal form, with its error summary and SMART findings, is
checked too.

The store is the access tests' organisation on SQLite (tests/web/test_page_matrix.py) with one
of each record, so that every list on the pages has something in it.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy.orm import Session, sessionmaker

from switchboard.access.service import load_viewer
from switchboard.actions import service as action_service
from switchboard.actions.schemas import ActionAgreed, ActionCreate
from switchboard.app import create_app
from switchboard.coaching import service as coaching_service
from switchboard.coaching.schemas import CoachingSessionCreate
from switchboard.domain.performance.feedback import Model, Tone
from switchboard.feedback import service as feedback_service
from switchboard.feedback.schemas import FeedbackCreate
from switchboard.goals import service as goal_service
from switchboard.goals.checking import Reading
from switchboard.goals.models import GoalKind, Level
from switchboard.goals.schemas import GoalCreate
from switchboard.improvements import service as improvement_service
from switchboard.improvements.schemas import ImprovementCreate
from switchboard.kpis.params import kpi_settings
from switchboard.reflections import service as reflection_service
from switchboard.reflections.schemas import ReflectionCreate
from switchboard.wellbeing import service as wellbeing_service
from switchboard.wellbeing.schemas import CheckInCreate
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

__all__ = ["store"]
pytestmark = pytest.mark.parametrize("store", ["sqlite"], indirect=True)

VAGUE = "be better at handling complaints"


def _seed(db: Session, store: Store) -> None:
    """One of each record about ann, as her team leader lee and she would make them."""
    org, today = store.org, date.today()
    lee = load_viewer(session=db, user=org.users["lee"])
    ann = load_viewer(session=db, user=org.users["ann"])
    reading = Reading(kpi_settings(store.settings), store.settings.timezone, today)
    team = goal_service.create(session=db, viewer=lee, reading=reading, goal_in=GoalCreate(
        level=Level.TEAM, team_id=org.teams["A1"], title="Resolve more first time"))  # fmt: skip
    goal_service.create(session=db, viewer=ann, reading=reading, goal_in=GoalCreate(
        level=Level.PERSONAL, agent_id=org.agents["ann"], kind=GoalKind.BEHAVIOUR,
        title="Complaints", parent_id=team.goal.id,
        behaviour="summarise the next steps at the end of every complaint call",
        evidence="QA question 7 on five sampled calls a week",
        deadline=today + timedelta(days=90), review_dates=[today + timedelta(days=30)]))  # fmt: skip
    feedback_service.give_feedback(session=db, viewer=lee, feedback_in=FeedbackCreate(
        agent_id=org.agents["ann"], model=Model.SBI, tone=Tone.POSITIVE,
        situation="The refund call", behaviour="You read the account number back",
        impact="No second call", event="Side by side"))  # fmt: skip
    coaching_service.record_session(session=db, viewer=lee, session_in=CoachingSessionCreate(
        agent_id=org.agents["ann"], held_at=datetime.now(UTC) - timedelta(hours=1), kpi="aht",
        goal="Shorter holds", way_forward="Use the shortcuts",
        actions=[ActionAgreed(title="Practise the shortcuts", due_on=today + timedelta(days=7))]))  # fmt: skip
    action_service.create_action(session=db, viewer=ann, action_in=ActionCreate(
        title="Call back Mrs Jones", due_on=today, important=True))  # fmt: skip
    reflection_service.create(session=db, viewer=ann, reflection_in=ReflectionCreate(
        situation="A complaint", task="Calm it", action="Listened", result="Resolved"))  # fmt: skip
    wellbeing_service.record_check_in(session=db, viewer=ann,
                                      check_in_in=CheckInCreate(mood=4, workload=3))  # fmt: skip
    improvement_service.create(session=db, viewer=lee, improvement_in=ImprovementCreate(
        title="Call-back script", change="Offer a call-back when the queue is long", kpi="aht",
        team_id=org.teams["A1"], agent_ids=[org.agents["ann"]], started_on=today))  # fmt: skip


@pytest.fixture(scope="module")
def served(store: Store) -> Iterator[str]:
    with sessionmaker(store.engine, expire_on_commit=False)() as db:
        _seed(db, store)
        db.commit()
    with serving(create_app(store.settings, password_hasher=CHEAP)) as base:
        yield base


@pytest.fixture(scope="module")
def pages(served: str, store: Store) -> Iterator[dict[str, Page]]:
    """Each page to check, signed in as whoever it is for, in a context of their own."""
    ann_path = f"/team-development/agents/{store.org.agents['ann']}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium()))
        found: dict[str, Page] = {}
        for user, path in [("ann", "/my-development"), ("lee", "/team-development"),
                           ("lee", ann_path), ("lee", f"{ann_path}/one-to-one")]:  # fmt: skip
            page = browser.new_context(viewport=DESKTOP).new_page()
            sign_in_through_form(page, served, user, PASSWORD)
            page.goto(served + path)
            found[path] = page
        for user, path, key in [("lee", "/team-development/improvements", "improvements"),
                                ("ann", "/team-development/alignment", "alignment")]:  # fmt: skip
            page = browser.new_context(viewport=DESKTOP).new_page()
            sign_in_through_form(page, served, user, PASSWORD)
            page.goto(served + path)
            found[key] = page
        one = browser.new_context(viewport=DESKTOP).new_page()
        sign_in_through_form(one, served, "lee", PASSWORD)
        one.goto(served + "/team-development/improvements")
        one.get_by_role("link", name="Call-back script").click()
        found["an improvement"] = one
        plan = browser.new_context(viewport=DESKTOP).new_page()
        sign_in_through_form(plan, served, "lee", PASSWORD)
        plan.goto(served + "/team-development/improvements")
        plan.locator("#plan-title").fill("Knowledge base")
        plan.locator("#plan-before_days").fill("3")
        plan.get_by_role("button", name="Plan the improvement").click()
        expect(plan.locator(".error-summary")).to_be_visible()
        found["a refused plan"] = plan
        refused = browser.new_context(viewport=DESKTOP).new_page()
        sign_in_through_form(refused, served, "ann", PASSWORD)
        refused.goto(served + "/my-development")
        refused.locator("#goal-title").fill("Complaints")
        refused.locator("#goal-kind-behaviour").check()
        refused.locator("#goal-behaviour").fill(VAGUE)
        refused.get_by_role("button", name="Save goal").click()
        expect(refused.locator(".error-summary")).to_be_visible()
        found["a refused goal"] = refused
        yield found
        browser.close()


@pytest.mark.parametrize("which", ["/my-development", "/team-development", "agent",
                                   "one-to-one", "a refused goal", "improvements",
                                   "an improvement", "a refused plan", "alignment"])  # fmt: skip
def test_the_development_page_meets_wcag_22_aa_on_a_desktop_and_at_320_pixels(
    pages: dict[str, Page], which: str
) -> None:
    key = next(k for k in pages if k == which or (which == "agent" and k[-1].isdigit())
               or (which == "one-to-one" and k.endswith("one-to-one")))  # fmt: skip
    page = pages[key]
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
