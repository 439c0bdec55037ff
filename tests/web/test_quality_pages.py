"""The quality pages through the TestClient, on both backends: who opens which page (403 with
its audit row, 404 alike for out of reach and missing, never a name out of reach), the scorecard
builder's rows and refusals, import, the evaluation form with an auto-fail and an incomplete
submission, the dispute round trip, acknowledgement and the calibration session's blind report.

The cast is the access tests' organisation (tests/web/test_page_matrix.py), with a published
scorecard, a calibration session and submitted evaluations of ann (team A1, led by lee) and amy
(team A2, led by lyn), made through the services as quinn, the quality analyst, makes them.
"""

import re
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from switchboard.access.policy import Kind
from switchboard.access.service import load_viewer
from switchboard.calibration import service as calibration_service
from switchboard.calibration.schemas import CalibrationSessionCreate
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.schemas import AnswerIn, EvaluationCreate
from switchboard.scorecards import service as scorecard_service
from switchboard.scorecards.schemas import ScorecardCreate
from tests.access.conftest import Organisation
from tests.access.test_matrix import EXPECTED
from tests.web.conftest import csrf_field
from tests.web.test_page_matrix import (
    NOT_FOUND,
    OK,
    REFUSED,
    Cast,
    Store,
    get,
    main_part,
    signed_in,
    store,
)
from tests.web.test_page_matrix import cast as cast

__all__ = ["store"]

CARD: dict[str, Any] = {
    "name": "Voice quality", "pass_mark": 80,
    "sections": [
        {"key": "opening", "title": "Opening and ID&V", "questions": [
            {"key": "greeting", "text": "Greeted the customer with the brand greeting"},
            {"key": "idv", "text": "Completed ID&V before disclosing anything",
             "critical": "fail_all", "compliance": True, "allow_na": False},
        ]},
        {"key": "close", "title": "Resolution and close", "questions": [
            {"key": "empathy", "text": "Empathy shown", "answer_type": "scale",
             "scale_min": 1, "scale_max": 5},
            {"key": "resolved", "text": "Resolved the need", "answer_type": "choice",
             "choices": [{"label": "Resolved", "points": 2}, {"label": "Partly", "points": 1},
                         {"label": "Wrong", "points": 0, "fails": True}]},
        ]},
    ],
}  # fmt: skip
GOOD = {"greeting": "yes", "idv": "yes", "empathy": 4, "resolved": "Resolved"}
AUTO_FAIL = {"greeting": "yes", "idv": "no", "empathy": 5, "resolved": "Resolved"}


@dataclass(frozen=True)
class Quality:
    version_id: int
    scorecard_id: int
    evaluations: dict[str, int]
    """Submitted evaluation id by the name of the agent scored."""
    calibration_id: int


def answers(values: dict[str, Any]) -> dict[str, AnswerIn]:
    return {key: AnswerIn(value=value, comment=f"on {key}") for key, value in values.items()}


def scored(engine: Engine, org: Organisation, agent: str, values: dict[str, Any],
           version_id: int, *, submit: bool = True) -> int:  # fmt: skip
    with sessionmaker(engine, expire_on_commit=False)() as db:
        quinn = load_viewer(session=db, user=org.users["quinn"])
        made = evaluation_service.create_evaluation(session=db, viewer=quinn, evaluation_in=(
            EvaluationCreate(version_id=version_id, interaction_id=org.interactions[agent],
                             answers=answers(values), summary="Thanks for the call")))  # fmt: skip
        if submit:
            evaluation_service.submit(session=db, viewer=quinn, evaluation_id=made.id)
        db.commit()
        return made.id


def seed(engine: Engine, org: Organisation) -> Quality:
    with sessionmaker(engine, expire_on_commit=False)() as db:
        quinn = load_viewer(session=db, user=org.users["quinn"])
        version = scorecard_service.create_scorecard(session=db, viewer=quinn,
                                                     scorecard_in=ScorecardCreate(
                                                         name=CARD["name"], definition=CARD))  # fmt: skip
        scorecard_service.publish(session=db, viewer=quinn, version_id=version.id)
        ari = load_viewer(session=db, user=org.users["ari"])
        calibration = calibration_service.create_session(
            session=db, viewer=ari, session_in=CalibrationSessionCreate(
                name="November calibration", version_id=version.id,
                interaction_ids=[org.interactions["abe"], org.interactions["ada"]],
                participant_user_ids=[org.users["quinn"].id, org.users["ari"].id]),
        )  # fmt: skip
        db.commit()
        version_id, scorecard_id = version.id, version.scorecard_id
    evaluations = {agent: scored(engine, org, agent, GOOD, version_id) for agent in ("ann", "amy")}
    return Quality(version_id, scorecard_id, evaluations, calibration.id)


