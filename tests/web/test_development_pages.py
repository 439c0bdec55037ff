"""The development pages through the TestClient, on both backends: who opens which page, the
forms' round trips (a refused form shown again with 422 and its values, a saved one with its
warnings), 403 and 404 alike, CSRF, and that an agent's page names no one else.

The cast is the access tests' organisation with names no page could hold by chance
(tests/web/test_page_matrix.py): ann is an agent in A1, led by lee, who also takes contacts;
lyn leads A2; bob is at the other site.
"""

import re
from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import sessionmaker

from switchboard.access.policy import Kind
from switchboard.access.service import load_viewer
from switchboard.goals import service as goal_service
from switchboard.goals.checking import Reading
from switchboard.goals.schemas import GoalCreate
from switchboard.kpis.params import kpi_settings
from tests.access.test_matrix import EXPECTED
from tests.web.conftest import csrf_field
from tests.web.test_page_matrix import (
    AGENT_NAMES,
    NOT_FOUND,
    OK,
    REFUSED,
    Cast,
    get,
    main_part,
    named,
    signed_in,
    store,
)
from tests.web.test_page_matrix import cast as cast

__all__ = ["store"]

MY, TEAM = "/my-development", "/team-development"
HAS_OWN = {"ann", "lee", "ted"}
"""Viewers with an agent record whose role reaches their own development records."""
LEADS = {"lee", "lyn", "ted", "meg", "max", "noel", "ari"}
"""Viewers whose development reach goes beyond themselves."""
HAS_TEAM = {"lee", "lyn", "meg", "max", "ari"}
TODAY = date.today()
VAGUE = "be better at handling complaints"


def agent_page(cast: Cast, agent: str, tail: str = "") -> str:
    return f"{TEAM}/agents/{cast.org.agents[agent]}{tail}"


def post(cast: Cast, page: str, action: str, data: dict[str, object]) -> tuple[int, str]:
    token = csrf_field(cast.client.get(page).text)
    response = cast.client.post(action, data={**data, "csrf_token": token},
                                follow_redirects=False)  # fmt: skip
    return response.status_code, unescape(response.text)


def team_goal(cast: Cast) -> int:
    """A1's team goal, set by its leader, for a personal goal to serve (SMART's Relevant)."""
    with sessionmaker(cast.engine, expire_on_commit=False)() as db:
        viewer = load_viewer(session=db, user=cast.org.users["lee"])
        reading = Reading(kpi_settings(cast.client.app.state.web_context.settings),  # type: ignore[attr-defined]
                          "Europe/London", TODAY)  # fmt: skip
        goal_in = GoalCreate(
            level="team", team_id=cast.org.teams["A1"], title="Resolve more first time"
        )  # type: ignore[arg-type]
        saved = goal_service.create(session=db, viewer=viewer, goal_in=goal_in, reading=reading)
        db.commit()
        return saved.goal.id


def behaviour_goal(behaviour: str, parent_id: int | str = "") -> dict[str, object]:
    return {
        "title": "Complaints", "kind": "behaviour", "behaviour": behaviour,
        "evidence": "QA question 7 on five sampled calls a week",
        "deadline": (TODAY + timedelta(days=60)).isoformat(),
        "review_date": [(TODAY + timedelta(days=30)).isoformat()], "parent_id": str(parent_id),
    }  # fmt: skip


# --- who opens what ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_opens_each_development_page_as_the_role_allows_and_names_no_one_else(
    cast: Cast, name: str
) -> None:
    signed_in(cast, name)
    mine = get(cast, name, MY, OK if name in HAS_OWN else REFUSED)
    if name in HAS_OWN:
        assert named(mine) == {name}
    team = get(cast, name, TEAM, OK if name in LEADS else REFUSED)
    reach = EXPECTED[name][Kind.DEVELOPMENT]
    if name in LEADS:
        assert named(team) == reach - {name}
    for agent in AGENT_NAMES:
        status = REFUSED if name not in LEADS else (OK if agent in reach else NOT_FOUND)
        for tail in ("", "/one-to-one"):
            text = get(cast, name, agent_page(cast, agent, tail), status)
            if status == OK:
                assert named(text) == {agent}, (agent, tail)


