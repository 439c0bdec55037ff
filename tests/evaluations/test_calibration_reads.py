"""What a calibration participant reads, and the list's filters that the pages page with; on
both databases.

A team leader taking part in a calibration session reads that session's contacts whichever
team took them, and no other contact beyond their reach; the list filters by session, by a
set of statuses and leaving out an agent or an evaluator, in the query, so a page is full.
"""

import pytest
from sqlalchemy.orm import Session

from switchboard.calibration.models import (
    CalibrationInteraction,
    CalibrationParticipant,
    CalibrationSession,
)
from switchboard.domain.quality.lifecycle import SCORED, EvaluationKind, Status
from switchboard.evaluations import service as evaluation_service
from switchboard.evaluations.repository import EvaluationFilter
from switchboard.kit.errors import NotFoundError
from tests.access.conftest import Organisation
from tests.evaluations.support import ALL_GOOD, answers_in, create, submitted, viewer


def session_of(db: Session, org: Organisation, version_id: int, contacts: tuple[str, ...],
               people: tuple[str, ...]) -> int:  # fmt: skip
    """An open session scoring the named agents' contacts, with ``people`` taking part."""
    found = CalibrationSession(name="Cross-team", version_id=version_id,
                               facilitator_user_id=org.users["quinn"].id)  # fmt: skip
    db.add(found)
    db.flush()
    db.add_all(CalibrationInteraction(session_id=found.id, interaction_id=org.interactions[a])
               for a in contacts)  # fmt: skip
    db.add_all(CalibrationParticipant(session_id=found.id, user_id=org.users[p].id)
               for p in people)  # fmt: skip
    db.commit()
    return found.id


def context(db: Session, org: Organisation, who: str, agent: str, session_id: int | None) -> int:
    found = evaluation_service.contact_context(
        session=db, viewer=viewer(db, org, who), interaction_id=org.interactions[agent],
        calibration_session_id=session_id,
    )  # fmt: skip
    return found.id


def test_a_participant_reads_the_session_s_contacts_from_any_team(
    db: Session, org: Organisation, version: int
) -> None:
    session_id = session_of(db, org, version, ("bob", "ada"), ("lee", "quinn"))
    for agent in ("bob", "ada"):
        assert context(db, org, "lee", agent, session_id) == org.interactions[agent]
    assert context(db, org, "lee", "ann", session_id) == org.interactions["ann"]  # own team


@pytest.mark.parametrize(
    ("who", "agent", "in_session"),
    [
        ("lee", "bob", False),  # no session given: his reach only
        ("lee", "bea", True),  # a contact the session does not score
        ("lyn", "bob", True),  # not taking part
    ],
)
def test_a_session_widens_nothing_else(
    db: Session, org: Organisation, version: int, who: str, agent: str, in_session: bool
) -> None:
    session_id = session_of(db, org, version, ("bob", "ada"), ("lee", "quinn"))
    with pytest.raises(NotFoundError):
        context(db, org, who, agent, session_id if in_session else None)


def test_an_agent_in_a_session_s_participants_by_error_reads_nothing_of_it(
    db: Session, org: Organisation, version: int
) -> None:
    """Participants are checked to be calibrators when the session opens; a role may change."""
    session_id = session_of(db, org, version, ("bob", "ada"), ("ann", "quinn"))
    with pytest.raises(NotFoundError):
        context(db, org, "ann", "bob", session_id)


def listed(db: Session, org: Organisation, who: str, where: EvaluationFilter) -> set[int]:
    rows, _ = evaluation_service.list_evaluations(
        session=db, viewer=viewer(db, org, who), where=where, limit=50, offset=0
    )
    return {row.id for row in rows}


def test_the_list_filters_by_session_status_set_and_left_out_people(
    db: Session, org: Organisation, version: int
) -> None:
    first = session_of(db, org, version, ("bob", "ada"), ("lee", "quinn"))
    second = session_of(db, org, version, ("bob", "bea"), ("lee", "quinn"))
    calibration = {
        session_id: submitted(db, org, version, ALL_GOOD, "bob", "lee",
                              kind="calibration", calibration_session_id=session_id).id
        for session_id in (first, second)
    }  # fmt: skip
    draft = create(db, org, version, "abe", answers=answers_in({"greet": "yes"})).id
    done = {agent: submitted(db, org, version, ALL_GOOD, agent).id for agent in ("ann", "lee")}
    kind = EvaluationKind.CALIBRATION
    mine = EvaluationFilter(evaluator_user_id=org.users["lee"].id, kind=kind)
    assert listed(db, org, "lee", mine) == set(calibration.values())
    for session_id, evaluation_id in calibration.items():
        where = EvaluationFilter(kind=kind, calibration_session_id=session_id)
        assert listed(db, org, "lee", where) == {evaluation_id}
    team = EvaluationFilter(kind=EvaluationKind.REGULAR, statuses=SCORED,
                            not_agent_id=org.agents["lee"])  # fmt: skip
    assert listed(db, org, "quinn", team) == {done["ann"]}  # no draft, not lee's own
    assert listed(db, org, "quinn", EvaluationFilter(statuses=frozenset({Status.DRAFT}))) == {draft}
    others = EvaluationFilter(not_evaluator_user_id=org.users["quinn"].id)
    assert listed(db, org, "quinn", others) == set()  # lee's are in open sessions: blind
    everything = listed(db, org, "lee", EvaluationFilter())
    assert everything == set(calibration.values()) | set(done.values())
    assert listed(db, org, "lee", others) == set(calibration.values())
