"""Giving, checking, reading and acknowledging feedback, on both databases.

The organisation is described in ``tests/feedback/support.py``; the clock stands at ``NOW``,
two days after its contacts.
"""

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from switchboard.access.policy import Kind
from switchboard.audit.models import AuditAction, AuditEntry
from switchboard.domain.performance.feedback import Model, Source, Tone
from switchboard.feedback import service as feedback_service
from switchboard.feedback.models import Feedback
from switchboard.feedback.repository import FeedbackFilter
from switchboard.feedback.schemas import FeedbackAcknowledge, FeedbackCreate
from switchboard.kit.errors import FieldError, ForbiddenError, NotFoundError
from tests.access.conftest import T0, Organisation
from tests.access.test_matrix import EXPECTED
from tests.feedback.support import DEVELOPMENT_VIEWERS, NOW, viewer

pytestmark = pytest.mark.usefixtures("frozen_clock")


def sbi(agent_id: int, **changes: Any) -> FeedbackCreate:
    """Balanced SBI feedback: nothing in it should draw a warning but ``not_observed``."""
    fields: dict[str, Any] = {
        "agent_id": agent_id, "model": Model.SBI, "tone": Tone.POSITIVE,
        "situation": "The billing call this morning",
        "behaviour": "You summarised the refund and checked the customer understood it",
        "impact": "The customer said it was the clearest answer she'd had",
        "event": "Listening in on the floor",
    }  # fmt: skip
    return FeedbackCreate.model_validate(fields | changes)


def give(db: Session, org: Organisation, giver: str, feedback_in: FeedbackCreate) -> Any:
    found = feedback_service.give_feedback(
        session=db, viewer=viewer(db, org, giver), feedback_in=feedback_in
    )
    db.commit()
    return found


def codes(found: Any) -> list[str]:
    return [f.code.value for f in found.findings]


def test_it_records_sbi_feedback_dated_by_the_contact_it_links(
    db: Session, org: Organisation
) -> None:
    ann, contact = org.agents["ann"], org.interactions["ann"]
    found = give(db, org, "lee", sbi(ann, event="", interaction_ids=[contact]))
    assert (found.source, found.giver_user_id, found.agent_id) == (
        Source.TEAM_LEADER, org.users["lee"].id, ann,
    )  # fmt: skip
    # ann is the first agent of the organisation, so her contact arrived at T0 exactly.
    assert (found.observed_at, found.given_at) == (T0, NOW)
    assert (found.interaction_ids, found.findings) == ([contact], [])
    stored = db.get_one(Feedback, found.id)
    assert (stored.behaviour, stored.private, stored.acknowledged_at) == (
        sbi(ann).behaviour, False, None,
    )  # fmt: skip


def test_it_audits_giving_by_ids_only(db: Session, org: Organisation) -> None:
    found = give(db, org, "lee", sbi(org.agents["ann"]))
    entry = db.scalars(
        select(AuditEntry).where(AuditEntry.action == AuditAction.PEOPLE_CHANGE.value)
    ).one()
    assert (entry.actor_user_id, entry.object_type, entry.object_id) == (
        org.users["lee"].id, "feedback", str(found.id),
    )  # fmt: skip
    assert entry.details == {"change": "feedback_given", "agent_id": org.agents["ann"],
                             "source": "team_leader", "private": False}  # fmt: skip


def test_it_refuses_feedback_missing_a_part_of_its_model_and_keeps_nothing(
    db: Session, org: Organisation
) -> None:
    with pytest.raises(FieldError) as refused:
        give(db, org, "lee", sbi(org.agents["ann"], impact="  ", behaviour=""))
    problems = refused.value.problems
    assert {p.field for p in problems if p.code == "missing_part"} == {"behaviour", "impact"}
    assert "SBI feedback needs the behaviour and the impact" in problems[0].message
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Feedback)) == 0