def test_it_answers_alike_for_an_agent_out_of_reach_and_one_who_does_not_exist(cast: Cast) -> None:
    signed_in(cast, "lee")
    other = get(cast, "lee", agent_page(cast, "bob"), NOT_FOUND)
    missing = get(cast, "lee", f"{TEAM}/agents/{max(cast.org.agents.values()) + 1}", NOT_FOUND)
    assert main_part(other) == main_part(missing)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_links_the_development_pages_from_home_for_whom_they_serve(
    cast: Cast, name: str
) -> None:
    signed_in(cast, name)
    text = cast.client.get("/").text
    links = {path for path in (MY, TEAM) if f'href="{path}"' in text}
    # Team development is linked only when a team is in reach: ted leads none, noel has no site.
    expected = ({MY} if name in HAS_OWN else set()) | ({TEAM} if name in HAS_TEAM else set())
    assert links == expected


# --- goals ------------------------------------------------------------------------------------


def test_it_refuses_a_vague_goal_criterion_by_criterion_then_saves_a_good_one(cast: Cast) -> None:
    parent = team_goal(cast)
    signed_in(cast, "ann")
    status, text = post(cast, MY, f"{MY}/goals", behaviour_goal(VAGUE, parent))
    assert status == 422
    assert "There is a problem" in text
    assert 'href="#goal-behaviour"' in text
    assert "Specific" in text
    assert "fails" in text
    assert f">{VAGUE}</textarea>" in text  # the value typed is kept
    good = "summarise the next steps at the end of every complaint call"
    status, text = post(cast, MY, f"{MY}/goals", behaviour_goal(good, parent))
    assert status == 200, text[:2000]
    assert "Goal saved: Complaints." in text
    assert good in main_part(text)


def test_it_names_the_field_of_a_goal_the_schema_refuses(cast: Cast) -> None:
    signed_in(cast, "ann")
    status, text = post(cast, MY, f"{MY}/goals", {"title": "", "kind": "kpi", "kpi": "aht"})
    assert status == 422
    assert 'href="#goal-title"' in text


def test_a_leader_sets_a_goal_for_an_agent_and_another_team_s_agent_is_not_found(
    cast: Cast,
) -> None:
    parent = team_goal(cast)
    signed_in(cast, "lee")
    page = agent_page(cast, "ann")
    status, text = post(cast, page, f"{page}/goals", behaviour_goal(
        "greet the customer by name and summarise the next steps", parent))  # fmt: skip
    assert status == 200
    assert "Goal saved" in text
    bob = agent_page(cast, "bob")
    status, _ = post(cast, page, f"{bob}/goals", behaviour_goal("greet every caller", parent))
    assert status == NOT_FOUND


# --- feedback ---------------------------------------------------------------------------------

SBI = {"model": "sbi", "tone": "positive", "situation": "The refund call on Tuesday at 10:00",
       "behaviour": "You read back the account number before the refund",
       "impact": "The customer did not have to call again", "event": "Listened in, side by side"}  # fmt: skip


def test_it_records_sbi_feedback_refuses_a_missing_part_and_the_agent_replies(cast: Cast) -> None:
    signed_in(cast, "lee")
    page = agent_page(cast, "ann")
    status, text = post(cast, page, f"{page}/feedback", {**SBI, "impact": ""})
    assert status == 422
    assert 'href="#feedback-impact"' in text
    assert SBI["situation"] in text  # kept
    status, text = post(cast, page, f"{page}/feedback", SBI)
    assert status == 200
    assert "Feedback saved." in text
    signed_in(cast, "ann")
    mine = cast.client.get(MY).text
    assert "not yet" not in mine
    assert SBI["behaviour"] in unescape(mine)
    feedback_id = re.findall(r'id="feedback-(\d+)"', mine)[0]
    status, _ = post(cast, MY, f"{MY}/feedback/{feedback_id}/acknowledge",
                     {"response": "Thanks, I will keep doing it"})  # fmt: skip
    assert status == 303
    assert "Thanks, I will keep doing it" in unescape(cast.client.get(MY).text)


def test_an_agent_cannot_give_feedback_through_the_leader_s_form(cast: Cast) -> None:
    signed_in(cast, "ann")
    status, _ = post(cast, MY, f"{agent_page(cast, 'ann')}/feedback", SBI)
    assert status == REFUSED


# --- coaching ---------------------------------------------------------------------------------


