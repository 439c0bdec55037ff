"""The calibration API: opening sessions, who reads them, the blind report, closing."""

from typing import Any

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from switchboard.auth import service as auth_service
from switchboard.db.engine import unit_of_work
from switchboard.domain.quality.lifecycle import VersionStatus
from switchboard.people.models import User
from tests.access.conftest import Organisation
from tests.calibration.support import CODERS, UNITS, Known, version
from tests.sampling.support import analyst


def send(
    client: TestClient, token: str, method: str, path: str, body: Any = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"}
    return client.request(method, f"/api/v1{path}", headers=headers, json=body)


def a_session(org: Organisation, version_id: int, **changes: Any) -> dict[str, Any]:
    return {
        "name": "December calibration", "version_id": version_id,
        "interaction_ids": [org.interactions[u] for u in UNITS],
        "participant_user_ids": [org.users[c].id for c in CODERS],
    } | changes  # fmt: skip


def refused(answer: httpx.Response) -> set[str]:
    assert answer.status_code == 422, answer.text
    return {str(e["loc"][-1]) for e in answer.json()["detail"]}


def test_a_quality_editor_opens_a_session_and_reads_it_back(
    client: TestClient, db: Session, org: Organisation, tokens: dict[str, str]
) -> None:
    version_id = version(db, org)
    body = a_session(org, version_id, expert_user_id=org.users["ari"].id, notes="Tone focus")
    made = send(client, tokens["ari"], "POST", "/calibration-sessions", body)
    assert made.status_code == 201, made.text
    found = send(client, tokens["quinn"], "GET", f"/calibration-sessions/{made.json()['id']}")
    read = found.json()
    assert (read["status"], read["expected"], read["submitted"]) == ("open", 12, 0)
    assert read["facilitator_user_id"] == org.users["ari"].id
    assert read["participant_user_ids"] == sorted(body["participant_user_ids"])


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"interaction_ids": [1]}, {"interaction_ids"}),
        ({"participant_user_ids": [5, 5]}, {"participant_user_ids"}),
        ({"interaction_ids": [10**9, 10**9 + 1]}, {"interaction_ids"}),
    ],
)
def test_it_refuses_too_few_or_unknown_contacts_and_participants(
    client: TestClient, db: Session, org: Organisation, tokens: dict[str, str],
    change: dict[str, Any], fields: set[str],
) -> None:  # fmt: skip
    answer = send(client, tokens["quinn"], "POST", "/calibration-sessions",
                  a_session(org, version(db, org)) | change)  # fmt: skip
    assert refused(answer) == fields


def test_it_refuses_a_draft_version_an_agent_participant_and_an_outside_expert(
    client: TestClient, db: Session, org: Organisation, tokens: dict[str, str]
) -> None:
    draft = version(db, org, VersionStatus.DRAFT)
    body = a_session(org, draft, participant_user_ids=[org.users["quinn"].id, org.users["ann"].id],
                     expert_user_id=org.users["ari"].id)  # fmt: skip
    answer = send(client, tokens["quinn"], "POST", "/calibration-sessions", body)
    assert refused(answer) == {"version_id", "participant_user_ids", "expert_user_id"}


def test_a_participant_never_scores_a_contact_they_handled(
    client: TestClient, db: Session, org: Organisation, tokens: dict[str, str]
) -> None:
    body = a_session(org, version(db, org),
                     participant_user_ids=[org.users["quinn"].id, org.users["lee"].id],
                     interaction_ids=[org.interactions["lee"], org.interactions["ann"]])  # fmt: skip
    answer = send(client, tokens["quinn"], "POST", "/calibration-sessions", body)
    assert refused(answer) == {"participant_user_ids"}
    assert "handled one of the contacts" in answer.text


def test_only_quality_editors_open_sessions(
    client: TestClient, db: Session, org: Organisation, tokens: dict[str, str]
) -> None:
    body = a_session(org, version(db, org))
    for name in ("lyn", "ann", "cal", "meg"):
        assert send(client, tokens[name], "POST", "/calibration-sessions", body).status_code == 403


def test_team_leaders_see_only_their_own_sessions_and_others_none(
    client: TestClient, known: Known, tokens: dict[str, str]
) -> None:
    path = f"/calibration-sessions/{known.session_id}"

    def ids(name: str) -> list[int]:
        items = send(client, tokens[name], "GET", "/calibration-sessions").json()["items"]
        return [item["id"] for item in items]

    assert ids("lyn") == ids("quinn") == [known.session_id]
    assert ids("lee") == []
    assert send(client, tokens["lee"], "GET", path).status_code == 404
    for name in ("ann", "cal", "meg", "pat"):
        assert send(client, tokens[name], "GET", "/calibration-sessions").status_code == 403
        assert send(client, tokens[name], "GET", path).status_code == 403


def test_the_report_stays_blind_to_a_participant_until_they_have_submitted_all(
    client: TestClient, known: Known, tokens: dict[str, str]
) -> None:
    report = f"/calibration-sessions/{known.session_id}/report"
    assert send(client, tokens["lyn"], "GET", report).status_code == 403  # 3 of 4 submitted
    assert send(client, tokens["quinn"], "GET", report).status_code == 200  # all 4
    assert send(client, tokens["cal"], "GET", report).status_code == 403
    assert send(client, tokens["lee"], "GET", report).status_code == 404
    assert send(client, tokens["lyn"], "POST", f"/calibration-sessions/{known.session_id}/close"
                ).status_code == 403  # fmt: skip
    closed = send(
        client, tokens["quinn"], "POST", f"/calibration-sessions/{known.session_id}/close"
    )
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"]
    body = send(client, tokens["lyn"], "GET", report).json()
    assert body["evaluations"]["submitted"] == 11
    assert len(body["questions"]) == 5
    again = send(client, tokens["quinn"], "POST", f"/calibration-sessions/{known.session_id}/close")
    assert again.status_code == 409


def test_a_quality_editor_outside_the_session_reads_the_report_at_any_time(
    client: TestClient, db: Session, known: Known, engine: Engine
) -> None:
    qia = analyst(db, "qia")
    with unit_of_work(engine) as session:
        token = auth_service.create_api_token(
            session=session, user=session.get_one(User, qia.id), name="tests"
        ).token
    answer = send(client, token, "GET", f"/calibration-sessions/{known.session_id}/report")
    assert answer.status_code == 200
