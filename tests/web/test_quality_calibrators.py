"""The quality pages for the calibrators who are not quality editors, and the lists' pages,
through the TestClient on both backends.

A team leader taking part in a calibration session scores its contacts through the pages,
whichever team took them, and nothing else; a team leader not taking part, and an agent, get
nothing of it. The evaluation lists filter in the query and page: a calibration evaluation
never shows in them, and a list longer than a page links to the next.

The cast is the access tests' organisation (tests/web/test_page_matrix.py): lee leads team A1
(ann, lee, abe), lyn leads A2 (amy, ted, ada); bob and bea are at the other site. Each test
makes the records it reads, so the tests hold in any order and on any worker.
"""

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from switchboard.access.service import load_viewer
from switchboard.calibration import service as calibration_service
from switchboard.calibration.schemas import CalibrationSessionCreate
from switchboard.domain.quality.lifecycle import EvaluationKind
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.schemas import DisputeCreate, EvaluationCreate
from switchboard.scorecards import service as scorecard_service
from switchboard.scorecards.schemas import ScorecardCreate
from switchboard.web.quality import review_pages
from tests.access.conftest import Organisation
from tests.web.conftest import csrf_field
from tests.web.test_page_matrix import NOT_FOUND, OK, REFUSED, Cast, Store, get, signed_in, store
from tests.web.test_page_matrix import cast as cast
from tests.web.test_quality_pages import CARD, GOOD, answers, form_answers, post, scored

__all__ = ["store"]


@dataclass(frozen=True)
class Setup:
    version_id: int
    session_id: int
    """Open; lee and quinn take part; it scores bob's contact (the other site) and ada's
    (the other team at lee's site)."""
    other_session_id: int
    """Open; lyn and quinn take part; it scores the contacts of bea and nat (in no team)."""
    lee_scored: int
    """lee's submitted calibration evaluation of ada's contact."""


def _seed(engine: Engine, org: Organisation) -> Setup:
    with sessionmaker(engine, expire_on_commit=False)() as db:
        quinn = load_viewer(session=db, user=org.users["quinn"])
        version = scorecard_service.create_scorecard(session=db, viewer=quinn, scorecard_in=(
            ScorecardCreate(name=CARD["name"], definition=CARD)))  # fmt: skip
        scorecard_service.publish(session=db, viewer=quinn, version_id=version.id)
        made = [
            calibration_service.create_session(session=db, viewer=quinn, session_in=(
                CalibrationSessionCreate(
                    name=name, version_id=version.id,
                    interaction_ids=[org.interactions[a] for a in agents],
                    participant_user_ids=[org.users[p].id for p in people]))).id
            for name, agents, people in (("Cross-team", ("bob", "ada"), ("lee", "quinn")),
                                         ("Other", ("bea", "nat"), ("lyn", "quinn")))
        ]  # fmt: skip
        lee = load_viewer(session=db, user=org.users["lee"])
        draft = evaluation_service.create_evaluation(session=db, viewer=lee, evaluation_in=(
            EvaluationCreate(version_id=version.id, interaction_id=org.interactions["ada"],
                             kind=EvaluationKind.CALIBRATION, calibration_session_id=made[0],
                             answers=answers(GOOD))))  # fmt: skip
        evaluation_service.submit(session=db, viewer=lee, evaluation_id=draft.id)
        db.commit()
    return Setup(version.id, made[0], made[1], draft.id)


@pytest.fixture(scope="module")
def setup(store: Store) -> Setup:
    return _seed(store.engine, store.org)


def _evaluate(cast: Cast, agent: str, session_id: int) -> str:
    return f"/quality/evaluate/{cast.org.interactions[agent]}?session={session_id}"


def _post_status(cast: Cast, token_page: str, action: str, data: dict[str, str]) -> int:
    """The status of a form posted with a valid CSRF token, whatever the page posted to."""
    token = csrf_field(cast.client.get(token_page).text)
    response = cast.client.post(action, data={**data, "csrf_token": token},
                                follow_redirects=False)  # fmt: skip
    return response.status_code


# --- a team leader in a calibration session ---------------------------------------------------


def test_a_team_leader_taking_part_scores_a_session_contact_of_another_site(
    cast: Cast, setup: Setup
) -> None:
    session_page = f"/quality/calibration/{setup.session_id}"
    signed_in(cast, "lee")
    link = _evaluate(cast, "bob", setup.session_id)
    assert link in get(cast, "lee", session_page, OK)
    text = get(cast, "lee", link, OK)  # bob's contact, never bob's name
    assert "Score contact" in text
    status, _, location = post(cast, link, link.partition("?")[0], {
        **form_answers({"greeting": "no"}), "session": str(setup.session_id), "action": "save"})  # fmt: skip
    assert status == 303
    text = get(cast, "lee", location, OK)
    assert 'name="answer-greeting" value="no" checked' in text
    assert f'href="{session_page}"' in text
    status, _, location = post(cast, location, location, {**form_answers(GOOD), "action": "submit"})
    assert status == 303
    assert "Submitted" in get(cast, "lee", location, OK)
    assert re.search(rf"Contact {cast.org.interactions['bob']}:\s*submitted",
                     get(cast, "lee", session_page, OK))  # fmt: skip