def test_it_records_a_grow_session_and_follows_up_its_actions_at_the_next(cast: Cast) -> None:
    signed_in(cast, "lee")
    page = agent_page(cast, "ann")
    held = datetime.now(ZoneInfo("Europe/London")) - timedelta(hours=1)
    grow = {"kind": "coaching", "kpi": "aht", "held_at": f"{held:%Y-%m-%dT%H:%M}", "goal": "Shorter hold on billing calls",
            "reality": "Holds while searching the billing screen", "options": "Shortcuts",
            "way_forward": "Use the billing shortcuts this week",
            "action_title_1": "Practise the billing shortcuts", "action_owner_1": "agent",
            "action_due_1": (TODAY + timedelta(days=7)).isoformat()}  # fmt: skip
    status, text = post(cast, page, f"{page}/coaching", {**grow, "way_forward": ""})
    assert status == 422
    assert 'href="#coaching-way_forward"' in text
    status, text = post(cast, page, f"{page}/coaching", grow)
    assert status == 200
    assert "Coaching session recorded." in text
    box = text.split('name="completed_action_ids" value="', 1)[1].split('"', 1)[0]
    follow = {
        "kind": "one_to_one",
        "completed_action_ids": box,
        "held_at": grow["held_at"],
        "follow_up": "Done, and it helps",
    }
    status, text = post(cast, page, f"{page}/coaching", follow)
    assert status == 200
    assert "One-to-one recorded." in text
    assert re.search(r"Practise the billing shortcuts, due [^<]+ \(done\)", text)
    agenda = unescape(cast.client.get(f"{page}/one-to-one").text)
    assert "since the last one-to-one" in agenda
    assert "AHT" in agenda


def test_a_team_leader_cannot_coach_themselves(cast: Cast) -> None:
    signed_in(cast, "lee")
    page = agent_page(cast, "lee")
    assert "Record a coaching session" not in cast.client.get(page).text


# --- the agent's own forms --------------------------------------------------------------------


def test_an_agent_adds_an_action_and_ticks_it_off(cast: Cast) -> None:
    signed_in(cast, "ann")
    status, text = post(cast, MY, f"{MY}/actions", {"title": "", "important": "yes"})
    assert status == 422
    assert 'href="#action-title"' in text
    status, _ = post(
        cast, MY, f"{MY}/actions", {"title": "Call back Mrs Jones", "important": "yes"}
    )
    assert status == 303
    page = cast.client.get(MY).text
    assert "Call back Mrs Jones" in page
    action = page.split("/my-development/actions/", 1)[1].split("/", 1)[0]
    status, _ = post(cast, MY, f"{MY}/actions/{action}/done", {})
    assert status == 303
    assert "Call back Mrs Jones" not in cast.client.get(MY).text


def test_an_agent_keeps_a_star_log_and_every_part_is_needed(cast: Cast) -> None:
    signed_in(cast, "ann")
    entry = {"situation": "A complaint", "task": "Calm it", "action": "Listened", "result": ""}
    status, text = post(cast, MY, f"{MY}/reflections", entry)
    assert status == 422
    assert 'href="#star-result"' in text
    assert "A complaint" in text
    status, _ = post(cast, MY, f"{MY}/reflections", {**entry, "result": "Resolved first time"})
    assert status == 303
    assert "Resolved first time" in cast.client.get(MY).text


def test_an_agent_checks_in_and_writes_a_reflection(cast: Cast) -> None:
    signed_in(cast, "ann")
    status, text = post(cast, MY, f"{MY}/wellbeing", {"mood": "9", "workload": "3"})
    assert status == 422
    assert 'href="#wellbeing-mood"' in text
    status, _ = post(cast, MY, f"{MY}/wellbeing", {"mood": "4", "workload": "3"})
    assert status == 303
    assert "mood 4, workload 3" in cast.client.get(MY).text
    status, _ = post(cast, MY, f"{MY}/reflection", {"reflection": "Hold time is my focus"})
    assert status == 303
    assert "Hold time is my focus" in cast.client.get(MY).text


def test_a_form_posted_without_its_csrf_token_is_refused(cast: Cast) -> None:
    signed_in(cast, "ann")
    probe = "An action no one may add without the token"
    response = cast.client.post(f"{MY}/actions", data={"title": probe}, follow_redirects=False)
    assert response.status_code == REFUSED
    assert probe not in cast.client.get(MY).text


def test_an_agent_picks_the_self_audit_s_period_and_a_malformed_one_is_refused(cast: Cast) -> None:
    signed_in(cast, "ann")
    page = cast.client.get(f"{MY}?period=2026-11-23..2026-11-29")
    assert page.status_code == OK
    assert "Self-audit: 23 Nov to 29 Nov 2026" in page.text
    assert cast.client.get(f"{MY}?period=last-tuesday").status_code == 400