@pytest.fixture(scope="module")
def quality(store: Store) -> Quality:
    return seed(store.engine, store.org)


def post(cast: Cast, page: str, action: str, data: dict[str, Any]) -> tuple[int, str, str]:
    """The form's answer: status, text and where a redirect goes."""
    token = csrf_field(cast.client.get(page).text)
    response = cast.client.post(action, data={**data, "csrf_token": token},
                                follow_redirects=False)  # fmt: skip
    return response.status_code, unescape(response.text), response.headers.get("location", "")


# --- who opens what ---------------------------------------------------------------------------

EDITORS = {"quinn", "ari"}
ARBITRATORS = {"quinn", "meg", "max", "noel", "ari"}
CALIBRATORS = EDITORS | {"lee", "lyn", "ted"}
HAS_OWN = {"ann", "lee", "ted"}
"""Viewers of the page matrix with an agent record whose role reaches their own evaluations."""
NO_EVALUATIONS = {"pat"}


def expected_pages(name: str, quality: Quality) -> dict[str, int]:
    def only(allowed: set[str]) -> int:
        return OK if name in allowed else REFUSED

    everyone = OK if name not in NO_EVALUATIONS else REFUSED
    leads = OK if name not in NO_EVALUATIONS | {"ann", "zed"} else REFUSED
    return {
        "/quality": only(EDITORS), "/quality/scorecards/new": only(EDITORS),
        "/quality/scorecards": everyone, f"/quality/scorecard-versions/{quality.version_id}": everyone,
        "/my-evaluations": only(HAS_OWN), "/quality/team": leads,
        "/quality/disputes": only(ARBITRATORS), "/quality/calibration": only(CALIBRATORS),
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_opens_each_quality_page_as_the_role_allows_and_names_no_one_out_of_reach(
    cast: Cast, quality: Quality, name: str
) -> None:
    signed_in(cast, name)
    for path, status in expected_pages(name, quality).items():
        get(cast, name, path, status)
    reach = EXPECTED[name][Kind.EVALUATIONS]
    for agent, evaluation_id in quality.evaluations.items():
        status = REFUSED if name in NO_EVALUATIONS else OK if agent in reach else NOT_FOUND
        get(cast, name, f"/quality/evaluations/{evaluation_id}", status)


def test_an_agent_sees_only_their_own_submitted_evaluations(cast: Cast, quality: Quality) -> None:
    signed_in(cast, "ann")
    text = main_part(get(cast, "ann", "/my-evaluations", OK))
    assert f"/quality/evaluations/{quality.evaluations['ann']}" in text
    assert f"/quality/evaluations/{quality.evaluations['amy']}" not in text


def test_a_team_leader_lists_their_team_s_evaluations_and_not_another_team_s(
    cast: Cast, quality: Quality
) -> None:
    signed_in(cast, "lee")
    text = get(cast, "lee", "/quality/team", OK)
    assert f"/quality/evaluations/{quality.evaluations['ann']}" in text
    assert f"/quality/evaluations/{quality.evaluations['amy']}" not in text
    other = get(cast, "lee", f"/quality/evaluations/{quality.evaluations['amy']}", NOT_FOUND)
    missing = get(cast, "lee", "/quality/evaluations/999999", NOT_FOUND)
    assert main_part(other) == main_part(missing)


def test_an_agent_cannot_use_the_builder_nor_score(cast: Cast, quality: Quality) -> None:
    signed_in(cast, "ann")
    token = csrf_field(cast.client.get("/my-evaluations").text)
    for action in ("/quality/scorecards/new", f"/quality/evaluate/{cast.org.interactions['bob']}",
                   "/quality/scorecards/import"):  # fmt: skip
        response = cast.client.post(action, data={"csrf_token": token, "name": "Mine"})
        assert response.status_code == REFUSED, action


def test_signed_out_the_quality_pages_go_to_the_sign_in_form(cast: Cast, quality: Quality) -> None:
    for path in expected_pages("quinn", quality):
        response = cast.client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/sign-in")


# --- the builder ------------------------------------------------------------------------------

NEW = "/quality/scorecards/new"


def one_question(name: str, **question: str) -> dict[str, Any]:
    base = "sections-0-questions-0"
    return {
        "name": name, "section_count": "1", "sections-0-title": "Opening",
        "sections-0-key": "opening", "sections-0-weight": "1", "sections-0-question_count": "1",
        f"{base}-text": "Greeted the customer", f"{base}-key": "greeting",
        f"{base}-answer_type": "yes_no", f"{base}-weight": "1", f"{base}-critical": "none",
        f"{base}-allow_na": "yes", **{f"{base}-{k}": v for k, v in question.items()},
    }  # fmt: skip


def test_the_builder_adds_rows_without_script_and_keeps_what_was_typed(cast: Cast) -> None:
    signed_in(cast, "quinn")
    status, text, _ = post(cast, NEW, NEW, {**one_question("Email quality"),
                                            "action": "add_section"})  # fmt: skip
    assert status == OK
    assert 'id="sections-1-title"' in text
    assert 'value="Email quality"' in text
    status, text, _ = post(cast, NEW, NEW, {**one_question("Email quality"),
                                            "action": "add_question:0"})  # fmt: skip
    assert 'id="sections-0-questions-1-text"' in text
    assert ">Greeted the customer</textarea>" in text


def test_the_builder_shows_each_problem_beside_its_field_and_in_the_summary(cast: Cast) -> None:
    signed_in(cast, "quinn")
    data = one_question("Broken card", weight="heavy", choices="Yes = 1")
    status, text, _ = post(cast, NEW, NEW, {**data, "action": "save"})
    assert status == 422
    assert 'href="#sections-0-questions-0-weight"' in text
    assert 'id="sections-0-questions-0-weight-error"' in text
    data = one_question("Broken card", answer_type="scale", critical="fail_all",
                        scale_min="1", scale_max="5")  # fmt: skip
    status, text, _ = post(cast, NEW, NEW, {**data, "action": "save"})
    assert status == 422
    assert 'href="#sections-0-questions-0-critical"' in text
    assert "a scale has no failing answer" in text


def test_the_builder_saves_a_draft_then_publishes_it(cast: Cast) -> None:
    signed_in(cast, "quinn")
    data = one_question("Chat quality", critical="fail_all", compliance="yes")
    status, _, location = post(cast, NEW, NEW, {**data, "action": "save"})
    assert status == 303
    assert location.endswith("/edit?saved=1")
    edit = location.removesuffix("?saved=1")
    text = unescape(cast.client.get(edit).text)
    assert "Draft saved." in cast.client.get(location).text
    assert 'value="fail_all" selected' in text
    status, _, location = post(cast, edit, edit, {**data, "action": "publish"})
    assert (status, location) == (303, edit.removesuffix("/edit"))
    text = cast.client.get(location).text
    assert "Published" in text
    assert "/export?format=yaml" in text
    assert cast.client.get(edit).status_code == 409


def test_it_imports_a_pasted_scorecard_and_names_the_line_of_a_mistake(cast: Cast) -> None:
    signed_in(cast, "quinn")
    page = "/quality/scorecards"
    bad = "name: Social\nsections:\n  - key: one\n    title: One\n    questions:\n      - key: q\n        text: Q\n        weight: lots\n"
    status, text, _ = post(cast, page, f"{page}/import", {"text": bad, "publish": "yes"})
    assert status == 422
    assert "Line 8" in text
    status, _, location = post(cast, page, f"{page}/import",
                               {"text": bad.replace("lots", "2"), "publish": "yes"})  # fmt: skip
    assert status == 303
    assert "Social" in cast.client.get(location).text


# --- the evaluation form ----------------------------------------------------------------------


def form_answers(values: dict[str, Any], scorecard: int | None = None) -> dict[str, str]:
    """The answers as the form posts them, with the scorecard picked (a hidden field)."""
    chosen = {"scorecard": str(scorecard)} if scorecard else {}
    return chosen | {f"answer-{key}": str(value) for key, value in values.items()}


def test_a_critical_no_auto_fails_the_evaluation_naming_the_question(
    cast: Cast, quality: Quality
) -> None:
    signed_in(cast, "quinn")
    # Other tests publish scorecards too: the picker chooses this one.
    page = f"/quality/evaluate/{cast.org.interactions['bob']}?scorecard={quality.scorecard_id}"
    text = cast.client.get(page).text
    assert "Completed ID&amp;V before disclosing anything" in text
    status, text, _ = post(cast, page, page, {**form_answers({"greeting": "yes"}, quality.scorecard_id),
                                              "action": "submit"})  # fmt: skip
    assert status == 422
    assert 'href="#q-idv"' in text
    status, _, location = post(cast, page, page, {**form_answers(AUTO_FAIL, quality.scorecard_id),
                                                  "comment-idv": "Read the balance first",
                                                  "action": "submit"})  # fmt: skip
    assert status == 303
    text = unescape(cast.client.get(location).text)
    assert "AUTO-FAIL" in text
    assert "“Completed ID&V before disclosing anything”" in text
    assert re.search(r'id="overall-score">0\.0 out of 100', text)
    assert "Read the balance first" in text


def test_a_draft_is_saved_and_reopened_with_its_answers(cast: Cast, quality: Quality) -> None:
    signed_in(cast, "quinn")
    page = f"/quality/evaluate/{cast.org.interactions['bea']}?scorecard={quality.scorecard_id}"
    status, _, location = post(cast, page, page, {**form_answers({"greeting": "no"}, quality.scorecard_id),
                                                  "action": "save"})  # fmt: skip
    assert status == 303
    text = cast.client.get(location).text
    assert 'name="answer-greeting" value="no" checked' in text
    assert f'href="{location}"' in cast.client.get("/quality").text


# --- acknowledge, dispute, resolve ------------------------------------------------------------


def test_a_dispute_goes_round_trip_to_a_new_score_in_the_history(
    cast: Cast, quality: Quality
) -> None:
    page = f"/quality/evaluations/{quality.evaluations['ann']}"
    signed_in(cast, "ann")
    status, text, _ = post(cast, page, f"{page}/dispute", {"reason": ""})
    assert status == 422
    assert 'href="#dispute-reason"' in text
    status, _, _ = post(cast, page, f"{page}/dispute",
                        {"reason": "I did greet them", "question_keys": ["greeting"]})  # fmt: skip
    assert status == 303
    signed_in(cast, "quinn")  # the evaluator: never the arbitrator of their own evaluation
    assert "Resolve the dispute" not in cast.client.get(page).text
    assert f'href="{page}"' not in cast.client.get("/quality/disputes").text
    signed_in(cast, "meg")
    assert f'href="{page}"' in cast.client.get("/quality/disputes").text
    status, _, _ = post(cast, page, f"{page}/resolve", {
        "outcome": "upheld", "reason": "The recording has the greeting",
        **form_answers({**GOOD, "greeting": "no"}),
    })  # fmt: skip
    assert status == 303
    signed_in(cast, "ann")
    text = unescape(cast.client.get(page).text)
    assert "Upheld" in text
    assert "The recording has the greeting" in text
    assert "Dispute resolved" in text


def test_an_agent_acknowledges_with_a_reply(cast: Cast, quality: Quality) -> None:
    page = f"/quality/evaluations/{quality.evaluations['amy']}"
    signed_in(cast, "amy")
    status, _, _ = post(cast, page, f"{page}/acknowledge", {"response": "Thanks, noted"})
    assert status == 303
    text = unescape(cast.client.get(page).text)
    assert "acknowledged it" in text
    assert "Thanks, noted" in text
    assert 'action="' + page + '/dispute"' not in text


# --- calibration ------------------------------------------------------------------------------


def test_calibration_is_blind_until_a_participant_has_scored_everything(
    cast: Cast, quality: Quality
) -> None:
    page = f"/quality/calibration/{quality.calibration_id}"
    signed_in(cast, "lee")
    get(cast, "lee", page, NOT_FOUND)  # not a participant
    signed_in(cast, "quinn")
    text = unescape(cast.client.get(page).text)
    assert "calibration is blind until then" in text
    for agent in ("abe", "ada"):
        link = f"/quality/evaluate/{cast.org.interactions[agent]}?session={quality.calibration_id}"
        assert link in text
        status, _, _ = post(cast, link, link.partition("?")[0], {
            **form_answers(GOOD), "session": str(quality.calibration_id), "action": "submit"})  # fmt: skip
        assert status == 303
    text = unescape(cast.client.get(page).text)
    assert "Agreement by question" in text
    assert "Undefined: too few answers" in text  # one evaluator so far: nothing to compare
    signed_in(cast, "ari")
    assert "calibration is blind until then" in unescape(cast.client.get(page).text)
    status, _, _ = post(cast, page, f"{page}/close", {})
    assert status == 303
    assert "Agreement by question" in cast.client.get(page).text


def test_it_imports_an_uploaded_yaml_file(cast: Cast) -> None:
    signed_in(cast, "quinn")
    token = csrf_field(cast.client.get("/quality/scorecards").text)
    text = "name: Email replies\nsections:\n  - key: one\n    title: One\n    questions:\n      - key: tone\n        text: Tone fitted the customer\n"
    response = cast.client.post(
        "/quality/scorecards/import", data={"csrf_token": token},
        files={"file": ("email.yaml", text.encode(), "application/yaml")}, follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303
    assert "Tone fitted the customer" in cast.client.get(response.headers["location"]).text


def test_a_form_without_the_csrf_token_is_refused(cast: Cast, quality: Quality) -> None:
    signed_in(cast, "quinn")
    response = cast.client.post(NEW, data={**one_question("No token"), "action": "save"})
    assert response.status_code == REFUSED
