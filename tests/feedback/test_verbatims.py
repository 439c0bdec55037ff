"""Customers' survey comments become feedback on the agent who handled the contact, once."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from switchboard.audit.models import AuditEntry
from switchboard.db.engine import unit_of_work
from switchboard.domain.performance.feedback import Model, Source, Tone
from switchboard.feedback import service as feedback_service
from switchboard.feedback.models import Feedback, FeedbackInteraction
from switchboard.ingest.models import IngestBatch
from switchboard.surveys.models import SurveyKind, SurveyResponse
from tests.access.conftest import T0, Organisation
from tests.kpis import reference_centre as centre

RESPONDED = T0 + timedelta(hours=3)
# agent → (survey, score, scale max, comment): who answered what about their contact
RESPONSES = {
    "ann": (SurveyKind.CSAT, 5, 5, "Sorted it first time!"),  # top box of 1-5
    "lee": (SurveyKind.CSAT, 3, 5, "Took ages to get an answer"),  # below the top two
    "abe": (SurveyKind.CSAT, 4, 5, "Friendly enough"),  # second box: top two, not top one
    "amy": (SurveyKind.NPS, 9, 10, "Would recommend"),  # promoter
    "bob": (SurveyKind.NPS, 8, 10, "Fine"),  # passive: developmental
    "bea": (SurveyKind.CES, 7, 7, "Very easy"),  # CES: higher is better, top box
    "ted": (SurveyKind.CSAT, 5, 5, None),  # no comment: nothing to link
    "ada": (SurveyKind.CSAT, 1, 5, "   "),  # a blank comment is no comment
    "-": (SurveyKind.CSAT, 1, 5, "Nobody answered"),  # the abandoned contact: no agent
}
LINKED = {"ann", "lee", "abe", "amy", "bob", "bea"}


def _answer_surveys(db: Session, org: Organisation) -> dict[str, int]:
    batch_id = db.scalars(select(IngestBatch.id)).one()
    ids = {}
    for n, (name, (kind, score, top, comment)) in enumerate(RESPONSES.items()):
        response = SurveyResponse(
            source_system="test", source_id=f"v{n}", batch_id=batch_id,
            interaction_source_system="test", interaction_source_id=f"c{n}",
            interaction_id=org.interactions[name], kind=kind, score=score,
            scale_min=0 if kind is SurveyKind.NPS else 1, scale_max=top,
            responded_at=RESPONDED, comment=comment,
        )  # fmt: skip
        db.add(response)
        db.flush()
        ids[name] = response.id
    db.commit()
    return ids


def _feedback_by_agent(db: Session, org: Organisation) -> dict[str, Feedback]:
    names = {agent_id: name for name, agent_id in org.agents.items()}
    return {names[f.agent_id]: f for f in db.scalars(select(Feedback))}


def test_it_turns_each_comment_into_customer_feedback_on_the_agent(
    db: Session, org: Organisation
) -> None:
    responses = _answer_surveys(db, org)
    assert feedback_service.link_verbatims(session=db) == len(LINKED)
    db.commit()
    found = _feedback_by_agent(db, org)
    assert set(found) == LINKED
    ann = found["ann"]
    assert (ann.source, ann.model, ann.giver_user_id, ann.private) == (
        Source.CUSTOMER, Model.SBI, None, False,
    )  # fmt: skip
    assert (ann.situation, ann.impact, ann.behaviour) == (
        f"CSAT survey on contact {org.interactions['ann']}, score 5", "Sorted it first time!", "",
    )  # fmt: skip
    # Dated by the contact (ann's arrived at T0) and given when the customer answered.
    assert (ann.observed_at, ann.given_at, ann.survey_response_id) == (
        T0, RESPONDED, responses["ann"],
    )  # fmt: skip
    links = db.execute(select(FeedbackInteraction.interaction_id).where(
        FeedbackInteraction.feedback_id == ann.id)).scalars().all()  # fmt: skip
    assert links == [org.interactions["ann"]]


def test_it_reads_top_box_scores_as_positive_and_the_rest_as_developmental(
    db: Session, org: Organisation
) -> None:
    _answer_surveys(db, org)
    feedback_service.link_verbatims(session=db, csat_top_boxes=2)
    tones = {name: f.tone for name, f in _feedback_by_agent(db, org).items()}
    positive, developmental = Tone.POSITIVE, Tone.DEVELOPMENTAL
    assert tones == {"ann": positive, "lee": developmental, "abe": positive, "amy": positive,
                     "bob": developmental, "bea": positive}  # fmt: skip


def test_it_follows_the_centres_csat_top_boxes(db: Session, org: Organisation) -> None:
    _answer_surveys(db, org)
    feedback_service.link_verbatims(session=db, csat_top_boxes=1)
    assert _feedback_by_agent(db, org)["abe"].tone is Tone.DEVELOPMENTAL  # 4 of 5: not top one


def test_it_adds_nothing_when_run_again(db: Session, org: Organisation) -> None:
    _answer_surveys(db, org)
    feedback_service.link_verbatims(session=db)
    db.commit()
    assert feedback_service.link_verbatims(session=db) == 0
    assert db.scalar(select(func.count()).select_from(Feedback)) == len(LINKED)


def test_it_audits_each_link_as_the_systems_by_ids(db: Session, org: Organisation) -> None:
    responses = _answer_surveys(db, org)
    feedback_service.link_verbatims(session=db)
    db.commit()
    entries = db.scalars(select(AuditEntry).where(AuditEntry.object_type == "feedback")).all()
    assert {e.actor_user_id for e in entries} == {None}
    assert {(e.details or {})["survey_response_id"] for e in entries} == {
        responses[name] for name in LINKED
    }
    assert {(e.details or {})["change"] for e in entries} == {"feedback_from_survey"}


def _surveys_file(path: Path, rows: list[tuple[str, str, str, int, str]]) -> Path:
    lines = ["source_id,interaction_source_id,kind,score,responded_at,comment"]
    lines += [f'{sid},{rated},{kind},{score},{centre.DAY} 13:00:00,"{text}"'
              for sid, rated, kind, score, text in rows]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("surveys_first", [False, True])
def test_it_links_comments_at_every_import_once_whichever_file_came_first(
    engine: Engine, tmp_path: Path, surveys_first: bool
) -> None:
    """A survey may arrive before its contact: the import that brings the contact links it.
    Importing more surveys later links only theirs."""
    files = centre.write_files(tmp_path)
    first = _surveys_file(tmp_path / "first.csv", [
        ("w1", "s01", "csat", 5, "Lovely, sorted first time"),
        ("w2", "u02", "csat", 2, "Had to explain it twice"),
        ("w3", "s03", "csat", 1, "Gave up waiting"),  # abandoned: no agent to tell
    ])  # fmt: skip
    order = ("surveys", "interactions") if surveys_first else ("interactions", "surveys")
    for kind in order:
        centre.ingest_kind(engine, kind, first if kind == "surveys" else files[kind])
    centre.ingest_kind(engine, "surveys", first)  # the same file again: nothing new
    centre.ingest_kind(engine, "surveys", _surveys_file(tmp_path / "second.csv", [
        ("w4", "s10", "nps", 10, "Great"),
    ]))  # fmt: skip
    with unit_of_work(engine) as session:
        found = session.execute(
            select(SurveyResponse.source_id, Feedback.tone)
            .join(Feedback, Feedback.survey_response_id == SurveyResponse.id)
            .order_by(SurveyResponse.source_id)
        ).all()
    assert [tuple(row) for row in found] == [
        ("w1", Tone.POSITIVE), ("w2", Tone.DEVELOPMENTAL), ("w4", Tone.POSITIVE),
    ]  # fmt: skip