def test_a_team_leader_not_taking_part_gets_no_session_contact_nor_score(
    cast: Cast, setup: Setup
) -> None:
    signed_in(cast, "lyn")
    home = "/quality/calibration"
    for link in (_evaluate(cast, "bob", setup.session_id), _evaluate(cast, "ada", setup.session_id),
                 _evaluate(cast, "bob", setup.other_session_id)):  # fmt: skip
        get(cast, "lyn", link, NOT_FOUND)
    bob = cast.org.interactions["bob"]
    assert _post_status(cast, home, f"/quality/evaluate/{bob}", {
        **form_answers(GOOD), "session": str(setup.session_id), "action": "save"}) == NOT_FOUND  # fmt: skip
    # Her own session widens nothing: a contact not in it stays out of her reach (the refusal
    # would show the contact again, and cannot).
    assert _post_status(cast, home, f"/quality/evaluate/{bob}", {
        **form_answers(GOOD), "session": str(setup.other_session_id), "action": "save"}) == NOT_FOUND  # fmt: skip
    get(cast, "lyn", f"/quality/evaluate/{bob}", REFUSED)  # scoring outside calibration
    evaluation = f"/quality/evaluations/{setup.lee_scored}"
    get(cast, "lyn", evaluation, NOT_FOUND)
    assert _post_status(cast, home, evaluation, form_answers(GOOD)) == NOT_FOUND


def test_an_agent_never_scores_not_even_with_a_session(cast: Cast, setup: Setup) -> None:
    signed_in(cast, "ann")
    link = _evaluate(cast, "bob", setup.session_id)
    get(cast, "ann", link, REFUSED)
    page = "/my-evaluations"
    data = {**form_answers(GOOD), "session": str(setup.session_id), "action": "save"}
    assert _post_status(cast, page, link.partition("?")[0], data) == REFUSED
    assert _post_status(cast, page, f"/quality/evaluations/{setup.lee_scored}",
                        form_answers(GOOD)) == REFUSED  # fmt: skip


# --- the lists, filtered in the query and paged -----------------------------------------------


def _links(text: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/quality/evaluations/(\d+)"', text)}


def test_the_team_list_pages_and_never_shows_a_calibration_evaluation(
    cast: Cast, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = {scored(cast.engine, cast.org, agent, GOOD, setup.version_id)
            for agent in ("ann", "abe")}  # fmt: skip
    own = scored(cast.engine, cast.org, "lee", GOOD, setup.version_id)
    monkeypatch.setattr(review_pages, "LISTED", 1)
    signed_in(cast, "lee")
    first = get(cast, "lee", "/quality/team", OK)
    assert 'href="/quality/team?page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    second = get(cast, "lee", "/quality/team?page=2", OK)
    assert 'href="/quality/team" rel="prev"' in second
    assert 'rel="next"' not in second
    pages = [_links(first), _links(second)]
    assert all(len(found) == 1 for found in pages)  # each page full: nothing dropped after
    assert pages[0] | pages[1] == made
    assert not (pages[0] | pages[1]) & {setup.lee_scored, own}
    assert setup.lee_scored not in _links(get(cast, "lee", "/my-evaluations", OK))


def test_the_disputes_list_pages_past_the_first_dispute(
    cast: Cast, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    disputed: set[int] = set()
    for agent in ("amy", "bob"):  # the only disputes of this module
        evaluation_id = scored(cast.engine, cast.org, agent, GOOD, setup.version_id)
        with sessionmaker(cast.engine)() as db:
            evaluation_service.dispute(
                session=db, viewer=load_viewer(session=db, user=cast.org.users[agent]),
                evaluation_id=evaluation_id, dispute_in=DisputeCreate(reason="I did greet them"))  # fmt: skip
            db.commit()
        disputed.add(evaluation_id)
    monkeypatch.setattr(review_pages, "LISTED", 1)
    signed_in(cast, "max")  # manages both sites
    first = get(cast, "max", "/quality/disputes", OK)
    assert 'href="/quality/disputes?page=2" rel="next"' in first
    second = get(cast, "max", "/quality/disputes?page=2", OK)
    assert 'href="/quality/disputes" rel="prev"' in second
    assert 'rel="next"' not in second
    found = [_links(first), _links(second)]
    assert all(len(page) == 1 for page in found)
    assert found[0] | found[1] == disputed