def test_it_refuses_boost_feedback_with_neither_what_went_well_nor_even_better(
    db: Session, org: Organisation
) -> None:
    draft = sbi(org.agents["ann"], model=Model.BOOST, situation="", impact="")
    with pytest.raises(FieldError) as refused:
        give(db, org, "lee", draft)
    assert {p.field for p in refused.value.problems} == {"went_well", "even_better"}


def test_it_warns_about_boost_feedback_with_no_balancing_positive(
    db: Session, org: Organisation
) -> None:
    draft = sbi(org.agents["ann"], model=Model.BOOST, tone=Tone.DEVELOPMENTAL,
                even_better="Offer the callback before the customer has to ask for it")  # fmt: skip
    found = give(db, org, "lee", draft)
    assert codes(found) == ["unbalanced"]
    assert db.get(Feedback, found.id) is not None  # a warning never refuses


def test_it_warns_about_personal_criticism_and_names_the_words(
    db: Session, org: Organisation
) -> None:
    draft = sbi(org.agents["ann"], tone=Tone.DEVELOPMENTAL, went_well="Your greeting was warm",
                behaviour="You were rude and never check the notes")  # fmt: skip
    found = give(db, org, "lee", draft)
    assert codes(found) == ["personal"]
    assert found.findings[0].words == ["rude", "never"]


def test_it_warns_about_feedback_tied_to_nothing_and_too_old(
    db: Session, org: Organisation
) -> None:
    draft = sbi(org.agents["ann"], event="", observed_at=NOW - timedelta(days=20))
    found = give(db, org, "lee", draft)
    assert codes(found) == ["not_observed", "stale"]
    assert "20 days before it is given" in found.findings[1].message


def test_it_is_timely_at_exactly_the_age_limit(db: Session, org: Organisation) -> None:
    found = give(db, org, "lee", sbi(org.agents["ann"], observed_at=NOW - timedelta(days=14)))
    assert codes(found) == []


@pytest.mark.parametrize(
    ("giver", "agent", "source"),
    [("ann", "ann", Source.SELF), ("lee", "ann", Source.TEAM_LEADER),
     ("meg", "ann", Source.TEAM_LEADER), ("ari", "nat", Source.TEAM_LEADER),
     ("amy", "ada", Source.PEER), ("ted", "amy", Source.PEER), ("ann", "abe", Source.PEER)],
)  # fmt: skip
def test_it_names_the_source_by_who_the_giver_is_to_the_agent(
    db: Session, org: Organisation, giver: str, agent: str, source: Source
) -> None:
    assert give(db, org, giver, sbi(org.agents[agent])).source is source


@pytest.mark.parametrize(
    ("giver", "agent"),
    [("ann", "amy"), ("lee", "amy"), ("lyn", "bob"), ("meg", "bob"), ("zed", "ann"),
     ("noel", "ann"), ("ann", "nat"), ("bob", "nat")],
)  # fmt: skip
def test_it_answers_not_found_to_feedback_for_an_agent_out_of_reach(
    db: Session, org: Organisation, giver: str, agent: str
) -> None:
    with pytest.raises(NotFoundError):
        give(db, org, giver, sbi(org.agents[agent]))


def test_it_answers_not_found_for_an_agent_that_does_not_exist(
    db: Session, org: Organisation
) -> None:
    with pytest.raises(NotFoundError):
        give(db, org, "ari", sbi(max(org.agents.values()) + 1))


@pytest.mark.parametrize("giver", ["quinn", "pat", "cal"])
def test_it_forbids_feedback_from_a_role_with_no_development_reach(
    db: Session, org: Organisation, giver: str
) -> None:
    with pytest.raises(ForbiddenError):
        give(db, org, giver, sbi(org.agents["ann"]))


def test_it_lets_a_peer_link_only_contacts_they_may_see_their_own(
    db: Session, org: Organisation
) -> None:
    """ann (a peer) links the call she handled herself; she may not link abe's by its id: the
    answer would tell her when a contact she cannot see arrived. lee, abe's team leader, may."""
    abe = org.agents["abe"]
    found = give(db, org, "ann", sbi(abe, interaction_ids=[org.interactions["ann"]]))
    assert (found.interaction_ids, found.observed_at) == ([org.interactions["ann"]], T0)
    missing = max(org.interactions.values()) + 1
    for other in (org.interactions["abe"], org.interactions["amy"], missing):
        with pytest.raises(FieldError) as refused:
            give(db, org, "ann", sbi(abe, interaction_ids=[other]))
        assert refused.value.problems[0].field == "interaction_ids"
        assert str(other) in refused.value.message
    found = give(db, org, "lee", sbi(abe, interaction_ids=[org.interactions["abe"]]))
    assert found.interaction_ids == [org.interactions["abe"]]


def test_it_refuses_an_observation_in_the_future(db: Session, org: Organisation) -> None:
    with pytest.raises(FieldError) as refused:
        give(db, org, "lee", sbi(org.agents["ann"], observed_at=NOW + timedelta(hours=1)))
    assert refused.value.problems[0].field == "observed_at"


def test_it_checks_a_draft_for_errors_and_warnings_and_saves_nothing(
    db: Session, org: Organisation
) -> None:
    draft = sbi(org.agents["abe"], impact="", event="", tone=Tone.DEVELOPMENTAL)
    found = feedback_service.check_feedback(
        session=db, viewer=viewer(db, org, "ann"), feedback_in=draft
    )
    assert found.source is Source.PEER
    assert [(f.code.value, f.severity.value) for f in found.findings] == [
        ("missing_part", "error"), ("not_observed", "warn"), ("unbalanced", "warn"),
    ]  # fmt: skip
    assert db.scalar(select(func.count()).select_from(Feedback)) == 0


# --- who reads what -------------------------------------------------------------------------


def _one_public_and_one_private_each(db: Session, org: Organisation) -> dict[int, tuple[str, bool]]:
    """Written straight to the store, as no single giver reaches every agent."""
    made = {}
    for name, agent_id in org.agents.items():
        for private in (False, True):
            record = Feedback(
                agent_id=agent_id, giver_user_id=None, source=Source.TEAM_LEADER,
                model=Model.SBI, tone=Tone.POSITIVE, situation="s", behaviour="b", impact="i",
                private=private, given_at=NOW,
            )  # fmt: skip
            db.add(record)
            db.flush()
            made[record.id] = (name, private)
    db.commit()
    return made


@pytest.mark.parametrize("name", DEVELOPMENT_VIEWERS)
def test_it_shows_each_viewer_the_feedback_the_policy_grants_private_by_the_private_kind(
    db: Session, org: Organisation, name: str
) -> None:
    made = _one_public_and_one_private_each(db, org)
    rows, following = feedback_service.list_feedback(
        session=db, viewer=viewer(db, org, name), where=FeedbackFilter(), limit=100, offset=0
    )
    seen = {made[row.id] for row in rows}
    assert following is None
    assert {agent for agent, private in seen if not private} == EXPECTED[name][Kind.DEVELOPMENT]
    private = {agent for agent, private in seen if private}
    assert private == EXPECTED[name][Kind.PRIVATE_DEVELOPMENT]
    for feedback_id, (agent, is_private) in made.items():
        kind = Kind.PRIVATE_DEVELOPMENT if is_private else Kind.DEVELOPMENT
        if agent in EXPECTED[name][kind]:
            continue
        with pytest.raises(NotFoundError):
            feedback_service.get_feedback(
                session=db, viewer=viewer(db, org, name), feedback_id=feedback_id
            )


def test_it_keeps_private_feedback_to_the_agent_their_team_leader_and_the_giver(
    db: Session, org: Organisation
) -> None:
    found = give(db, org, "ann", sbi(org.agents["abe"], private=True))
    readers = {
        name for name in (*DEVELOPMENT_VIEWERS, "amy", "bob") if _can_read(db, org, name, found.id)
    }
    # abe has no account: his team leader (lee) and the peer who gave it (ann) read it; the
    # managers (meg, max) and the administrator (ari) do not.
    assert readers == {"ann", "lee"}


def test_it_shows_a_peer_what_they_gave_but_no_other_feedback_on_the_colleague(
    db: Session, org: Organisation
) -> None:
    given = give(db, org, "ann", sbi(org.agents["abe"]))
    from_leader = give(db, org, "lee", sbi(org.agents["abe"]))
    rows, _ = feedback_service.list_feedback(
        session=db, viewer=viewer(db, org, "ann"), where=FeedbackFilter(org.agents["abe"]),
        limit=10, offset=0,
    )  # fmt: skip
    assert [row.id for row in rows] == [given.id]
    assert not _can_read(db, org, "ann", from_leader.id)


def _can_read(db: Session, org: Organisation, name: str, feedback_id: int) -> bool:
    try:
        feedback_service.get_feedback(
            session=db, viewer=viewer(db, org, name), feedback_id=feedback_id
        )
    except NotFoundError:
        return False
    return True


def test_it_lists_feedback_received_since_a_moment_oldest_first(
    db: Session, org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = org.agents["ann"]
    given = []
    for days in (3, 2, 1):
        monkeypatch.setattr(feedback_service, "utcnow", lambda d=days: NOW - timedelta(days=d))
        given.append(give(db, org, "lee", sbi(ann, observed_at=NOW - timedelta(days=4))).id)
    found = feedback_service.received_since(
        session=db, viewer=viewer(db, org, "lee"), agent_id=ann, since=NOW - timedelta(days=2)
    )
    assert [f.id for f in found] == given[1:]
    nobody = feedback_service.received_since(
        session=db, viewer=viewer(db, org, "lyn"), agent_id=ann, since=datetime.min.replace(
            tzinfo=NOW.tzinfo)
    )  # fmt: skip
    assert nobody == []


# --- acknowledging --------------------------------------------------------------------------


def acknowledge(
    db: Session, org: Organisation, name: str, feedback_id: int, reply: str | None
) -> Any:
    found = feedback_service.acknowledge(
        session=db, viewer=viewer(db, org, name), feedback_id=feedback_id,
        acknowledgement_in=FeedbackAcknowledge(response=reply),
    )  # fmt: skip
    db.commit()
    return found


def test_it_lets_only_the_agent_acknowledge_and_answer_their_feedback(
    db: Session, org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = give(db, org, "lee", sbi(org.agents["ann"]))
    for name in ("lee", "meg", "ari"):  # they can see it, but it is not theirs to acknowledge
        with pytest.raises(ForbiddenError):
            acknowledge(db, org, name, given.id, "Thanks")
    with pytest.raises(NotFoundError):
        acknowledge(db, org, "amy", given.id, "Thanks")
    found = acknowledge(db, org, "ann", given.id, "Thanks, I'll keep doing it")
    assert (found.acknowledged_at, found.response) == (NOW, "Thanks, I'll keep doing it")
    monkeypatch.setattr(feedback_service, "utcnow", lambda: NOW + timedelta(hours=1))
    assert acknowledge(db, org, "ann", given.id, None).response == "Thanks, I'll keep doing it"
    found = acknowledge(db, org, "ann", given.id, "Done: I use it on every call now")
    assert (found.acknowledged_at, found.response) == (NOW, "Done: I use it on every call now")


def test_it_audits_acknowledging_by_ids_only(db: Session, org: Organisation) -> None:
    given = give(db, org, "lee", sbi(org.agents["ann"]))
    acknowledge(db, org, "ann", given.id, "Thanks")
    entry = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert (entry.actor_user_id, entry.object_id) == (org.users["ann"].id, str(given.id))
    assert entry.details == {"change": "feedback_acknowledged", "agent_id": org.agents["ann"],
                             "responded": True}  # fmt: skip
